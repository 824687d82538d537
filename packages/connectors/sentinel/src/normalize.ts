import type { NormalizedEvent } from '@openmdr/connector-kit';
import {
  buildEvent,
  connectorSources,
  isRecord,
  type NormalizeOptions,
  type NormalizeSource,
  RecordReader,
} from '@openmdr/connector-kit/normalize';
import { normalizeSentinelAlert } from './normalize-alert.js';
import { isArmSentinelAlert } from './normalize-alert-shapes.js';
import { requireLenientTime, SENTINEL_PRODUCT } from './normalize-common.js';
import { normalizeSentinelIncident } from './normalize-incident.js';
import { isSecurityIncidentRow } from './normalize-incident-row.js';
import { firstColumn, QUERY_COLUMNS, queryRowAttributes } from './normalize-query-columns.js';

/**
 * Columns a row is dated by, in order: `TimeGenerated`, else the time columns of Defender tables,
 * Windows events and `summarize` results.
 */
const QUERY_TIME_COLUMNS = [
  'TimeGenerated',
  'Timestamp',
  'EventTime',
  'TimeCreated',
  'StartTime',
  'max_TimeGenerated',
  'min_TimeGenerated',
  'LastSeen',
  'FirstSeen',
];

/**
 * Normalises one row of a configured KQL query: a `SecurityAlert` row (with `SystemAlertId`)
 * as a Detection Finding, a `SecurityIncident` row as an Incident Finding, any other row as an
 * OCSF Base Event (class 0) at its `TimeGenerated` (or another time column: `Timestamp`,
 * `EventTime`, `max_TimeGenerated`, …), every column kept in `unmapped`. Well-known
 * columns (one table, `QUERY_COLUMNS`: `Computer`, `UserPrincipalName`, `Account`, `IPAddress`, …)
 * also give the event's `device`, `actor.user`, `observables` and `message`, and `EventID`
 * its `metadata.event_code`.
 *
 * @throws {NormalizationError} (`NORMALIZE_FAILED`) naming `TimeGenerated` when the row has no
 *   time column.
 */
export function normalizeSentinelQueryRow(
  record: unknown,
  options: NormalizeOptions = {},
): NormalizedEvent {
  if (isRecord(record) && typeof record['SystemAlertId'] === 'string' && record['SystemAlertId'])
    return normalizeSentinelAlert(record, options);
  if (isSecurityIncidentRow(record)) return normalizeSentinelIncident(record, options);
  const row = new RecordReader(record);
  const time = requireLenientTime(row, QUERY_TIME_COLUMNS);
  const type = row.string('Type');
  return buildEvent(
    'base_event',
    {
      activity_id: 0,
      severity_id: 0,
      time,
      message:
        firstColumn(row.record, QUERY_COLUMNS.message)?.value ??
        (type ? `${type} row` : 'Log Analytics row'),
      ...queryRowAttributes(row.record),
      metadata: {
        product: SENTINEL_PRODUCT,
        original_time: row.string('TimeGenerated'),
        log_name: type,
        event_code: row.string('EventID'),
        tenant_uid: row.string('TenantId'),
      },
      unmapped: row.rest(new Set()),
    },
    { source: 'Microsoft Sentinel query row', record, options },
  );
}

/**
 * The Microsoft Sentinel sources of `openmdr normalize`: `sentinel/incidents` (ARM incident
 * resources, `SecurityIncident` rows), `sentinel/alerts` (`SecurityAlert` rows, ARM alerts) and `sentinel/query` (any Log Analytics
 * row with `TimeGenerated`), and `sentinel` for any of them.
 */
export const sentinelNormalizeSources: readonly NormalizeSource[] = connectorSources(
  'sentinel',
  'Microsoft Sentinel',
  [
    {
      id: 'sentinel/incidents',
      summary:
        'Microsoft Sentinel incidents (ARM Microsoft.SecurityInsights/incidents resources, SecurityIncident rows)',
      matches: (record) =>
        isSecurityIncidentRow(record) ||
        (isRecord(record) &&
          isRecord(record['properties']) &&
          'incidentNumber' in record['properties']),
      normalize: (record, options) => normalizeSentinelIncident(record, options),
    },
    {
      id: 'sentinel/alerts',
      summary: 'SecurityAlert rows of the Log Analytics query API, ARM alerts of an incident',
      matches: (record) =>
        (isRecord(record) && typeof record['SystemAlertId'] === 'string') ||
        isArmSentinelAlert(record),
      normalize: (record, options) => normalizeSentinelAlert(record, options),
    },
    {
      id: 'sentinel/query',
      summary: 'Rows of any Log Analytics query (columns by name, with TimeGenerated)',
      matches: (record) => isRecord(record) && 'TimeGenerated' in record,
      normalize: (record, options) => normalizeSentinelQueryRow(record, options),
    },
  ],
);
