import { readFileSync } from 'node:fs';
import {
  type ConformanceAction,
  type ConformanceDataset,
  describeConnectorConformance,
  type SimulatorRecord,
  type VendorSimulator,
} from '@openmdr/connector-kit/testing';
import { entraConnector } from './connector.js';
import {
  ENTRA_LISTS,
  ENTRA_SIM_CLIENT_ID,
  ENTRA_SIM_CLIENT_SECRET,
  ENTRA_SIM_TENANT,
  entraSimulatorOptions,
} from './simulator/index.js';

const LOOKBACK_MINUTES = 60;
const ADELE = '5e1f0000-0000-4000-8000-000000020002';
const ADELE_UPN = 'adele.vance@example.onmicrosoft.com';

/** The fixture records of one Graph list. */
const fixtures = (file: string) =>
  JSON.parse(
    readFileSync(new URL(`./__fixtures__/${file}.json`, import.meta.url), 'utf8'),
  ) as SimulatorRecord[];

const data = {
  signins: fixtures('sign-ins'),
  audits: fixtures('directory-audits'),
  riskyUsers: fixtures('risky-users'),
  riskDetections: fixtures('risk-detections'),
};

/** The conformance dataset of a Graph list, new records cloned from its first fixture. */
function dataset(list: keyof typeof ENTRA_LISTS): ConformanceDataset {
  const { path, timeField } = ENTRA_LISTS[list];
  return {
    path,
    idField: 'id',
    timeField,
    lookbackMs: LOOKBACK_MINUTES * 60_000,
    record: (id, time) => ({
      ...structuredClone(data[list][0] as SimulatorRecord),
      id,
      [timeField]: new Date(time).toISOString(),
    }),
  };
}

/** A config reading every stream from a running simulator (six records a page). */
function config(simulator: VendorSimulator, overrides: Record<string, unknown> = {}) {
  const stream = { since: '2026-03-01T00:00:00Z', lookbackMinutes: LOOKBACK_MINUTES, pageSize: 6 };
  return {
    tenantId: ENTRA_SIM_TENANT,
    clientId: ENTRA_SIM_CLIENT_ID,
    loginUrl: simulator.url,
    graphUrl: simulator.url,
    signins: stream,
    audits: stream,
    riskyUsers: stream,
    riskDetections: stream,
    ...overrides,
  };
}

const actions: readonly ConformanceAction[] = [
  {
    name: 'disable-account',
    input: { userId: ADELE },
    expectedRequest: {
      method: 'PATCH',
      path: `/v1.0/users/${ADELE}`,
      body: { accountEnabled: false },
    },
  },
  {
    name: 'enable-account',
    input: { userId: ADELE },
    expectedRequest: {
      method: 'PATCH',
      path: `/v1.0/users/${ADELE}`,
      body: { accountEnabled: true },
    },
  },
  {
    name: 'revoke-sign-in-sessions',
    input: { userId: ADELE_UPN },
    expectedRequest: {
      method: 'POST',
      path: '/v1.0/users/adele.vance%40example.onmicrosoft.com/revokeSignInSessions',
    },
  },
  {
    name: 'confirm-compromised',
    input: { userId: ADELE },
    expectedRequest: {
      method: 'POST',
      path: '/v1.0/identityProtection/riskyUsers/confirmCompromised',
      body: { userIds: [ADELE] },
    },
  },
  {
    name: 'dismiss-risk',
    input: { userId: ADELE },
    expectedRequest: {
      method: 'POST',
      path: '/v1.0/identityProtection/riskyUsers/dismiss',
      body: { userIds: [ADELE] },
    },
  },
];

describeConnectorConformance({
  name: 'entra',
  create: () => entraConnector,
  simulator: () =>
    entraSimulatorOptions({
      data,
      users: [{ id: ADELE, userPrincipalName: ADELE_UPN, displayName: 'Adele Vance' }],
    }),
  config: (simulator) => config(simulator),
  secrets: { entra_client_secret: ENTRA_SIM_CLIENT_SECRET },
  badConfigs: (simulator) => [
    {
      name: 'tenant id with a path in it',
      config: config(simulator, { tenantId: '../common' }),
      code: 'CONNECTOR_CONFIG',
    },
    {
      name: 'plain http Graph URL on a remote host',
      config: config(simulator, { graphUrl: 'http://graph.example.com' }),
      code: 'CONNECTOR_CONFIG',
    },
    {
      name: 'unknown cloud',
      config: config(simulator, { cloud: 'moon' }),
      code: 'CONNECTOR_CONFIG',
    },
    {
      name: 'wrong client secret',
      config: config(simulator),
      secrets: { entra_client_secret: 'Wrong~EntraClientSecret.000000000' },
      code: 'CONNECTOR_AUTH',
    },
  ],
  // every stream is read by the same Graph reader (read-graph.ts): the transport cases run on
  // sign-ins, the data cases on each stream
  streams: {
    signins: { dataset: dataset('signins'), classUids: [3002] },
    audits: {
      dataset: dataset('audits'),
      classUids: [3001, 3004, 3005],
      sharesReaderWith: 'signins',
    },
    'risky-users': {
      dataset: dataset('riskyUsers'),
      classUids: [2004],
      sharesReaderWith: 'signins',
    },
    'risk-detections': {
      dataset: dataset('riskDetections'),
      classUids: [2004],
      sharesReaderWith: 'signins',
    },
  },
  actions,
  capabilities: { tokenRefresh: true },
});
