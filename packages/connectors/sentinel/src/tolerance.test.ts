import { readFileSync } from 'node:fs';
import { describeNormalizerTolerance } from '@openmdr/connector-kit/testing';
import { describe } from 'vitest';
import {
  normalizeSentinelAlert,
  normalizeSentinelIncident,
  normalizeSentinelQueryRow,
} from './index.js';

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), 'utf8'),
  ) as unknown[];

describe('Sentinel normalisers tolerate real-world deviations', () => {
  describeNormalizerTolerance('incidents', fixture('incidents'), (record) =>
    normalizeSentinelIncident(record),
  );
  describeNormalizerTolerance('security-alerts', fixture('security-alerts'), (record) =>
    normalizeSentinelAlert(record),
  );
  describeNormalizerTolerance('query-rows', fixture('query-rows'), (record) =>
    normalizeSentinelQueryRow(record),
  );
});
