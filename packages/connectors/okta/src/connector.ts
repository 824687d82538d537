import type { Authenticator, ConnectorManifest } from '@openmdr/connector-kit';
import {
  type ConnectorContext,
  defineConnector,
  privateKeyJwt,
  staticToken,
} from '@openmdr/connector-kit';
import { oktaActionManifests, oktaActions } from './actions.js';
import { type OktaConfig, oktaConfigSchema } from './config.js';
import { normalizeOktaLogEvent } from './normalize.js';
import { OKTA_LOGS_PATH, type OktaClient, readOktaLogs } from './read-logs.js';

/** The manifest of the Okta connector. */
export const oktaManifest: ConnectorManifest = {
  id: 'okta',
  vendor: 'Okta',
  product: 'Workforce Identity Cloud',
  category: 'identity',
  version: '0.1.0',
  auth: ['private-key-jwt', 'static-token'],
  regions: {
    commercial: {
      baseUrl: 'https://example.okta.com',
      description:
        'Each org has its own URL (https://<org>.okta.com or a custom domain): set orgUrl',
    },
    preview: {
      baseUrl: 'https://example.oktapreview.com',
      description: 'Preview (sandbox) orgs: https://<org>.oktapreview.com',
    },
    'okta-gov': {
      baseUrl: 'https://example.okta-gov.com',
      government: true,
      description: 'Okta for Government Moderate / High: https://<org>.okta-gov.com',
    },
    'okta-mil': {
      baseUrl: 'https://example.okta.mil',
      government: true,
      description: 'Okta for US Military: https://<org>.okta.mil',
    },
  },
  streams: {
    logs: {
      description:
        'The System Log (GET /api/v1/logs, polling mode: since, sortOrder=ASCENDING, then the Link rel="next" forever)',
      cursor: 'link-header',
      sortField: 'published',
      dedupKey: 'uuid',
      stateVersion: 1,
      ocsfClasses: [
        'authentication',
        'account_change',
        'entity_management',
        'user_access',
        'detection_finding',
        'base_event',
      ],
      requiredPermissions: ['okta.logs.read'],
    },
  },
  actions: oktaActionManifests,
  // /api/v1/logs is an org-wide bucket (documented 120 requests/min on most plans) shared with every
  // other consumer of the org: the read also pauses when X-Rate-Limit-Remaining reaches its reserve.
  rateLimit: { requests: 120, perMs: 60_000, maxConcurrent: 2 },
  docsUrl: 'https://github.com/openmdr/openmdr/blob/main/docs/connectors/okta.md',
};

function authenticator(config: OktaConfig, context: ConnectorContext): Authenticator {
  const auth = config.auth;
  if (auth.type === 'ssws') return staticToken({ token: auth.apiToken, style: 'ssws' });
  return privateKeyJwt({
    tokenUrl: `${config.orgUrl}/oauth2/v1/token`,
    clientId: auth.clientId,
    privateKey: auth.privateKey,
    algorithm: auth.algorithm,
    scope: auth.scopes.join(' '),
    ...(auth.keyId ? { keyId: auth.keyId } : {}),
    ...(context.dispatcher ? { dispatcher: context.dispatcher } : {}),
    clock: context.clock,
  });
}

/**
 * The Okta connector: reads the System Log incrementally (polling the next link, rate-limit aware)
 * and normalises it to OCSF; suspends and unsuspends users, clears their sessions and expires
 * their passwords. Authenticates with an API token (`SSWS`) or as an OAuth 2.0 service app with
 * `private_key_jwt` (scopes `okta.logs.read okta.users.manage`).
 *
 * @example
 * ```ts
 * const okta = await oktaConnector.connect({
 *   tenant: tenantId('acme'),
 *   config: { orgUrl: 'https://acme.okta.com', auth: { type: 'private-key-jwt', clientId: '0oa…' } },
 *   secrets, // provides okta_private_key
 * });
 * for await (const batch of okta.read('logs', savedState)) {
 *   const { events, deadLetters } = okta.normalizeBatch('logs', batch.records);
 *   // … hand events downstream, then save batch.state
 * }
 * await okta.runAction('suspend-user', { userId: '00u8k2n7yrGhIjKl1d7' });
 * ```
 */
export const oktaConnector = defineConnector({
  manifest: oktaManifest,
  config: oktaConfigSchema,
  createClient: (config, context): OktaClient => ({
    http: context.createHttpClient({
      baseUrl: config.orgUrl,
      auth: authenticator(config, context),
    }),
  }),
  check: async ({ client, signal }) => {
    await client.http.request({
      path: OKTA_LOGS_PATH,
      query: { limit: 1 },
      ...(signal ? { signal } : {}),
    });
  },
  streams: {
    logs: {
      read: readOktaLogs,
      normalize: (raw) => normalizeOktaLogEvent(raw),
    },
  },
  actions: oktaActions,
});
