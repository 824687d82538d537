import { createHash } from 'node:crypto';
import type { StreamDefinition } from '@openmdr/connector-kit';
import {
  ConnectorResponseError,
  type IncrementalState,
  incrementalRead,
  paginate,
} from '@openmdr/connector-kit';
import type { JsonRecord } from '@openmdr/connector-kit/normalize';
import type { SentinelClient } from './client.js';
import type { SentinelConfig } from './config.js';
import { kqlDatetime, runLogAnalyticsQuery } from './log-analytics.js';
import { normalizeSentinelQueryRow } from './normalize.js';
import { normalizeSentinelAlert } from './normalize-alert.js';
import { msOf } from './normalize-common.js';
import { normalizeSentinelIncident } from './normalize-incident.js';

/** The `Microsoft.SecurityInsights` API version the connector speaks (stable, 2025-09-01). */
export const SENTINEL_ARM_API_VERSION = '2025-09-01';

/** The incidents collection under a workspace's ARM path. */
export const SENTINEL_INCIDENTS_SUFFIX = '/providers/Microsoft.SecurityInsights/incidents';

const DAY_MS = 86_400_000;

/** The watermark field of incidents. */
const INCIDENT_TIME = 'properties/lastModifiedTimeUtc';

const incidentTime = (incident: JsonRecord): number => {
  const properties = incident['properties'] as JsonRecord | undefined;
  const time = msOf(properties?.['lastModifiedTimeUtc'] ?? properties?.['createdTimeUtc']);
  return Number.isNaN(time) ? 0 : time;
};

const startOf = (config: SentinelConfig, now: number): number =>
  config.startAt ? Date.parse(config.startAt) : now - DAY_MS;

/**
 * The `incidents` stream: `GET <workspace>/providers/Microsoft.SecurityInsights/incidents
 * ?api-version=2025-09-01&$filter=properties/lastModifiedTimeUtc ge <since>&$orderby=
 * properties/lastModifiedTimeUtc asc&$top=` following every `nextLink`, from the watermark minus
 * `lookbackMs`; each version of an incident (name and last modified time) is delivered once.
 */
export const incidentsStream: StreamDefinition<SentinelConfig, SentinelClient> = {
  read: ({ client, config }, state) =>
    incrementalRead<JsonRecord>({
      state: state as IncrementalState | undefined,
      startAt: startOf(config, client.arm.serverNow()),
      lookbackMs: config.lookbackMs,
      idOf: (incident) => `${String(incident['name'])}@${incidentTime(incident)}`,
      timeOf: incidentTime,
      pages: (since) =>
        paginate<JsonRecord>(client.arm, {
          style: 'odata-next-link',
          nextLinkPath: 'nextLink',
          recordsPath: 'value',
          request: {
            path: `${client.workspacePath}${SENTINEL_INCIDENTS_SUFFIX}`,
            query: {
              'api-version': SENTINEL_ARM_API_VERSION,
              $filter: `${INCIDENT_TIME} ge ${new Date(since).toISOString()}`,
              $orderby: `${INCIDENT_TIME} asc`,
              $top: config.pageSize,
            },
          },
        }),
    }),
  normalize: (raw) => normalizeSentinelIncident(raw),
};

const rowTime = (row: JsonRecord): number => {
  const time = msOf(row['TimeGenerated']);
  return Number.isNaN(time) ? 0 : time;
};

/**
 * Time-windowed KQL pages: `<table expression> | where TimeGenerated >= since and
 * TimeGenerated < until | order by TimeGenerated asc | take <limit>`, bounded by the
 * same `timespan`; a full page continues from its last `TimeGenerated` (rows seen twice are
 * dropped by the stream's dedup). `until` is `before` when given (a bounded search, as a
 * hunt's), else the vendor's now (plus a second) when the read starts.
 */
export async function* kqlPages(
  client: SentinelClient,
  config: SentinelConfig,
  expression: string,
  since: number,
  before?: number,
): AsyncIterable<{ records: JsonRecord[] }> {
  const until = before ?? client.logAnalytics.serverNow() + 1_000;
  let start = since;
  for (;;) {
    const query = [
      expression.trim(),
      `| where TimeGenerated >= ${kqlDatetime(start)} and TimeGenerated < ${kqlDatetime(until)}`,
      '| order by TimeGenerated asc',
      `| take ${config.queryRowLimit}`,
    ].join('\n');
    const rows = await runLogAnalyticsQuery(client, {
      workspaceId: config.workspaceId,
      query,
      timespan: `${new Date(start).toISOString()}/${new Date(until).toISOString()}`,
      waitSeconds: config.queryWaitSeconds,
    });
    yield { records: rows };
    if (rows.length < config.queryRowLimit) return;
    const last = rowTime(rows[rows.length - 1] ?? {});
    if (last <= start) {
      throw new ConnectorResponseError(
        `more than ${config.queryRowLimit} rows share TimeGenerated ${new Date(start).toISOString()}: raise queryRowLimit`,
        { details: { queryRowLimit: config.queryRowLimit } },
      );
    }
    start = last;
  }
}

/** The id of a row version: its alert or item id at its time, else the SHA-256 of its JSON. */
export function rowId(row: JsonRecord): string {
  const id = row['SystemAlertId'] ?? row['_ItemId'];
  if (typeof id === 'string') return `${id}@${rowTime(row)}`;
  return createHash('sha256').update(JSON.stringify(row)).digest('hex');
}

/** A KQL-backed stream over a table expression. */
function kqlStream(
  expression: (config: SentinelConfig) => string | undefined,
  normalize: StreamDefinition<SentinelConfig, SentinelClient>['normalize'],
): StreamDefinition<SentinelConfig, SentinelClient> {
  return {
    read: ({ client, config }, state) => {
      const kql = expression(config);
      return incrementalRead<JsonRecord>({
        state: state as IncrementalState | undefined,
        startAt: startOf(config, client.logAnalytics.serverNow()),
        lookbackMs: config.lookbackMs,
        idOf: rowId,
        timeOf: rowTime,
        pages: kql
          ? (since) => kqlPages(client, config, kql, since)
          : async function* () {
              yield { records: [] };
            },
      });
    },
    normalize,
  };
}

/**
 * The `alerts` stream: `SecurityAlert` rows through the Log Analytics query API by
 * `TimeGenerated` (each alert version is a new row with the same `SystemAlertId`, the newest
 * kept by dedup on id), normalised to Detection Finding with the `Entities` as evidences.
 */
export const alertsStream = kqlStream(
  () => 'SecurityAlert',
  (raw) => normalizeSentinelAlert(raw),
);

/**
 * The `query` stream: the configured KQL (`query`) by `TimeGenerated`, rows deduplicated by
 * `SystemAlertId`, `_ItemId` or their content; `SecurityAlert` rows become Detection Findings,
 * others Base Events with their columns in `unmapped`. Reads nothing without a `query`.
 */
export const queryStream = kqlStream(
  (config) => config.query,
  (raw) => normalizeSentinelQueryRow(raw),
);
