import { defineConnector, INCREMENTAL_STATE_VERSION } from '@openmdr/connector-kit';
import { isolateHostAction, isolateHostManifest } from './actions.js';
import { createCloudtrailClient } from './client.js';
import { CLOUDTRAIL_REGIONS, cloudtrailConfigSchema } from './config.js';
import { alertsStream, CLOUDTRAIL_ALERTS_PATH } from './streams.js';

/**
 * The AWS CloudTrail connector: alerts read incrementally and normalised to OCSF Detection Finding;
 * host isolation polled to completion. OAuth2 client credentials.
 * TODO: the manifest from the vendor's API documentation (CONTRIBUTING.md, "Fill it in").
 *
 * @example
 * ```ts
 * const cloudtrail = await cloudtrailConnector.connect({
 *   config: { region: 'eu', clientId: '…' },
 *   secrets, // provides cloudtrail.client_secret
 * });
 * for await (const batch of cloudtrail.read('alerts', savedState)) { … }
 * await cloudtrail.runAction('isolate-host', { hostId: 'host-1' });
 * ```
 */
export const cloudtrailConnector = defineConnector({
  manifest: {
    id: 'cloudtrail',
    vendor: 'AWS CloudTrail',
    product: 'AWS CloudTrail',
    category: 'edr',
    version: '0.1.0',
    auth: ['oauth2-client-credentials'],
    regions: CLOUDTRAIL_REGIONS,
    streams: {
      alerts: {
        description: 'AWS CloudTrail alerts, oldest update first',
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
    docsUrl: 'https://openmdr.dev/docs/connectors/cloudtrail',
  },
  config: cloudtrailConfigSchema,
  createClient: createCloudtrailClient,
  check: async ({ client }) => {
    await client.api.request({ path: CLOUDTRAIL_ALERTS_PATH, query: { limit: 1 } });
  },
  streams: { alerts: alertsStream },
  actions: { 'isolate-host': isolateHostAction },
});
