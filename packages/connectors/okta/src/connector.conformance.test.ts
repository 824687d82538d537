import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  type ConformanceCase,
  type ConformanceOptions,
  conformanceCases,
  describeConnectorConformance,
  type SimulatorAuth,
  type SimulatorRecord,
  skipConformanceCases,
} from '@openmdr/connector-kit/testing';
import { oktaConnector } from './connector.js';
import { oktaUserRoutes, type SimulatedOktaUser } from './simulator/index.js';

const fixtures = JSON.parse(
  readFileSync(new URL('./__fixtures__/logs.json', import.meta.url), 'utf8'),
) as SimulatorRecord[];

const LOOKBACK_MINUTES = 10;
const API_TOKEN = '00aSimulatedOktaApiToken-9f8e7d6c5b4a3';
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_KEY = String(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }));
const PUBLIC_KEY = String(rsa.publicKey.export({ type: 'spki', format: 'pem' }));

const users = (): SimulatedOktaUser[] => [
  { id: '00u8k2n7yrGhIjKl1d7', status: 'ACTIVE', login: 'bob.okafor@example.com' },
  { id: '00u8k2m4xqAbCdEf1d7', status: 'SUSPENDED', login: 'alice.nguyen@example.com' },
];

function record(id: string, time: number): SimulatorRecord {
  const template = fixtures[0] as SimulatorRecord;
  return { ...structuredClone(template), uuid: id, published: new Date(time).toISOString() };
}

/** One way of authenticating to the simulated org. */
interface OktaVariant {
  name: string;
  auth: SimulatorAuth;
  config: Record<string, unknown>;
  secrets: Record<string, string>;
  wrongSecrets: Record<string, string>;
  tokenRefresh: boolean;
}

/** The SSWS and private_key_jwt variants. */
const oktaVariants: { ssws: OktaVariant; privateKeyJwt: OktaVariant } = {
  ssws: {
    name: 'okta (SSWS API token)',
    auth: { type: 'header', header: 'authorization', value: `SSWS ${API_TOKEN}` },
    config: { type: 'ssws' },
    secrets: { okta_api_token: API_TOKEN },
    wrongSecrets: { okta_api_token: '00aWrongOktaApiToken-0000000000000' },
    tokenRefresh: false,
  },
  privateKeyJwt: {
    name: 'okta (OAuth 2.0 private_key_jwt)',
    auth: {
      type: 'oauth2',
      tokenPath: '/oauth2/v1/token',
      clientId: '0oa6svc0mdr00000001d7',
      publicKey: PUBLIC_KEY,
      tokenLifetimeSeconds: 3600,
    },
    config: { type: 'private-key-jwt', clientId: '0oa6svc0mdr00000001d7', keyId: 'mdr-key-1' },
    secrets: { okta_private_key: PRIVATE_KEY },
    wrongSecrets: {
      okta_private_key: String(
        generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
          type: 'pkcs8',
          format: 'pem',
        }),
      ),
    },
    tokenRefresh: true,
  },
};

/** The suite's options for one auth variant (SSWS or private_key_jwt). */
function oktaConformance(variant: OktaVariant): ConformanceOptions<'logs'> {
  return {
    name: variant.name,
    create: () => oktaConnector,
    simulator: () => ({
      auth: variant.auth,
      datasets: [
        {
          path: '/api/v1/logs',
          cursor: 'link-header',
          records: fixtures,
          idField: 'uuid',
          timeField: 'published',
          pageSize: 10,
        },
      ],
      routes: oktaUserRoutes(users()),
    }),
    config: (simulator) => ({
      orgUrl: simulator.url,
      auth: variant.config,
      logs: { since: '2026-03-01T00:00:00Z', lookbackMinutes: LOOKBACK_MINUTES, pageSize: 10 },
    }),
    secrets: variant.secrets,
    badConfigs: (simulator) => [
      {
        name: 'org URL is not a URL',
        config: { orgUrl: 'acme', auth: variant.config },
        code: 'CONNECTOR_CONFIG',
      },
      {
        name: 'plain http to a remote host',
        config: { orgUrl: 'http://acme.okta.com', auth: variant.config },
        code: 'CONNECTOR_CONFIG',
      },
      {
        name: 'wrong credentials',
        config: { orgUrl: simulator.url, auth: variant.config },
        secrets: variant.wrongSecrets,
        code: 'CONNECTOR_AUTH',
      },
    ],
    streams: {
      logs: {
        dataset: {
          path: '/api/v1/logs',
          idField: 'uuid',
          timeField: 'published',
          lookbackMs: LOOKBACK_MINUTES * 60_000,
          record,
        },
        classUids: [0, 2004, 3001, 3002, 3004, 3005],
      },
    },
    actions: [
      {
        name: 'suspend-user',
        input: { userId: '00u8k2n7yrGhIjKl1d7' },
        expectedRequest: {
          method: 'POST',
          path: '/api/v1/users/00u8k2n7yrGhIjKl1d7/lifecycle/suspend',
        },
      },
      {
        name: 'unsuspend-user',
        input: { userId: '00u8k2m4xqAbCdEf1d7' },
        expectedRequest: {
          method: 'POST',
          path: '/api/v1/users/00u8k2m4xqAbCdEf1d7/lifecycle/unsuspend',
        },
      },
      {
        name: 'clear-user-sessions',
        input: { userId: '00u8k2n7yrGhIjKl1d7', revokeOauthTokens: true },
        expectedRequest: { method: 'DELETE', path: '/api/v1/users/00u8k2n7yrGhIjKl1d7/sessions' },
      },
      {
        name: 'expire-password',
        input: { userId: 'bob.okafor@example.com' },
        expectedRequest: {
          method: 'POST',
          path: '/api/v1/users/bob.okafor%40example.com/lifecycle/expire_password',
        },
      },
    ],
    capabilities: { tokenRefresh: variant.tokenRefresh },
  };
}

describeConnectorConformance(oktaConformance(oktaVariants.ssws));

// The credentials matter to these cases; the others (data handling, transport faults, actions)
// do not depend on them and run in the SSWS suite above.
const authDependent: readonly ConformanceCase[] = [
  'manifest',
  'config-schema',
  'check-good',
  'check-bad',
  'read-basic',
  'token-refresh',
  'fault-token-expiry',
  'secrets-redacted',
];

describeConnectorConformance({
  ...oktaConformance(oktaVariants.privateKeyJwt),
  overrides: skipConformanceCases(
    conformanceCases.filter((name) => !authDependent.includes(name)),
    'auth-independent: covered by the SSWS suite',
  ),
});
