// Setup of the REST connector's conformance test: fixtures, simulator scripts and the auth
// variants (OAuth2, private_key_jwt, static tokens, Basic, HMAC, SigV4).
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { CursorStyle } from '@openmdr/connector-kit';
import type {
  BadConfig,
  ConformanceOptions,
  SimulatorAuth,
  SimulatorRecord,
  VendorSimulatorOptions,
} from '@openmdr/connector-kit/testing';
import { createRestConnector, type RestConnectorSpec } from './index.js';

interface AlertFixture {
  id: string;
  offsetSeconds: number;
  name: string;
  severity: string;
  hostname: string;
  rule: string;
  description: string;
}
const alerts = JSON.parse(
  readFileSync(new URL('./__fixtures__/alerts.json', import.meta.url), 'utf8'),
) as {
  records: AlertFixture[];
};
const actionFixtures = JSON.parse(
  readFileSync(new URL('./__fixtures__/actions.json', import.meta.url), 'utf8'),
) as Record<
  string,
  { input: unknown; expectedRequest: { method: string; path: string; body?: unknown } }
>;

const LOOKBACK_MS = 10 * 60_000;

function record(id: string, time: number, fixture?: AlertFixture): SimulatorRecord {
  return {
    id,
    updated_at: new Date(time).toISOString(),
    name: fixture?.name ?? `Alert ${id}`,
    severity: fixture?.severity ?? 'high',
    hostname: fixture?.hostname ?? 'host-1',
    rule: fixture?.rule ?? 'Generic rule',
    description: fixture?.description ?? 'generated',
  };
}

function spec(cursor: CursorStyle): RestConnectorSpec {
  const cursors = {
    'next-token': { style: 'next-token' },
    'link-header': { style: 'link-header' },
    'odata-next-link': { style: 'odata-next-link' },
    offset: { style: 'offset', totalPath: 'total' },
    'search-after': { style: 'search-after', indexPath: '/alerts' },
    'time-window': { style: 'time-window', windowMs: 20 * 60_000 },
  } as const;
  return {
    id: 'rest-alerts',
    vendor: 'Example Security',
    product: 'Alert API',
    category: 'edr',
    checkPath: '/api/me',
    stream: {
      name: 'alerts',
      path: '/api/alerts',
      cursor: cursors[cursor],
      idField: 'id',
      timeField: 'updated_at',
      pageSize: 5,
      lookbackMs: LOOKBACK_MS,
      initialLookbackMs: 2 * 3_600_000,
    },
    mapping: {
      class: 'detection_finding',
      title: 'name',
      description: 'description',
      hostname: 'hostname',
      ruleName: 'rule',
      severity: {
        field: 'severity',
        values: { informational: 1, low: 2, medium: 3, high: 4, critical: 5 },
      },
    },
    actions: {
      isolate_host: {
        description: 'Isolate a host from the network',
        method: 'POST',
        path: '/api/hosts/{target}/isolate',
        body: { comment: '{comment}', isolationType: 'Full' },
        polling: {
          handlePath: 'action.id',
          statusPath: '/api/actions/{handle}',
          statusField: 'status',
          completed: ['Succeeded'],
          failed: ['Failed', 'TimeOut'],
        },
        requiredPermissions: ['Machine.Isolate'],
      },
      add_comment: {
        description: 'Comment on an alert',
        method: 'POST',
        path: '/api/alerts/{target}/comments',
        body: { text: '{text}' },
      },
    },
    rateLimit: { requests: 100, perMs: 1_000 },
  };
}

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pem = (
  key: { export(options: { type: 'pkcs8' | 'spki'; format: 'pem' }): string | Buffer },
  type: 'pkcs8' | 'spki',
) => String(key.export({ type, format: 'pem' }));

interface AuthVariant {
  label: string;
  simulator: SimulatorAuth;
  config: Record<string, unknown>;
  secrets: Record<string, string>;
  wrongSecrets: Record<string, string>;
  tokenRefresh: boolean;
}

