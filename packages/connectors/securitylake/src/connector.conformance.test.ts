import { readFileSync } from 'node:fs';
import {
  describeConnectorConformance,
  type SimulatorRecord,
  type VendorSimulator,
} from '@openmdr/connector-kit/testing';
import { securitylakeConnector } from './index.js';
import {
  SECURITYLAKE_CLIENT_ID,
  SECURITYLAKE_CLIENT_SECRET,
  SECURITYLAKE_PATHS,
  securitylakeSimulatorOptions,
} from './simulator/routes.js';

const LOOKBACK_MS = 5 * 60_000;
const secrets = { 'securitylake.client_secret': SECURITYLAKE_CLIENT_SECRET };
const alerts = JSON.parse(
  readFileSync(new URL('./__fixtures__/alerts.json', import.meta.url), 'utf8'),
) as SimulatorRecord[];
const [template] = alerts;

function config(simulator: VendorSimulator) {
  return {
    region: 'us-gov',
    baseUrl: simulator.url,
    clientId: SECURITYLAKE_CLIENT_ID,
    startAt: '2025-01-01T00:00:00Z',
    lookbackMs: LOOKBACK_MS,
    pageSize: 2,
  };
}

describeConnectorConformance({
  name: 'securitylake alerts',
  create: () => securitylakeConnector,
  simulator: () => securitylakeSimulatorOptions({ alerts }),
  config,
  secrets,
  badConfigs: (simulator) => [
    {
      name: 'wrong client secret',
      config: config(simulator),
      secrets: { 'securitylake.client_secret': 'sim-wrong-secret-value-42' },
      code: 'CONNECTOR_AUTH',
    },
    {
      name: 'unknown region',
      config: { ...config(simulator), region: 'mars' },
      code: 'CONNECTOR_CONFIG',
    },
    {
      name: 'no client id',
      config: { ...config(simulator), clientId: '' },
      code: 'CONNECTOR_CONFIG',
    },
  ],
  streams: {
    alerts: {
      dataset: {
        path: SECURITYLAKE_PATHS.alerts,
        idField: 'id',
        timeField: 'updated_at',
        lookbackMs: LOOKBACK_MS,
        record: (id, time) => ({
          ...template,
          id,
          created_at: new Date(time).toISOString(),
          updated_at: new Date(time).toISOString(),
        }),
      },
      classUids: [2004],
    },
  },
  actions: [
    {
      name: 'isolate-host',
      input: { hostId: 'host-7', comment: 'contained by OpenMDR' },
      expectedRequest: {
        method: 'POST',
        path: '/api/v1/hosts/host-7/isolate',
        body: { comment: 'contained by OpenMDR' },
      },
    },
  ],
  capabilities: { tokenRefresh: true },
});
