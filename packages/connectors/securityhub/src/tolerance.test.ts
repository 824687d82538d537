import { readFileSync } from 'node:fs';
import { describeNormalizerTolerance } from '@openmdr/connector-kit/testing';
import { describe } from 'vitest';
import { normalizeAsffFinding } from './index.js';

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), 'utf8'),
  ) as unknown[];

describe('AWS Security Hub ASFF normaliser tolerates real-world deviations', () => {
  for (const name of ['compliance-findings', 'vulnerability-findings', 'detection-findings'])
    describeNormalizerTolerance(name, fixture(name), (record) => normalizeAsffFinding(record));
});
