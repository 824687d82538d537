import type { ConnectorManifest, ConnectorStreamManifest } from '@openmdr/connector-kit';
import { defineConnector, oauth2ClientCredentials } from '@openmdr/connector-kit';
import { entraActionManifests, entraActions } from './actions.js';
import { ENTRA_CLOUDS } from './clouds.js';
import { type EntraConfig, entraConfigSchema } from './config.js';
import { normalizeEntraDirectoryAudit } from './normalize-directory-audit.js';
import { normalizeEntraRiskDetection, normalizeEntraRiskyUser } from './normalize-risk.js';
import { normalizeEntraSignIn } from './normalize-sign-in.js';
import { type EntraClient, type GraphStreamSpec, graphStreamReader } from './read-graph.js';

const stream = (
  description: string,
  sortField: string,
  dedupKey: string,
  ocsfClasses: readonly string[],
  requiredPermissions: readonly string[],
): ConnectorStreamManifest => ({
  description,
  cursor: 'odata-next-link',
  sortField,
  dedupKey,
  stateVersion: 1,
  ocsfClasses,
  requiredPermissions,
});

/** The manifest of the Microsoft Entra ID connector. */
export const entraManifest: ConnectorManifest = {
  id: 'entra',
  vendor: 'Microsoft',
  product: 'Entra ID',
  category: 'identity',
  version: '0.1.0',
  auth: ['oauth2-client-credentials'],
  regions: Object.fromEntries(
    Object.entries(ENTRA_CLOUDS).map(([name, cloud]) => [
      name,
      { baseUrl: cloud.graphUrl, government: cloud.government, description: cloud.description },
    ]),
  ),
  streams: {
    signins: stream(
      'Sign-ins (GET /auditLogs/signIns, $filter=createdDateTime ge <watermark − look-back>, @odata.nextLink)',
      'createdDateTime',
      'id',
      ['authentication'],
      ['AuditLog.Read.All', 'Directory.Read.All'],
    ),
    audits: stream(
      'Directory audits (GET /auditLogs/directoryAudits, $filter=activityDateTime ge …)',
      'activityDateTime',
      'id',
      ['account_change', 'user_access', 'entity_management'],
      ['AuditLog.Read.All'],
    ),
    'risky-users': stream(
      'Risky users (GET /identityProtection/riskyUsers, $filter=riskLastUpdatedDateTime ge …)',
      'riskLastUpdatedDateTime',
      'id@riskLastUpdatedDateTime',
      ['detection_finding'],
      ['IdentityRiskyUser.Read.All'],
    ),
    'risk-detections': stream(
      'Risk detections (GET /identityProtection/riskDetections, $filter=lastUpdatedDateTime ge …)',
      'lastUpdatedDateTime',
      'id@lastUpdatedDateTime',
      ['detection_finding'],
      ['IdentityRiskEvent.Read.All'],
    ),
  },
  actions: entraActionManifests,
  // Graph throttles per app and tenant and answers 429 with Retry-After (honoured by the kit); the
  // identity reports allow a few requests per second: stay at 5 per second on average.
  rateLimit: { requests: 50, perMs: 10_000, maxConcurrent: 2 },
  docsUrl: 'https://github.com/openmdr/openmdr/blob/main/docs/connectors/entra.md',
};

const withUpdate = (timeField: string) => (record: Record<string, unknown>) =>
  `${String(record['id'])}@${String(record[timeField])}`;

