import { registerSimulator } from '@openmdr/connector-kit/simulator';
import { describeConnectorConformance, type VendorSimulator } from '@openmdr/connector-kit/testing';
import { securityhubConnector } from './index.js';
import { fixtureFindings } from './securityhub.test-helpers.js';
import {
  SECURITYHUB_PATHS,
  SECURITYHUB_REGION,
  securityhubSimulatorOptions,
} from './simulator/routes.js';
import { securityhubSimulatorSecrets } from './simulator/start.js';

const LOOKBACK_MS = 5 * 60_000;
const secrets = securityhubSimulatorSecrets();
const findings = fixtureFindings();
// a GuardDuty finding through Security Hub: a Detection Finding
const template = findings.find((finding) => finding['ProductName'] === 'GuardDuty') ?? {};
const [first] = findings;
const identifier = { Id: String(first?.['Id']), ProductArn: String(first?.['ProductArn']) };

function config(simulator: VendorSimulator) {
  registerSimulator(simulator);
  return {
    region: SECURITYHUB_REGION,
    endpoint: { securityhub: simulator.url },
    credentials: { type: 'keys' },
    startAt: '2020-01-01T00:00:00Z',
    lookbackMs: LOOKBACK_MS,
    pageSize: 12,
  };
}

describeConnectorConformance({
  name: 'securityhub',
  create: () => securityhubConnector,
  simulator: () => securityhubSimulatorOptions({ findings }),
  config,
  secrets,
  badConfigs: (simulator) => [
    {
      name: 'wrong secret access key',
      config: config(simulator),
      secrets: { ...secrets, 'securityhub.secret_access_key': 'sim-wrong-secret-access-key-42' },
      code: 'CONNECTOR_AUTH',
    },
    {
      name: 'not a region',
      config: { ...config(simulator), region: 'mars' },
      code: 'CONNECTOR_CONFIG',
    },
    {
      name: 'page size above Security Hub’s 100',
      config: { ...config(simulator), pageSize: 101 },
      code: 'CONNECTOR_CONFIG',
    },
    {
      name: 'unknown record state',
      config: { ...config(simulator), recordStates: ['DELETED'] },
      code: 'CONNECTOR_CONFIG',
    },
  ],
  streams: {
    findings: {
      dataset: {
        path: SECURITYHUB_PATHS.findings,
        idField: 'Id',
        timeField: 'UpdatedAt',
        lookbackMs: LOOKBACK_MS,
        record: (id, time) => ({
          ...template,
          Id: id,
          CreatedAt: new Date(time).toISOString(),
          UpdatedAt: new Date(time).toISOString(),
        }),
      },
      classUids: [2002, 2003, 2004],
    },
  },
  actions: [
    {
      name: 'update-findings',
      input: {
        findings: [{ id: identifier.Id, productArn: identifier.ProductArn }],
        workflowStatus: 'RESOLVED',
        note: { text: 'closed by OpenMDR', updatedBy: 'openmdr' },
        severity: { label: 'LOW' },
      },
      expectedRequest: {
        method: 'PATCH',
        path: SECURITYHUB_PATHS.batchUpdate,
        body: {
          FindingIdentifiers: [identifier],
          Workflow: { Status: 'RESOLVED' },
          Note: { Text: 'closed by OpenMDR', UpdatedBy: 'openmdr' },
          Severity: { Label: 'LOW' },
        },
      },
    },
  ],
  capabilities: { tokenRefresh: false },
});
