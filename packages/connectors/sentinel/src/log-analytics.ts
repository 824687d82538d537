import { ConnectorResponseError } from '@openmdr/connector-kit';
import type { JsonRecord } from '@openmdr/connector-kit/normalize';
import type { SentinelClient } from './client.js';

/** A column of a Log Analytics result table. */
export interface LogAnalyticsColumn {
  /** Column name. */
  name: string;
  /** Column type (`string`, `datetime`, `dynamic`, `int`, `long`, `real`, `bool`, `guid`). */
  type: string;
}

/** A result table of the Log Analytics query API. */
export interface LogAnalyticsTable {
  /** Table name (`PrimaryResult`). */
  name: string;
  /** Columns, in row order. */
  columns: LogAnalyticsColumn[];
  /** Rows: one value per column. */
  rows: unknown[][];
}

/** The body of `POST /v1/workspaces/{id}/query`. */
export interface LogAnalyticsResponse {
  /** The result tables; the first is the query's result. */
  tables?: LogAnalyticsTable[];
  /** With a 200, a partial result: `{ code: 'PartialError', message, details }`. */
  error?: { code?: string; message?: string; details?: unknown[] };
}

/** Options of {@link runLogAnalyticsQuery}. */
export interface LogAnalyticsQueryOptions {
  /** The workspace id (GUID). */
  workspaceId: string;
  /** KQL. */
  query: string;
  /** ISO 8601 interval (`<start>/<end>`) or duration the query is bounded to. */
  timespan?: string;
  /** Server-side timeout, seconds (`Prefer: wait=`). */
  waitSeconds?: number;
}

/**
 * The rows of a result table as records keyed by column name; `dynamic` columns that hold JSON
 * text stay text (normalisers parse what they map, e.g. `Entities`).
 */
export function tableRecords(table: LogAnalyticsTable): JsonRecord[] {
  return table.rows.map((row) => {
    const record: JsonRecord = {};
    table.columns.forEach((column, index) => {
      const value = row[index];
      if (value !== null && value !== undefined && value !== '') record[column.name] = value;
    });
    return record;
  });
}

/**
 * Runs one KQL query through the Log Analytics query API and returns the primary table's rows
 * as records. A partial result (a 200 carrying `error.code` `PartialError`, e.g. a row or size
 * limit, or a workspace that did not answer) is not taken as complete: it throws, so a cursor
 * never moves past rows the service left out.
 *
 * @throws {ConnectorResponseError} (`CONNECTOR_RESPONSE`) on a partial result (its code,
 *   message and details in `details`) or a body without tables.
 */
export async function runLogAnalyticsQuery(
  client: SentinelClient,
  options: LogAnalyticsQueryOptions,
): Promise<JsonRecord[]> {
  const response = await client.logAnalytics.request<LogAnalyticsResponse | undefined>({
    method: 'POST',
    path: `/v1/workspaces/${encodeURIComponent(options.workspaceId)}/query`,
    json: { query: options.query, ...(options.timespan ? { timespan: options.timespan } : {}) },
    ...(options.waitSeconds ? { headers: { prefer: `wait=${options.waitSeconds}` } } : {}),
  });
  const body = response.data;
  if (body?.error) {
    throw new ConnectorResponseError(
      `Log Analytics returned a partial result (${body.error.code ?? 'error'}): ${body.error.message ?? 'no message'}`,
      {
        details: {
          code: body.error.code,
          message: body.error.message,
          details: body.error.details,
          rowsReturned: body.tables?.[0]?.rows.length ?? 0,
        },
      },
    );
  }
  const table = body?.tables?.[0];
  if (!table || !Array.isArray(table.columns) || !Array.isArray(table.rows)) {
    throw new ConnectorResponseError('Log Analytics response has no result table', {
      details: { url: response.url.pathname },
    });
  }
  return tableRecords(table);
}

/** A KQL `datetime()` literal. */
export function kqlDatetime(ms: number): string {
  return `datetime(${new Date(ms).toISOString()})`;
}
