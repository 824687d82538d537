import { readFileSync } from 'node:fs';
import { describeNormalizerTolerance } from '@openmdr/connector-kit/testing';
import { describe } from 'vitest';
import { normalizeCloudTrail } from './index.js';

const fixtures = new URL('./__fixtures__/', import.meta.url);
const FAMILIES = ['management-events', 'signin-events', 'data-events', 'insights-events'];

describe('AWS CloudTrail normaliser tolerance', () => {
  for (const family of FAMILIES) {
    const records = JSON.parse(
      readFileSync(new URL(`${family}.json`, fixtures), 'utf8'),
    ) as unknown[];
    describeNormalizerTolerance(family, records, (record) => normalizeCloudTrail(record));
  }
});
