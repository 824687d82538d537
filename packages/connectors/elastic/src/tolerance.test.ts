import { readFileSync } from 'node:fs';
import { describeNormalizerTolerance } from '@openmdr/connector-kit/testing';
import { describe } from 'vitest';
import { normalizeElasticAlert, normalizeElasticDocument } from './index.js';

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), 'utf8'),
  ) as unknown[];

describe('Elastic normalisers tolerate real-world deviations', () => {
  describeNormalizerTolerance('alerts', fixture('alerts'), (record) =>
    normalizeElasticAlert(record, { kibanaUrl: 'https://kibana.example/s/soc' }),
  );
  describeNormalizerTolerance('documents', fixture('documents'), (record) =>
    normalizeElasticDocument(record),
  );
});
