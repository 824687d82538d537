import { defineConnector, INCREMENTAL_STATE_VERSION } from '@openmdr/connector-kit';
import {
  acknowledgeBreachAction,
  acknowledgeBreachManifest,
  commentBreachAction,
  commentBreachManifest,
  unacknowledgeBreachAction,
  unacknowledgeBreachManifest,
} from './actions.js';
import { createDarktraceClient } from './client.js';
import { darktraceConfigSchema } from './config.js';
import {
  activateRespondAction,
  clearRespondAction,
  extendRespondAction,
  reactivateRespondAction,
  respondChangeManifests,
} from './respond-code-actions.js';
import {
  blockConnectionsAction,
  quarantineDeviceAction,
  releaseDeviceAction,
  respondDeviceManifests,
} from './respond-manual-actions.js';
import {
  aiAnalystIncidentsStream,
  DARKTRACE_MODEL_BREACHES_PATH,
  modelBreachesStream,
} from './streams.js';

/**
 * The Darktrace connector (DETECT / NDR and RESPOND): model breaches and AI Analyst incident
 * events read by time window with a look-back, normalised to OCSF Detection Finding; breach
 * acknowledgement and comments; RESPOND/Network actions — quarantine a device, block its
 * connections with an address, release it, and activate / extend / clear / reactivate an action. Requests are signed with the tenant's API token pair (`DTAPI-*` headers).
 *
 * @example
 * ```ts
 * const darktrace = await darktraceConnector.connect({
 *   config: { baseUrl: 'https://acme.cloud.darktrace.com', publicToken: '…' },
 *   secrets, // provides darktrace.private_token
 * });
 * for await (const batch of darktrace.read('model-breaches', savedState)) { … }
 * await darktrace.runAction('acknowledge-breach', { pbid: 1234 });
 * await darktrace.runAction('quarantine-device', { ip: '10.20.4.17', duration: 1800 });
 * ```
 */
export const darktraceConnector = defineConnector({
  manifest: {
    id: 'darktrace',
    vendor: 'Darktrace',
    product: 'Darktrace DETECT',
    category: 'ndr',
    version: '0.1.0',
    auth: ['hmac'],
    // no shared hosts: every customer has an appliance or a <tenant>.cloud.darktrace.com instance
    regions: {},
    streams: {
      'model-breaches': {
        description: 'Model breaches by breach time (time window with look-back)',
        cursor: 'time-window',
        sortField: 'time',
        dedupKey: 'pbid',
        stateVersion: INCREMENTAL_STATE_VERSION,
        ocsfClasses: ['detection_finding'],
        requiredPermissions: ['modelbreaches:read'],
      },
      'ai-analyst-incidents': {
        description: 'AI Analyst incident events by creation time (time window with look-back)',
        cursor: 'time-window',
        sortField: 'createdAt',
        dedupKey: 'id',
        stateVersion: INCREMENTAL_STATE_VERSION,
        ocsfClasses: ['detection_finding'],
        requiredPermissions: ['aianalyst:read'],
      },
    },
    actions: {
      'acknowledge-breach': acknowledgeBreachManifest,
      'unacknowledge-breach': unacknowledgeBreachManifest,
      'comment-breach': commentBreachManifest,
      ...respondDeviceManifests,
      ...respondChangeManifests,
    },
    // Darktrace publishes no API budget; a conservative share of an appliance's capacity.
    rateLimit: { requests: 5, perMs: 1_000 },
    docsUrl: 'https://openmdr.dev/docs/connectors/darktrace',
  },
  config: darktraceConfigSchema,
  createClient: createDarktraceClient,
  check: async ({ client }) => {
    const now = client.api.serverNow();
    await client.api.request({
      path: DARKTRACE_MODEL_BREACHES_PATH,
      query: { starttime: now - 60_000, endtime: now, minscore: 1 },
    });
  },
  streams: {
    'model-breaches': modelBreachesStream,
    'ai-analyst-incidents': aiAnalystIncidentsStream,
  },
  actions: {
    'acknowledge-breach': acknowledgeBreachAction,
    'unacknowledge-breach': unacknowledgeBreachAction,
    'comment-breach': commentBreachAction,
    'quarantine-device': quarantineDeviceAction,
    'release-device': releaseDeviceAction,
    'block-connections': blockConnectionsAction,
    'activate-respond-action': activateRespondAction,
    'extend-respond-action': extendRespondAction,
    'clear-respond-action': clearRespondAction,
    'reactivate-respond-action': reactivateRespondAction,
  },
});
