import { readFileSync } from 'node:fs';
import { registerSimulator } from '@openmdr/connector-kit/simulator';
import {
  describeConnectorConformance,
  type SimulatorRecord,
  type VendorSimulator,
} from '@openmdr/connector-kit/testing';
import { mispConnector } from './index.js';
import { MISP_AUTH_KEY, MISP_SIM_PATHS, mispSimulatorOptions } from './simulator/routes.js';

const LOOKBACK_MS = 5 * 60_000;
const secrets = { 'misp.auth_key': MISP_AUTH_KEY };
// the dataset's time field is the simulator-only `changed_at`, served as `timestamp` seconds
const attributes = (
  JSON.parse(
    readFileSync(new URL('./__fixtures__/attributes.json', import.meta.url), 'utf8'),
  ) as SimulatorRecord[]
).map((attribute) => ({
  ...attribute,
  changed_at: new Date(Number(attribute['timestamp']) * 1000).toISOString(),
}));
const [template] = attributes;

function config(simulator: VendorSimulator) {
  registerSimulator(simulator);
  return {
    url: simulator.url,
    startAt: '2025-01-01T00:00:00Z',
    lookbackMs: LOOKBACK_MS,
    pageSize: 3,
    toIdsOnly: false,
  };
}

describeConnectorConformance({
  name: 'misp attributes',
  create: () => mispConnector,
  simulator: () => mispSimulatorOptions({ attributes }),
  config,
  secrets,
  badConfigs: (simulator) => [
    {
      name: 'wrong automation key',
      config: config(simulator),
      secrets: { 'misp.auth_key': 'sim-wrong-misp-key-value-42' },
      code: 'CONNECTOR_AUTH',
    },
    { name: 'no URL', config: { pageSize: 3 }, code: 'CONNECTOR_CONFIG' },
    {
      name: 'page size 0',
      config: { ...config(simulator), pageSize: 0 },
      code: 'CONNECTOR_CONFIG',
    },
  ],
  streams: {
    attributes: {
      dataset: {
        path: MISP_SIM_PATHS.attributes,
        idField: 'uuid',
        timeField: 'changed_at',
        lookbackMs: LOOKBACK_MS,
        // whole seconds, as MISP keeps them
        record: (uuid, time) => ({
          ...template,
          uuid,
          changed_at: new Date(Math.floor(time / 1000) * 1000).toISOString(),
        }),
      },
      classUids: [5021],
    },
  },
  actions: [],
  capabilities: { tokenRefresh: false },
});
