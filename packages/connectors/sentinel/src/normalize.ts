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
import { SENTINEL_PRODUCT } from './normalize-common.js';
import { normalizeSentinelIncident } from './normalize-incident.js';

/**
 * Normalises one row of a configured KQL query: a `SecurityAlert` row (with `SystemAlertId`)
 * as a Detection Finding, any other row as an OCSF Base Event (class 0) at its
 * `TimeGenerated`, every column kept in `unmapped`.
 *
 * @throws {NormalizationError} (`NORMALIZE_FAILED`) when the row has no `TimeGenerated`.
 */
export function normalizeSentinelQueryRow(
  record: unknown,
  options: NormalizeOptions = {},
): NormalizedEvent {
  if (isRecord(record) && typeof record['SystemAlertId'] === 'string')
    return normalizeSentinelAlert(record, options);
  const row = new RecordReader(record);
  const time = row.requireTime('TimeGenerated');
  return buildEvent(
    'base_event',
    {
      activity_id: 0,
      severity_id: 0,
      time,
      message: row.string('Type') ? `${row.string('Type')} row` : 'Log Analytics row',
      metadata: {
        product: SENTINEL_PRODUCT,
        original_time: row.string('TimeGenerated'),
        log_name: row.string('Type'),
      },
      unmapped: row.rest(new Set()),
    },
    { source: 'Microsoft Sentinel query row', record, options },
  );
}

/**
 * The Microsoft Sentinel sources of `openmdr normalize`: `sentinel/incidents` (ARM incident
 * resources), `sentinel/alerts` (`SecurityAlert` rows) and `sentinel/query` (any Log Analytics
 * row with `TimeGenerated`), and `sentinel` for any of them.
 */
export const sentinelNormalizeSources: readonly NormalizeSource[] = connectorSources(
  'sentinel',
  'Microsoft Sentinel',
  [
    {
      id: 'sentinel/incidents',
      summary: 'Microsoft Sentinel incidents (ARM Microsoft.SecurityInsights/incidents resources)',
      matches: (record) =>
        isRecord(record) &&
        isRecord(record['properties']) &&
        'incidentNumber' in record['properties'],
      normalize: (record, options) => normalizeSentinelIncident(record, options),
    },
    {
      id: 'sentinel/alerts',
      summary: 'SecurityAlert rows of the Log Analytics query API',
      matches: (record) => isRecord(record) && typeof record['SystemAlertId'] === 'string',
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
