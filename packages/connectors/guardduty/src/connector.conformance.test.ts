import { readFileSync } from 'node:fs';
import { registerSimulator } from '@openmdr/connector-kit/simulator';
import {
  describeConnectorConformance,
  type SimulatorRecord,
  type VendorSimulator,
} from '@openmdr/connector-kit/testing';
import { guarddutyConnector } from './index.js';
import {
  GUARDDUTY_DETECTOR_ID,
  GUARDDUTY_PATHS,
  GUARDDUTY_REGION,
  guarddutySimulatorOptions,
} from './simulator/routes.js';
import { guarddutySimulatorSecrets } from './simulator/start.js';

const LOOKBACK_MS = 5 * 60_000;
const secrets = guarddutySimulatorSecrets();
// the API-shaped findings of the fixtures (not the PascalCase one nor the EventBridge event)
const findings = (
  JSON.parse(
    readFileSync(new URL('./__fixtures__/findings.json', import.meta.url), 'utf8'),
  ) as SimulatorRecord[]
).filter((finding) => typeof finding['updatedAt'] === 'string');
const [template] = findings;
const [first, second] = findings.map((finding) => String(finding['id']));

function config(simulator: VendorSimulator) {
  registerSimulator(simulator);
  return {
    region: GUARDDUTY_REGION,
    endpoint: { guardduty: simulator.url },
    credentials: { type: 'keys' },
    detectorId: GUARDDUTY_DETECTOR_ID,
    startAt: '2025-01-01T00:00:00Z',
    lookbackMs: LOOKBACK_MS,
    pageSize: 2,
    includeArchived: true,
  };
}

describeConnectorConformance({
  name: 'guardduty',
  create: () => guarddutyConnector,
  simulator: () => guarddutySimulatorOptions({ findings }),
  config,
  secrets,
  badConfigs: (simulator) => [
    {
      name: 'wrong secret access key',
      config: config(simulator),
      secrets: { ...secrets, 'guardduty.secret_access_key': 'sim-wrong-secret-access-key-42' },
      code: 'CONNECTOR_AUTH',
    },
    {
      name: 'unknown access key',
      config: config(simulator),
      secrets: { ...secrets, 'guardduty.access_key_id': 'AKIAOPENMDRSIMGD9999' },
      code: 'CONNECTOR_AUTH',
    },
    {
      name: 'not a region',
      config: { ...config(simulator), region: 'mars' },
      code: 'CONNECTOR_CONFIG',
    },
    {
      name: 'page size above GuardDuty’s 50',
      config: { ...config(simulator), pageSize: 51 },
      code: 'CONNECTOR_CONFIG',
    },
    {
      name: 'account id not 12 digits',
      config: { ...config(simulator), accountIds: ['12345'] },
      code: 'CONNECTOR_CONFIG',
    },
  ],
  streams: {
    findings: {
      dataset: {
        path: GUARDDUTY_PATHS.findings,
        idField: 'id',
        timeField: 'updatedAt',
        lookbackMs: LOOKBACK_MS,
        record: (id, time) => ({
          ...template,
          id,
          arn: `arn:aws:guardduty:us-east-1:123456789012:detector/${GUARDDUTY_DETECTOR_ID}/finding/${id}`,
          createdAt: new Date(time).toISOString(),
          updatedAt: new Date(time).toISOString(),
        }),
      },
      classUids: [2004],
    },
  },
  actions: [
    {
      name: 'archive-findings',
      input: { findingIds: [first] },
      expectedRequest: {
        method: 'POST',
        path: `/detector/${GUARDDUTY_DETECTOR_ID}/findings/archive`,
        body: { findingIds: [first] },
      },
    },
    {
      name: 'update-feedback',
      input: { findingIds: [second], feedback: 'NOT_USEFUL', comments: 'expected scanner' },
      expectedRequest: {
        method: 'POST',
        path: `/detector/${GUARDDUTY_DETECTOR_ID}/findings/feedback`,
        body: { findingIds: [second], feedback: 'NOT_USEFUL', comments: 'expected scanner' },
      },
    },
  ],
  capabilities: { tokenRefresh: false },
});
