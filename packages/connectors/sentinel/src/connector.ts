import { defineConnector, INCREMENTAL_STATE_VERSION } from '@openmdr/connector-kit';
import {
  commentIncidentAction,
  commentIncidentManifest,
  updateIncidentAction,
  updateIncidentManifest,
} from './actions.js';
import { createSentinelClient } from './client.js';
import { SENTINEL_REGIONS, sentinelConfigSchema } from './config.js';
import { sentinelSearch } from './hunt-search.js';
import { writeFindingsAction, writeFindingsManifest } from './ingestion.js';
import {
  alertsStream,
  incidentsStream,
  queryStream,
  SENTINEL_ARM_API_VERSION,
  SENTINEL_INCIDENTS_SUFFIX,
} from './streams.js';

/**
 * The Microsoft Sentinel connector: incidents through ARM (`Microsoft.SecurityInsights`,
 * `$filter` on `lastModifiedTimeUtc`, `nextLink`) to OCSF Incident Finding; `SecurityAlert`
 * rows and any configured KQL through the Log Analytics query API to Detection Finding (or
 * Base Event); incident status / severity / owner / classification updates (etag-checked)
 * and comments; `write-findings` writes OCSF events back through the Logs Ingestion API. Commercial and
 * US Government clouds; Entra client credentials, one token per API audience.
 *
 * @example
 * ```ts
 * const sentinel = await sentinelConnector.connect({
 *   config: { tenantId, clientId, subscriptionId, resourceGroup: 'soc', workspaceName: 'soc-law', workspaceId },
 *   secrets, // provides sentinel.client_secret
 * });
 * for await (const batch of sentinel.read('incidents', savedState)) { … }
 * await sentinel.runAction('update-incident', { incidentId, status: 'Active', severity: 'High' });
 * ```
 */
export const sentinelConnector = defineConnector({
  manifest: {
    id: 'sentinel',
    vendor: 'Microsoft',
    product: 'Sentinel',
    category: 'siem',
    version: '0.1.0',
    auth: ['oauth2-client-credentials'],
    regions: SENTINEL_REGIONS,
    streams: {
      incidents: {
        description:
          'Incidents by last modified time (ARM list, $filter/$orderby on properties/lastModifiedTimeUtc, nextLink)',
        cursor: 'time-window',
        sortField: 'properties.lastModifiedTimeUtc',
        dedupKey: 'name',
        stateVersion: INCREMENTAL_STATE_VERSION,
        ocsfClasses: ['incident_finding'],
        requiredPermissions: [
          'Microsoft.SecurityInsights/incidents/read (Microsoft Sentinel Reader)',
        ],
      },
      alerts: {
        description: 'SecurityAlert rows by TimeGenerated (Log Analytics query API)',
        cursor: 'time-window',
        sortField: 'TimeGenerated',
        dedupKey: 'SystemAlertId',
        stateVersion: INCREMENTAL_STATE_VERSION,
        ocsfClasses: ['detection_finding'],
        requiredPermissions: ['Log Analytics Reader (Data.Read on the workspace)'],
      },
      query: {
        description: 'Rows of the configured KQL by TimeGenerated (Log Analytics query API)',
        cursor: 'time-window',
        sortField: 'TimeGenerated',
        dedupKey: 'SystemAlertId, _ItemId or the row',
        stateVersion: INCREMENTAL_STATE_VERSION,
        ocsfClasses: ['detection_finding', 'base_event'],
        requiredPermissions: ['Log Analytics Reader (Data.Read on the workspace)'],
      },
    },
    actions: {
      'update-incident': updateIncidentManifest,
      'comment-incident': commentIncidentManifest,
      'write-findings': writeFindingsManifest,
    },
    // ARM allows about 250 reads per tenant in a refilling bucket of 25/s; Log Analytics about
    // 200 requests per user in 30 s: a conservative shared budget for both.
    rateLimit: { requests: 5, perMs: 1_000 },
    docsUrl: 'https://openmdr.dev/docs/connectors/sentinel',
  },
  config: sentinelConfigSchema,
  createClient: createSentinelClient,
  check: async ({ client }) => {
    await client.arm.request({
      path: `${client.workspacePath}${SENTINEL_INCIDENTS_SUFFIX}`,
      query: { 'api-version': SENTINEL_ARM_API_VERSION, $top: 1 },
    });
  },
  streams: { incidents: incidentsStream, alerts: alertsStream, query: queryStream },
  search: sentinelSearch,
  actions: {
    'update-incident': updateIncidentAction,
    'comment-incident': commentIncidentAction,
    'write-findings': writeFindingsAction,
  },
});
