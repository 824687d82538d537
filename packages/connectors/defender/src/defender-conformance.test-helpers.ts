import { registerSimulator } from '@openmdr/connector-kit/simulator';
import {
  describeConnectorConformance,
  type SimulatorRecord,
  type VendorSimulator,
} from '@openmdr/connector-kit/testing';
import {
  DEFENDER_CLIENT_ID,
  DEFENDER_CLIENT_SECRET,
  DEFENDER_LISTS,
  DEFENDER_TENANT,
  defenderFixtures,
  defenderSimulatorOptions,
} from './defender-simulator.test-helpers.js';
import { defenderConnector } from './index.js';

/** The stream look-back used in the conformance tests. */
export const LOOKBACK_MS = 10 * 60_000;
/** Secrets of the test tenant. */
export const secrets = { 'defender.client_secret': DEFENDER_CLIENT_SECRET };
/** A machine of the fixtures. */
export const machine = String(defenderFixtures('machines')[0]?.['id']);
/** A Graph alert of the fixtures. */
export const xdrAlert = String(defenderFixtures('xdr-alerts')[0]?.['id']);
/** An incident of the fixtures. */
export const incident = String(defenderFixtures('incidents')[0]?.['id']);

/** A config pointing every Defender endpoint at a running simulator. */
export function config(simulator: VendorSimulator) {
  registerSimulator(simulator);
  return {
    cloud: 'gcc-high',
    tenantId: DEFENDER_TENANT,
    clientId: DEFENDER_CLIENT_ID,
    loginBaseUrl: simulator.url,
    endpointBaseUrl: simulator.url,
    graphBaseUrl: simulator.url,
    startAt: '2026-01-01T00:00:00Z',
    lookbackMs: LOOKBACK_MS,
    pageSize: 6,
  };
}

function badConfigs(simulator: VendorSimulator) {
  registerSimulator(simulator);
  return [
    {
      name: 'wrong client secret',
      config: config(simulator),
      secrets: { 'defender.client_secret': 'sim-wrong-secret-value-42' },
      code: 'CONNECTOR_AUTH',
    },
    {
      name: 'tenant id not a GUID',
      config: { ...config(simulator), tenantId: 'contoso' },
      code: 'CONNECTOR_CONFIG',
    },
    {
      name: 'unknown cloud',
      config: { ...config(simulator), cloud: 'china' },
      code: 'CONNECTOR_CONFIG',
    },
  ];
}

const triage = {
  status: 'inProgress',
  classification: 'truePositive',
  determination: 'malware',
  assignedTo: 'analyst1@mssp.example.net',
};

const actions = [
  {
    name: 'isolate',
    input: {
      machineId: machine,
      isolationType: 'Selective',
      comment: 'IR-1234: contain suspected ransomware',
    },
    expectedRequest: {
      method: 'POST',
      path: `/api/machines/${machine}/isolate`,
      body: { Comment: 'IR-1234: contain suspected ransomware', IsolationType: 'Selective' },
    },
  },
  {
    name: 'release',
    input: { machineId: machine, comment: 'IR-1234: remediated' },
    expectedRequest: {
      method: 'POST',
      path: `/api/machines/${machine}/unisolate`,
      body: { Comment: 'IR-1234: remediated' },
    },
  },
  {
    name: 'update-alert',
    input: { alertId: xdrAlert, ...triage },
    expectedRequest: {
      method: 'PATCH',
      path: `/v1.0/security/alerts_v2/${xdrAlert}`,
      body: triage,
    },
  },
  {
    name: 'update-incident',
    input: { incidentId: incident, ...triage },
    expectedRequest: {
      method: 'PATCH',
      path: `/v1.0/security/incidents/${incident}`,
      body: triage,
    },
  },
];

/** Runs the kit's conformance suite on one Defender stream. */
export function describeDefenderConformance(stream: keyof typeof DEFENDER_LISTS): void {
  const list = DEFENDER_LISTS[stream];

  const [template] = defenderFixtures(list.fixture);
  describeConnectorConformance({
    name: `defender ${stream}`,
    create: () => defenderConnector,
    simulator: () => defenderSimulatorOptions(),
    config,
    secrets,
    badConfigs,
    stream,
    dataset: {
      path: list.path,
      idField: 'id',
      timeField: list.timeField,
      lookbackMs: LOOKBACK_MS,
      record: (id: string, time: number): SimulatorRecord => ({
        ...template,
        id,
        [list.timeField]: new Date(time).toISOString(),
      }),
    },
    actions,
    capabilities: { tokenRefresh: true },
  });
}
