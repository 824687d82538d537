import { defineConnector, INCREMENTAL_STATE_VERSION } from '@openmdr/connector-kit';
import { updateNotableAction, updateNotableManifest } from './actions.js';
import { createSplunkClient } from './client.js';
import { splunkConfigSchema } from './config.js';
import { splunkSearch } from './hunt-search.js';
import { notablesStream, searchStream } from './streams.js';
import { writeFindingsAction, writeFindingsManifest } from './write-findings.js';

/**
 * The Splunk connector (Splunk Enterprise and Splunk Cloud, with Enterprise Security):
 * notables and any search read through search jobs and normalised to OCSF; findings written back
 * through the HTTP Event Collector; notables triaged. Token (Bearer) or Basic auth.
 *
 * @example
 * ```ts
 * const splunk = await splunkConnector.connect({
 *   config: { baseUrl: 'https://es.example.com:8089', auth: { type: 'token' } },
 *   secrets, // provides splunk.token
 * });
 * for await (const batch of splunk.read('notables', savedState)) { … }
 * await splunk.runAction('update-notable', { eventIds: [id], status: 2, owner: 'analyst1' });
 * ```
 */
export const splunkConnector = defineConnector({
  manifest: {
    id: 'splunk',
    vendor: 'Splunk',
    product: 'Enterprise Security',
    category: 'siem',
    version: '0.1.0',
    auth: ['static-token', 'basic'],
    // no shared hosts: each deployment and Splunk Cloud stack has its own
    regions: {},
    streams: {
      notables: {
        description:
          'Enterprise Security notable events, by index time, through a search job per run',
        cursor: 'time-window',
        sortField: '_indextime',
        dedupKey: 'event_id',
        stateVersion: INCREMENTAL_STATE_VERSION,
        ocsfClasses: ['detection_finding'],
        requiredPermissions: ['search', 'index=notable read'],
      },
      search: {
        description: 'The results of a configured SPL search, by index time',
        cursor: 'time-window',
        sortField: '_indextime',
        dedupKey: '_bkt + _cd',
        stateVersion: INCREMENTAL_STATE_VERSION,
        ocsfClasses: ['base_event'],
        requiredPermissions: ['search'],
      },
    },
    actions: {
      'update-notable': updateNotableManifest,
      'write-findings': writeFindingsManifest,
    },
    // Splunk meters concurrent searches per role, not requests: a modest request budget.
    rateLimit: { requests: 10, perMs: 1_000 },
    docsUrl: 'https://openmdr.dev/docs/connectors/splunk',
  },
  config: splunkConfigSchema,
  createClient: createSplunkClient,
  check: async ({ client }) => {
    await client.api.request({
      path: '/services/authentication/current-context',
      query: { output_mode: 'json' },
    });
  },
  streams: { notables: notablesStream, search: searchStream },
  search: splunkSearch,
  actions: { 'update-notable': updateNotableAction, 'write-findings': writeFindingsAction },
});
