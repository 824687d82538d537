import type { HttpClient } from '@openmdr/connector-kit';
import { defineConnector, INCREMENTAL_STATE_VERSION, staticToken } from '@openmdr/connector-kit';
import { sentineloneConfigSchema } from './config.js';
import { disconnectAction, networkActionManifests, reconnectAction } from './network-actions.js';
import { normalizeSentinelOneThreat } from './normalize-threat.js';
import { agentsStream, threatsStream } from './streams.js';

/**
 * The SentinelOne connector: threats and agents from the Management API v2.1, incremental on
 * `updatedAt` with cursor pagination; network disconnect and reconnect polled to completion.
 * Authenticates with `Authorization: ApiToken <token>`.
 *
 * @example
 * ```ts
 * const s1 = await sentineloneConnector.connect({
 *   config: { consoleUrl: 'https://acme.sentinelone.net' },
 *   secrets, // provides sentinelone.api_token
 * });
 * await s1.runAction('disconnect', { agentId: '1234567890123456789' });
 * ```
 */
export const sentineloneConnector = defineConnector({
  manifest: {
    id: 'sentinelone',
    vendor: 'SentinelOne',
    product: 'Singularity',
    category: 'edr',
    version: '0.1.0',
    auth: ['static-token'],
    regions: {
      console: {
        baseUrl: 'https://tenant.sentinelone.net',
        description: "Each customer's management console URL (set consoleUrl)",
      },
    },
    streams: {
      threats: {
        description: 'Threats (Management API v2.1)',
        cursor: 'next-token',
        sortField: 'threatInfo.updatedAt',
        dedupKey: 'id + threatInfo.updatedAt',
        stateVersion: INCREMENTAL_STATE_VERSION,
        ocsfClasses: ['detection_finding'],
        requiredPermissions: ['Threats: View'],
      },
      agents: {
        description: 'Agents (endpoints)',
        cursor: 'next-token',
        sortField: 'updatedAt',
        dedupKey: 'id + updatedAt',
        stateVersion: INCREMENTAL_STATE_VERSION,
        ocsfClasses: ['inventory_info'],
        requiredPermissions: ['Endpoints: View'],
      },
    },
    actions: networkActionManifests,
    // Limits are per endpoint and not published; stay well under the usual few per second.
    rateLimit: { requests: 10, perMs: 1_000, maxConcurrent: 4 },
    docsUrl: 'https://openmdr.dev/docs/connectors/sentinelone',
  },
  config: sentineloneConfigSchema,
  createClient: (config, context): HttpClient =>
    context.createHttpClient({
      baseUrl: config.consoleUrl,
      auth: staticToken({ token: config.apiToken, style: 'api-token' }),
    }),
  check: async ({ client }) => {
    await client.request({ path: '/web/api/v2.1/system/info' });
  },
  streams: {
    threats: {
      ...threatsStream,
      normalize: (raw, session) =>
        normalizeSentinelOneThreat(raw, { consoleUrl: session.config.consoleUrl }),
    },
    agents: agentsStream,
  },
  actions: { disconnect: disconnectAction, reconnect: reconnectAction },
});
