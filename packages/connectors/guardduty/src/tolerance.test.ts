import { readFileSync } from 'node:fs';
import { describeNormalizerTolerance } from '@openmdr/connector-kit/testing';
import { describe } from 'vitest';
import { normalizeGuardDutyFinding } from './index.js';

const findings = JSON.parse(
  readFileSync(new URL('./__fixtures__/findings.json', import.meta.url), 'utf8'),
) as unknown[];

describe('GuardDuty normaliser tolerates real-world deviations', () => {
  describeNormalizerTolerance('findings', findings, (record) => normalizeGuardDutyFinding(record), {
    maxDepth: 4,
    maxVariantsPerRecord: 250,
  });
});
