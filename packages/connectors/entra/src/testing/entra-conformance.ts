import { readFileSync } from 'node:fs';
import {
  type ConformanceAction,
  type ConformanceCase,
  describeConnectorConformance,
  type SimulatorRecord,
  type SimulatorRoute,
} from '@openmdr/connector-kit/testing';
import { entraConnector } from '../connector.js';

/** The simulated app registration. */
export const ENTRA_TEST_TENANT = '7d3f6c1e-2b4a-4c8d-9e0f-1a2b3c4d5e6f';
const CLIENT_ID = 'a1b2c3d4-0000-4000-8000-00000000c0de';
const CLIENT_SECRET = 'Sim~EntraClientSecret.9f8e7d6c5b4a3';
const LOOKBACK_MINUTES = 60;

/** A stream under test: its fixture file, Graph path and time field. */
export interface EntraStreamUnderTest {
  stream: 'signins' | 'audits' | 'risky-users' | 'risk-detections';
  configKey: 'signins' | 'audits' | 'riskyUsers' | 'riskDetections';
  file: string;
  path: string;
  timeField: string;
}

/** The four streams. */
export const entraStreamsUnderTest: Record<EntraStreamUnderTest['stream'], EntraStreamUnderTest> = {
  signins: {
    stream: 'signins',
    configKey: 'signins',
    file: 'sign-ins',
    path: '/v1.0/auditLogs/signIns',
    timeField: 'createdDateTime',
  },
  audits: {
    stream: 'audits',
    configKey: 'audits',
    file: 'directory-audits',
    path: '/v1.0/auditLogs/directoryAudits',
    timeField: 'activityDateTime',
  },
  'risky-users': {
    stream: 'risky-users',
    configKey: 'riskyUsers',
    file: 'risky-users',
    path: '/v1.0/identityProtection/riskyUsers',
    timeField: 'riskLastUpdatedDateTime',
  },
  'risk-detections': {
    stream: 'risk-detections',
    configKey: 'riskDetections',
    file: 'risk-detections',
    path: '/v1.0/identityProtection/riskDetections',
    timeField: 'lastUpdatedDateTime',
  },
};

const KNOWN_USERS = new Set([
  '5e1f0000-0000-4000-8000-000000020002',
  'adele.vance@example.onmicrosoft.com',
]);

/** Routes of the Graph user and ID Protection calls the actions make (404 for unknown users). */
export function entraActionRoutes(): SimulatorRoute[] {
  const notFound = {
    status: 404,
    body: { error: { code: 'Request_ResourceNotFound', message: 'Resource does not exist.' } },
  };
  const known = (id: string | undefined) => id !== undefined && KNOWN_USERS.has(id);
  return [
    {
      method: 'PATCH',
      path: '/v1.0/users/:id',
      handle: (request) => (known(request.params['id']) ? { status: 204 } : notFound),
    },
    {
      method: 'POST',
      path: '/v1.0/users/:id/revokeSignInSessions',
      handle: (request) =>
        known(request.params['id'])
          ? {
              status: 200,
              body: {
                '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Edm.Boolean',
                value: true,
              },
            }
          : notFound,
    },
    {
      method: 'POST',
      path: '/v1.0/identityProtection/riskyUsers/confirmCompromised',
      handle: () => ({ status: 204 }),
    },
    {
      method: 'POST',
      path: '/v1.0/identityProtection/riskyUsers/dismiss',
      handle: () => ({ status: 204 }),
    },
  ];
}

const ADELE = '5e1f0000-0000-4000-8000-000000020002';

/** The actions with the request each must send first. */
export const entraConformanceActions: readonly ConformanceAction[] = [
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
    input: { userId: 'adele.vance@example.onmicrosoft.com' },
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

/** Runs the conformance suite on one Entra stream. */
export function describeEntraConformance(
  under: EntraStreamUnderTest,
  options: { actions: boolean; skip?: Partial<Record<ConformanceCase, string>> },
): void {
  const fixtures = JSON.parse(
    readFileSync(new URL(`../__fixtures__/${under.file}.json`, import.meta.url), 'utf8'),
  ) as SimulatorRecord[];
  const streamConfig = {
    since: '2026-03-01T00:00:00Z',
    lookbackMinutes: LOOKBACK_MINUTES,
    pageSize: 6,
  };
  const config = (url: string, overrides: Record<string, unknown> = {}) => ({
    tenantId: ENTRA_TEST_TENANT,
    clientId: CLIENT_ID,
    loginUrl: url,
    graphUrl: url,
    [under.configKey]: streamConfig,
    ...overrides,
  });
  describeConnectorConformance({
    name: `entra ${under.stream}`,
    create: () => entraConnector,
    simulator: () => ({
      auth: {
        type: 'oauth2',
        tokenPath: `/${ENTRA_TEST_TENANT}/oauth2/v2.0/token`,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        tokenLifetimeSeconds: 3599,
      },
      datasets: [
        {
          path: under.path,
          cursor: 'odata-next-link',
          records: fixtures,
          idField: 'id',
          timeField: under.timeField,
          pageSize: 6,
        },
        // check() reads one sign-in: every simulated tenant serves the sign-ins endpoint
        ...(under.stream === 'signins'
          ? []
          : [
              {
                path: entraStreamsUnderTest.signins.path,
                cursor: 'odata-next-link' as const,
                records: [],
                idField: 'id',
                timeField: 'createdDateTime',
              },
            ]),
      ],
      routes: entraActionRoutes(),
    }),
    config: (simulator) => config(simulator.url),
    secrets: { entra_client_secret: CLIENT_SECRET },
    badConfigs: (simulator) => [
      {
        name: 'tenant id with a path in it',
        config: config(simulator.url, { tenantId: '../common' }),
        code: 'CONNECTOR_CONFIG',
      },
      {
        name: 'plain http Graph URL on a remote host',
        config: config(simulator.url, { graphUrl: 'http://graph.example.com' }),
        code: 'CONNECTOR_CONFIG',
      },
      {
        name: 'unknown cloud',
        config: config(simulator.url, { cloud: 'moon' }),
        code: 'CONNECTOR_CONFIG',
      },
      {
        name: 'wrong client secret',
        config: config(simulator.url),
        secrets: { entra_client_secret: 'Wrong~EntraClientSecret.000000000' },
        code: 'CONNECTOR_AUTH',
      },
    ],
    stream: under.stream,
    dataset: {
      path: under.path,
      idField: 'id',
      timeField: under.timeField,
      lookbackMs: LOOKBACK_MINUTES * 60_000,
      record: (id, time) => ({
        ...structuredClone(fixtures[0] as SimulatorRecord),
        id,
        [under.timeField]: new Date(time).toISOString(),
      }),
    },
    ...(options.actions ? { actions: entraConformanceActions } : {}),
    capabilities: { tokenRefresh: true },
    ...(options.skip ? { skip: options.skip } : {}),
  });
}