const CLIENT_SECRET = 'sim-client-secret-9f8e7d6c5b4a';
const API_TOKEN = 'sim-api-token-00112233445566778899';
const PASSWORD = 'sim-password-correct-horse-battery';
const HMAC_SECRET = 'sim-hmac-secret-a1b2c3d4e5f6';
const AWS_SECRET = 'sim/aws+secret/key0123456789abcdefABCDEF';

const authVariants: Record<string, AuthVariant> = {
  oauth2: {
    label: 'OAuth2 client credentials',
    simulator: {
      type: 'oauth2',
      clientId: 'client-1',
      clientSecret: CLIENT_SECRET,
      tokenLifetimeSeconds: 3600,
    },
    config: { type: 'oauth2-client-credentials', tokenUrl: '/oauth2/token', clientId: 'client-1' },
    secrets: { client_secret: CLIENT_SECRET },
    wrongSecrets: { client_secret: 'wrong-client-secret-zzzzzz' },
    tokenRefresh: true,
  },
  privateKeyJwtRs256: {
    label: 'private_key_jwt RS256',
    simulator: { type: 'oauth2', clientId: 'client-2', publicKey: pem(rsa.publicKey, 'spki') },
    config: {
      type: 'private-key-jwt',
      tokenUrl: '/oauth2/token',
      clientId: 'client-2',
      algorithm: 'RS256',
    },
    secrets: { private_key: pem(rsa.privateKey, 'pkcs8') },
    wrongSecrets: {
      private_key: pem(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, 'pkcs8'),
    },
    tokenRefresh: true,
  },
  privateKeyJwtEs256: {
    label: 'private_key_jwt ES256',
    simulator: { type: 'oauth2', clientId: 'client-3', publicKey: pem(ec.publicKey, 'spki') },
    config: {
      type: 'private-key-jwt',
      tokenUrl: '/oauth2/token',
      clientId: 'client-3',
      algorithm: 'ES256',
    },
    secrets: { private_key: pem(ec.privateKey, 'pkcs8') },
    wrongSecrets: {
      private_key: pem(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, 'pkcs8'),
    },
    tokenRefresh: true,
  },
  ssws: {
    label: 'static token (SSWS)',
    simulator: { type: 'header', header: 'authorization', value: `SSWS ${API_TOKEN}` },
    config: { type: 'static-token', style: 'ssws' },
    secrets: { api_token: API_TOKEN },
    wrongSecrets: { api_token: 'wrong-api-token-zzzzzzzz' },
    tokenRefresh: false,
  },
  apiKeyHeader: {
    label: 'static token (X-Api-Key)',
    simulator: { type: 'header', header: 'x-api-key', value: API_TOKEN },
    config: { type: 'static-token', style: { header: 'X-Api-Key' } },
    secrets: { api_token: API_TOKEN },
    wrongSecrets: { api_token: 'wrong-api-token-zzzzzzzz' },
    tokenRefresh: false,
  },
  basic: {
    label: 'Basic',
    simulator: { type: 'basic', username: 'svc-openmdr', password: PASSWORD },
    config: { type: 'basic', username: 'svc-openmdr' },
    secrets: { password: PASSWORD },
    wrongSecrets: { password: 'wrong-password-zzzzzzzz' },
    tokenRefresh: false,
  },
  hmac: {
    label: 'HMAC-signed requests',
    simulator: { type: 'hmac', secret: HMAC_SECRET },
    config: { type: 'hmac', keyId: 'key-1' },
    secrets: { hmac_secret: HMAC_SECRET },
    wrongSecrets: { hmac_secret: 'wrong-hmac-secret-zzzzzz' },
    tokenRefresh: false,
  },
  sigv4: {
    label: 'AWS SigV4',
    simulator: {
      type: 'aws-sigv4',
      keys: [{ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: AWS_SECRET }],
      region: 'us-gov-west-1',
      service: 'securityhub',
    },
    config: {
      type: 'aws-sigv4',
      accessKeyId: 'AKIDEXAMPLE',
      region: 'us-gov-west-1',
      service: 'securityhub',
    },
    secrets: { aws_secret_access_key: AWS_SECRET },
    wrongSecrets: { aws_secret_access_key: 'wrong/aws+secret/zzzzzzzzzzzzzzzz' },
    tokenRefresh: false,
  },
};

