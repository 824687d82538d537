import { defineConnector, INCREMENTAL_STATE_VERSION } from '@openmdr/connector-kit';
import { isolateHostAction, isolateHostManifest } from './actions.js';
import { createGuarddutyClient } from './client.js';
import { GUARDDUTY_REGIONS, guarddutyConfigSchema } from './config.js';
import { alertsStream, GUARDDUTY_ALERTS_PATH } from './streams.js';

/**
 * The Amazon GuardDuty connector: alerts read incrementally and normalised to OCSF Detection Finding;
 * host isolation polled to completion. OAuth2 client credentials.
 * TODO: the manifest from the vendor's API documentation (CONTRIBUTING.md, "Fill it in").
 *
 * @example
 * ```ts
 * const guardduty = await guarddutyConnector.connect({
 *   config: { region: 'eu', clientId: '…' },
 *   secrets, // provides guardduty.client_secret
 * });
 * for await (const batch of guardduty.read('alerts', savedState)) { … }
 * await guardduty.runAction('isolate-host', { hostId: 'host-1' });
 * ```
 */
export const guarddutyConnector = defineConnector({
  manifest: {
    id: 'guardduty',
    vendor: 'Amazon GuardDuty',
    product: 'Amazon GuardDuty',
    category: 'edr',
    version: '0.1.0',
    auth: ['oauth2-client-credentials'],
    regions: GUARDDUTY_REGIONS,
    streams: {
      alerts: {
        description: 'Amazon GuardDuty alerts, oldest update first',
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
    docsUrl: 'https://openmdr.dev/docs/connectors/guardduty',
  },
  config: guarddutyConfigSchema,
  createClient: createGuarddutyClient,
  check: async ({ client }) => {
    await client.api.request({ path: GUARDDUTY_ALERTS_PATH, query: { limit: 1 } });
  },
  streams: { alerts: alertsStream },
  actions: { 'isolate-host': isolateHostAction },
});
