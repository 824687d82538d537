import { defineConnector, INCREMENTAL_STATE_VERSION } from '@openmdr/connector-kit';
import { type CrowdStrikeClient, createCrowdStrikeClient } from './client.js';
import { CROWDSTRIKE_REGIONS, crowdstrikeConfigSchema } from './config.js';
import {
  containAction,
  containmentActionManifests,
  liftContainmentAction,
} from './containment-actions.js';
import { EVENT_STREAM_STATE_VERSION, eventStream } from './event-stream.js';
import { FDR_STATE_VERSION, fdrStream } from './fdr-stream.js';
import { alertsStream, hostsStream } from './streams.js';

/**
 * The CrowdStrike Falcon connector: alerts (Alerts API v2) and hosts, incremental and
 * checkpointed, in every Falcon cloud (US-1, US-2, EU-1, US-GOV-1, US-GOV-2); the Event Streams
 * (streaming API, resumed by offset) and Falcon Data Replicator telemetry (SQS + S3); network
 * containment and its lifting, polled to completion. OAuth2 client credentials (FDR: the AWS
 * key CrowdStrike issues).
 *
 * @example
 * ```ts
 * const falcon = await crowdstrikeConnector.connect({
 *   config: { region: 'eu-1', clientId: 'abc…' },
 *   secrets, // provides crowdstrike.client_secret
 * });
 * for await (const batch of falcon.read('alerts', savedState)) { … }
 * await falcon.runAction('contain', { deviceId: '4c2e…' });
 * ```
 */
export const crowdstrikeConnector = defineConnector({
  manifest: {
    id: 'crowdstrike',
    vendor: 'CrowdStrike',
    product: 'Falcon',
    category: 'edr',
    version: '0.1.0',
    auth: ['oauth2-client-credentials'],
    regions: CROWDSTRIKE_REGIONS,
    streams: {
      alerts: {
        description: 'Falcon alerts of every product (endpoint, identity, XDR, third party)',
        cursor: 'next-token',
        sortField: 'updated_timestamp',
        dedupKey: 'composite_id + updated_timestamp',
        stateVersion: INCREMENTAL_STATE_VERSION,
        ocsfClasses: ['detection_finding'],
        requiredPermissions: ['Alerts:read'],
      },
      hosts: {
        description: 'Hosts with a Falcon sensor',
        cursor: 'next-token',
        sortField: 'modified_timestamp',
        dedupKey: 'device_id + modified_timestamp',
        stateVersion: INCREMENTAL_STATE_VERSION,
        ocsfClasses: ['inventory_info'],
        requiredPermissions: ['Hosts:read'],
      },
      'event-stream': {
        description:
          'Falcon Event Streams (detection and incident summaries, audit, Real Time Response, firewall events), read from the committed offset of each partition',
        cursor: 'offset',
        sortField: 'metadata.offset',
        dedupKey: 'metadata.customerIDString + metadata.offset',
        stateVersion: EVENT_STREAM_STATE_VERSION,
        ocsfClasses: [
          'detection_finding',
          'incident_finding',
          'authentication',
          'account_change',
          'api_activity',
          'network_activity',
          'base_event',
        ],
        requiredPermissions: ['Event streams:read'],
      },
      fdr: {
        description:
          'Falcon Data Replicator files (sensor telemetry under data/, aidmaster/ inventory) announced on SQS; each message deleted once its batch is committed',
        cursor: 'queue',
        sortField: 'timestamp',
        dedupKey: 'id',
        stateVersion: FDR_STATE_VERSION,
        ocsfClasses: [
          'process_activity',
          'network_activity',
          'dns_activity',
          'authentication',
          'file_activity',
          'module_activity',
          'kernel_extension_activity',
          'registry_key_activity',
          'registry_value_activity',
          'inventory_info',
          'base_event',
        ],
        requiredPermissions: [
          'sqs:ReceiveMessage',
          'sqs:DeleteMessage',
          'sqs:ChangeMessageVisibility',
          's3:GetObject',
        ],
      },
    },
    actions: containmentActionManifests,
    // 6 000 requests per minute per CID; stay under it.
    rateLimit: { requests: 5_000, perMs: 60_000, maxConcurrent: 8 },
    docsUrl: 'https://openmdr.dev/docs/connectors/crowdstrike',
  },
  config: crowdstrikeConfigSchema,
  createClient: (config, context): CrowdStrikeClient => createCrowdStrikeClient(config, context),
  check: async ({ client }) => {
    await client.api.request({ path: '/alerts/queries/alerts/v2', query: { limit: 1 } });
  },
  close: async ({ client }) => {
    client.close();
  },
  streams: {
    alerts: alertsStream,
    hosts: hostsStream,
    'event-stream': eventStream,
    fdr: fdrStream,
  },
  actions: { contain: containAction, 'lift-containment': liftContainmentAction },
});
