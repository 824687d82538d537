/**
 * `@openmdr/connector-sentinel`: the Microsoft Sentinel connector — `incidents` (ARM
 * `Microsoft.SecurityInsights/incidents`, `$filter`/`$orderby` on `lastModifiedTimeUtc`,
 * `nextLink`) to OCSF Incident Finding; `alerts` (`SecurityAlert` through the Log Analytics
 * query API) to Detection Finding with the alert's entities; `query` (any configured KQL);
 * `update-incident` (status, severity, owner, classification; etag-checked) and
 * `comment-incident`; `write-findings` ({@link writeSentinelFindings}) through the Logs Ingestion API. Commercial
 * and US Government clouds.
 *
 * @packageDocumentation
 */

export {
  commentIncidentAction,
  commentIncidentInputSchema,
  commentIncidentManifest,
  commentIncidentOutputSchema,
  sentinelCommentId,
  updatedIncidentProperties,
  updateIncidentAction,
  updateIncidentInputSchema,
  updateIncidentManifest,
  updateIncidentOutputSchema,
} from './actions.js';
export { createSentinelClient, type SentinelClient, sentinelWorkspacePath } from './client.js';
export {
  SENTINEL_CLOUDS,
  SENTINEL_REGIONS,
  type SentinelCloud,
  type SentinelCloudName,
  type SentinelConfig,
  sentinelConfigSchema,
  sentinelEndpoints,
  sentinelIngestionSchema,
} from './config.js';
export { sentinelConnector } from './connector.js';
export { sentinelSearch } from './hunt-search.js';
export {
  batchRows,
  type OcsfEventLike,
  SENTINEL_INGESTION_API_VERSION,
  SENTINEL_INGESTION_MAX_BYTES,
  type SentinelFindingRow,
  type SentinelWriteResult,
  sentinelFindingRow,
  sentinelRecordId,
  writeFindingsAction,
  writeFindingsInputSchema,
  writeFindingsManifest,
  writeFindingsOutputSchema,
  writeSentinelFindings,
} from './ingestion.js';
export {
  kqlDatetime,
  type LogAnalyticsColumn,
  type LogAnalyticsQueryOptions,
  type LogAnalyticsResponse,
  type LogAnalyticsTable,
  runLogAnalyticsQuery,
  tableRecords,
} from './log-analytics.js';
export { normalizeSentinelQueryRow, sentinelNormalizeSources } from './normalize.js';
export { normalizeSentinelAlert } from './normalize-alert.js';
export { msOf, SENTINEL_PRODUCT, sentinelVerdictId } from './normalize-common.js';
export { parseSentinelEntities, sentinelEvidences } from './normalize-entities.js';
export { normalizeSentinelIncident, SENTINEL_UNASSIGNED } from './normalize-incident.js';
export { QUERY_COLUMNS, queryRowAttributes } from './normalize-query-columns.js';
export {
  alertsStream,
  incidentsStream,
  queryStream,
  SENTINEL_ARM_API_VERSION,
  SENTINEL_INCIDENTS_SUFFIX,
} from './streams.js';