/** The Graph endpoints the streams read. */
export const ENTRA_STREAMS = {
  signins: {
    path: '/auditLogs/signIns',
    timeField: 'createdDateTime',
    keyOf: (record) => String(record['id']),
    options: (config) => config.signins,
  },
  audits: {
    path: '/auditLogs/directoryAudits',
    timeField: 'activityDateTime',
    keyOf: (record) => String(record['id']),
    options: (config) => config.audits,
  },
  'risky-users': {
    path: '/identityProtection/riskyUsers',
    timeField: 'riskLastUpdatedDateTime',
    keyOf: withUpdate('riskLastUpdatedDateTime'),
    options: (config) => config.riskyUsers,
  },
  'risk-detections': {
    path: '/identityProtection/riskDetections',
    timeField: 'lastUpdatedDateTime',
    keyOf: withUpdate('lastUpdatedDateTime'),
    options: (config) => config.riskDetections,
  },
} as const satisfies Record<string, GraphStreamSpec>;

/** The authority and Graph URLs of a config (the cloud's, or the overrides). */
export function entraEndpoints(config: EntraConfig): {
  tokenUrl: string;
  graphUrl: string;
  scope: string;
} {
  const cloud = ENTRA_CLOUDS[config.cloud];
  const loginUrl = config.loginUrl ?? cloud.loginUrl;
  const graphUrl = config.graphUrl ?? cloud.graphUrl;
  return {
    tokenUrl: `${loginUrl}/${encodeURIComponent(config.tenantId)}/oauth2/v2.0/token`,
    graphUrl: `${graphUrl}/${config.apiVersion}`,
    // The scope names the Graph resource of the cloud, also when the URL is overridden.
    scope: `${cloud.graphUrl}/.default`,
  };
}

/**
 * The Microsoft Entra ID connector: reads sign-ins, directory audits, risky users and risk
 * detections from Microsoft Graph incrementally (time filter with look-back for late arrival,
 * dedup, `@odata.nextLink`) and normalises them to OCSF; disables and enables accounts, revokes
 * sign-in sessions, confirms users compromised and dismisses their risk. Authenticates with OAuth
 * 2.0 client credentials against the cloud's authority (global, US Government L4/L5, China).
 *
 * @example
 * ```ts
 * const entra = await entraConnector.connect({
 *   tenant: tenantId('acme'),
 *   config: { tenantId: '…', clientId: '…', cloud: 'us-gov' },
 *   secrets, // provides entra_client_secret
 * });
 * for await (const batch of entra.read('signins', savedState)) {
 *   const { events } = entra.normalizeBatch('signins', batch.records);
 *   // … hand events downstream, then save batch.state
 * }
 * await entra.runAction('revoke-sign-in-sessions', { userId: 'adele.vance@example.com' });
 * ```
 */
export const entraConnector = defineConnector({
  manifest: entraManifest,
  config: entraConfigSchema,
  createClient: (config, context): EntraClient => {
    const endpoints = entraEndpoints(config);
    return {
      graph: context.createHttpClient({
        baseUrl: endpoints.graphUrl,
        auth: oauth2ClientCredentials({
          tokenUrl: endpoints.tokenUrl,
          clientId: config.clientId,
          clientSecret: config.clientSecret,
          scope: endpoints.scope,
          clock: context.clock,
          ...(context.dispatcher ? { dispatcher: context.dispatcher } : {}),
        }),
      }),
    };
  },
  check: async ({ client, signal }) => {
    await client.graph.request({
      path: ENTRA_STREAMS.signins.path,
      query: { $top: 1 },
      ...(signal ? { signal } : {}),
    });
  },
  streams: {
    signins: {
      read: graphStreamReader(ENTRA_STREAMS.signins),
      normalize: (raw) => normalizeEntraSignIn(raw),
    },
    audits: {
      read: graphStreamReader(ENTRA_STREAMS.audits),
      normalize: (raw) => normalizeEntraDirectoryAudit(raw),
    },
    'risky-users': {
      read: graphStreamReader(ENTRA_STREAMS['risky-users']),
      normalize: (raw) => normalizeEntraRiskyUser(raw),
    },
    'risk-detections': {
      read: graphStreamReader(ENTRA_STREAMS['risk-detections']),
      normalize: (raw) => normalizeEntraRiskDetection(raw),
    },
  },
  actions: entraActions,
});
