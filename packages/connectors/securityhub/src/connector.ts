import { defineConnector, INCREMENTAL_STATE_VERSION } from '@openmdr/connector-kit';
import { isolateHostAction, isolateHostManifest } from './actions.js';
import { createSecurityhubClient } from './client.js';
import { SECURITYHUB_REGIONS, securityhubConfigSchema } from './config.js';
import { alertsStream, SECURITYHUB_ALERTS_PATH } from './streams.js';

/**
 * The AWS Security Hub connector: alerts read incrementally and normalised to OCSF Detection Finding;
 * host isolation polled to completion. OAuth2 client credentials.
 * TODO: the manifest from the vendor's API documentation (CONTRIBUTING.md, "Fill it in").
 *
 * @example
 * ```ts
 * const securityhub = await securityhubConnector.connect({
 *   config: { region: 'eu', clientId: '…' },
 *   secrets, // provides securityhub.client_secret
 * });
 * for await (const batch of securityhub.read('alerts', savedState)) { … }
 * await securityhub.runAction('isolate-host', { hostId: 'host-1' });
 * ```
 */
export const securityhubConnector = defineConnector({
  manifest: {
    id: 'securityhub',
    vendor: 'AWS Security Hub',
    product: 'AWS Security Hub',
    category: 'edr',
    version: '0.1.0',
    auth: ['oauth2-client-credentials'],
    regions: SECURITYHUB_REGIONS,
    streams: {
      alerts: {
        description: 'AWS Security Hub alerts, oldest update first',
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
    docsUrl: 'https://openmdr.dev/docs/connectors/securityhub',
  },
  config: securityhubConfigSchema,
  createClient: createSecurityhubClient,
  check: async ({ client }) => {
    await client.api.request({ path: SECURITYHUB_ALERTS_PATH, query: { limit: 1 } });
  },
  streams: { alerts: alertsStream },
  actions: { 'isolate-host': isolateHostAction },
});
