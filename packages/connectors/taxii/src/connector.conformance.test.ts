import { readFileSync } from 'node:fs';
import { registerSimulator } from '@openmdr/connector-kit/simulator';
import {
  describeConnectorConformance,
  type SimulatorRecord,
  type VendorSimulator,
} from '@openmdr/connector-kit/testing';
import { taxiiConnector } from './index.js';
import {
  TAXII_PASSWORD,
  TAXII_PATHS,
  TAXII_USERNAME,
  taxiiSimulatorOptions,
} from './simulator/routes.js';

const LOOKBACK_MS = 5 * 60_000;
const secrets = { 'taxii.password': TAXII_PASSWORD };
const objects = JSON.parse(
  readFileSync(new URL('./__fixtures__/objects.json', import.meta.url), 'utf8'),
) as SimulatorRecord[];
const template = objects.find((object) => object['type'] === 'indicator') as SimulatorRecord;

function config(simulator: VendorSimulator) {
  registerSimulator(simulator);
  return {
    discoveryUrl: `${simulator.url}${TAXII_PATHS.discovery}`,
    auth: { type: 'basic', username: TAXII_USERNAME },
    startAt: '2025-01-01T00:00:00Z',
    lookbackMs: LOOKBACK_MS,
    pageSize: 3,
  };
}

describeConnectorConformance({
  name: 'taxii objects',
  create: () => taxiiConnector,
  simulator: () =>
    taxiiSimulatorOptions({ collections: { indicators: { title: 'Indicators', objects } } }),
  config,
  secrets,
  badConfigs: (simulator) => [
    {
      name: 'wrong password',
      config: config(simulator),
      secrets: { 'taxii.password': 'sim-wrong-password-value-42' },
      code: 'CONNECTOR_AUTH',
    },
    {
      name: 'no discovery URL',
      config: { ...config(simulator), discoveryUrl: undefined },
      code: 'CONNECTOR_CONFIG',
    },
    {
      name: 'unknown auth type',
      config: { ...config(simulator), auth: { type: 'oauth' } },
      code: 'CONNECTOR_CONFIG',
    },
  ],
  streams: {
    objects: {
      dataset: {
        path: TAXII_PATHS.objects('indicators'),
        idField: 'id',
        timeField: 'date_added',
        lookbackMs: LOOKBACK_MS,
        record: (id, time) => ({
          ...template,
          id,
          created: new Date(time).toISOString(),
          modified: new Date(time).toISOString(),
          date_added: new Date(time).toISOString(),
        }),
      },
      classUids: [5021],
    },
  },
  actions: [],
  capabilities: { tokenRefresh: false },
});
