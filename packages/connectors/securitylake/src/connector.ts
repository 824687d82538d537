import { defineConnector, INCREMENTAL_STATE_VERSION } from '@openmdr/connector-kit';
import { isolateHostAction, isolateHostManifest } from './actions.js';
import { createSecuritylakeClient } from './client.js';
import { SECURITYLAKE_REGIONS, securitylakeConfigSchema } from './config.js';
import { alertsStream, SECURITYLAKE_ALERTS_PATH } from './streams.js';

/**
 * The Amazon Security Lake connector: alerts read incrementally and normalised to OCSF Detection Finding;
 * host isolation polled to completion. OAuth2 client credentials.
 * TODO: the manifest from the vendor's API documentation (CONTRIBUTING.md, "Fill it in").
 *
 * @example
 * ```ts
 * const securitylake = await securitylakeConnector.connect({
 *   config: { region: 'eu', clientId: '…' },
 *   secrets, // provides securitylake.client_secret
 * });
 * for await (const batch of securitylake.read('alerts', savedState)) { … }
 * await securitylake.runAction('isolate-host', { hostId: 'host-1' });
 * ```
 */
export const securitylakeConnector = defineConnector({
  manifest: {
    id: 'securitylake',
    vendor: 'Amazon Security Lake',
    product: 'Amazon Security Lake',
    category: 'edr',
    version: '0.1.0',
    auth: ['oauth2-client-credentials'],
    regions: SECURITYLAKE_REGIONS,
    streams: {
      alerts: {
        description: 'Amazon Security Lake alerts, oldest update first',
        cursor: 'next-token',
        sortField: 'updated_at',
        dedupKey: 'id + updated_at',
        stateVersion: INCREMENTAL_STATE_VERSION,
        ocsfClasses: ['detection_finding'],
        requiredPermissions: ['alerts:read'],
      },
    },
    actions: { 'isolate-host': isolateHostManifest },
    // TODO: the vendor's documented budget per tenant (or a safe share of it).
    rateLimit: { requests: 20, perMs: 1_000 },
    docsUrl: 'https://openmdr.dev/docs/connectors/securitylake',
  },
  config: securitylakeConfigSchema,
  createClient: createSecuritylakeClient,
  check: async ({ client }) => {
    await client.api.request({ path: SECURITYLAKE_ALERTS_PATH, query: { limit: 1 } });
  },
  streams: { alerts: alertsStream },
  actions: { 'isolate-host': isolateHostAction },
});
