import { readFileSync } from 'node:fs';
import { describeNormalizerTolerance } from '@openmdr/connector-kit/testing';
import { describe } from 'vitest';
import { normalizeSplunkNotable, normalizeSplunkSearchResult } from './index.js';

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), 'utf8'),
  ) as unknown[];

describe('Splunk normalisers tolerate real-world deviations', () => {
  describeNormalizerTolerance('notables', fixture('notables'), (record) =>
    normalizeSplunkNotable(record, { webUrl: 'https://es.example.com:8000' }),
  );
  describeNormalizerTolerance('search-results', fixture('search-results'), (record) =>
    normalizeSplunkSearchResult(record),
  );
});