/** The auth variants the REST conformance matrix runs. */
export type RestAuthVariant = keyof typeof authVariants;

/** The conformance suite's options for the REST connector with one cursor style and one auth scheme. */
export function restConformance(
  cursor: CursorStyle,
  authName: RestAuthVariant,
): ConformanceOptions<'alerts'> {
  const auth = authVariants[authName] as AuthVariant;
  const pollCounts = new Map<string, number>();
  return {
    name: `rest (${cursor}, ${auth.label})`,
    create: () => createRestConnector(spec(cursor)),
    simulator: (scenario): VendorSimulatorOptions => {
      const start = Date.now() + scenario.clockOffsetMs;
      return {
        auth: auth.simulator,
        datasets: [
          {
            path: cursor === 'search-after' ? '/alerts' : '/api/alerts',
            cursor,
            idField: 'id',
            timeField: 'updated_at',
            pageSize: 5,
            records: alerts.records.map((fixture) =>
              record(fixture.id, start + fixture.offsetSeconds * 1000, fixture),
            ),
          },
        ],
        routes: [
          { method: 'GET', path: '/api/me', handle: () => ({ body: { id: 'svc-openmdr' } }) },
          {
            method: 'POST',
            path: '/api/hosts/:id/isolate',
            handle: (request) => {
              const id = `action-${request.params['id']}-${pollCounts.size + 1}`;
              pollCounts.set(id, 0);
              return { status: 201, body: { action: { id, status: 'Pending' } } };
            },
          },
          {
            method: 'GET',
            path: '/api/actions/:id',
            handle: (request) => {
              const id = request.params['id'] ?? '';
              const polls = (pollCounts.get(id) ?? 0) + 1;
              pollCounts.set(id, polls);
              return { body: { id, status: polls >= 2 ? 'Succeeded' : 'InProgress' } };
            },
          },
          {
            method: 'POST',
            path: '/api/alerts/:id/comments',
            handle: () => ({ status: 201, body: { ok: true } }),
          },
        ],
      };
    },
    config: (simulator) => ({ baseUrl: simulator.url, auth: auth.config }),
    secrets: auth.secrets,
    badConfigs: (simulator): BadConfig[] => [
      {
        name: 'base URL is not a URL',
        config: { baseUrl: 'not a url', auth: auth.config },
        code: 'CONNECTOR_CONFIG',
      },
      {
        name: 'unknown auth type',
        config: { baseUrl: simulator.url, auth: { type: 'kerberos' } },
        code: 'CONNECTOR_CONFIG',
      },
      {
        name: 'secret missing',
        config: { baseUrl: simulator.url, auth: auth.config },
        secrets: {},
        code: 'CONNECTOR_CONFIG',
      },
      {
        name: 'wrong credentials',
        config: { baseUrl: simulator.url, auth: auth.config },
        secrets: auth.wrongSecrets,
        code: 'CONNECTOR_AUTH',
      },
    ],
    streams: {
      alerts: {
        dataset: {
          path: cursor === 'search-after' ? '/alerts' : '/api/alerts',
          idField: 'id',
          timeField: 'updated_at',
          lookbackMs: LOOKBACK_MS,
          record: (id, time) => record(id, time),
        },
        classUids: [2004],
      },
    },
    actions: Object.entries(actionFixtures)
      .filter(([name]) => !name.startsWith('$'))
      .map(([name, fixture]) => ({
        name,
        input: fixture.input,
        expectedRequest: fixture.expectedRequest,
      })),
    capabilities: { tokenRefresh: auth.tokenRefresh },
  };
}
