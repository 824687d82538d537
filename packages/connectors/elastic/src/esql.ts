import type { HttpClient } from '@openmdr/connector-kit';
import { ConnectorResponseError } from '@openmdr/connector-kit';
import type { JsonRecord } from '@openmdr/connector-kit/normalize';

/** Options of {@link esqlPages}. */
export interface EsqlPagesOptions {
  /**
   * The ES|QL source and filters (`FROM logs-endpoint.* | WHERE event.category == "process"`),
   * without `SORT` or `LIMIT`: the reader adds `METADATA _id, _index` when missing, the time
   * range, the sort and the page size.
   */
  query: string;
  /** The time field the read is sorted and filtered by. */
  timeField: string;
  /** Rows with `timeField` at or after this time, epoch ms. */
  since: number;
  /** Rows per request. */
  pageSize: number;
  /**
   * Rows with `timeField` before this time, epoch ms (a bounded search, as a hunt's); absent:
   * no upper bound (the stream reads up to the present).
   */
  until?: number | undefined;
}

const quote = (value: string): string =>
  `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

/** Backquotes a field name when ES|QL needs it (`@timestamp`). */
const field = (name: string): string =>
  /^[A-Za-z_][\w.]*$/.test(name) ? name : `\`${name.replaceAll('`', '``')}\``;

/** The source query with `METADATA _id, _index` on its `FROM` command. */
export function withMetadata(query: string): string {
  const trimmed = query.trim();
  const pipe = trimmed.indexOf('|');
  const source = pipe === -1 ? trimmed : trimmed.slice(0, pipe);
  if (!/^FROM\s/i.test(source)) {
    throw new ConnectorResponseError('an ES|QL search must start with FROM', {
      details: { query },
    });
  }
  if (/\bMETADATA\b/i.test(source)) return trimmed;
  return `${source.trimEnd()} METADATA _id, _index${pipe === -1 ? '' : ` ${trimmed.slice(pipe)}`}`;
}

/**
 * The ES|QL query of one page: after the source, rows at or after `since` (the first page), or
 * after the last row of the previous page by (`timeField`, `_id`) — keyset paging, as ES|QL has
 * no cursor — before `until` when given, sorted by both, `LIMIT pageSize`.
 */
export function esqlPageQuery(
  options: EsqlPagesOptions,
  after?: { time: string; id: string },
): string {
  const time = field(options.timeField);
  const where = after
    ? `${time} > TO_DATETIME(${quote(after.time)}) OR (${time} == TO_DATETIME(${quote(after.time)}) AND _id > ${quote(after.id)})`
    : `${time} >= TO_DATETIME(${quote(new Date(options.since).toISOString())})`;
  const until =
    options.until === undefined
      ? ''
      : ` | WHERE ${time} < TO_DATETIME(${quote(new Date(options.until).toISOString())})`;
  return `${withMetadata(options.query)} | WHERE ${where}${until} | SORT ${time} ASC, _id ASC | LIMIT ${options.pageSize}`;
}

interface EsqlResponse {
  columns?: Array<{ name?: string; type?: string }>;
  values?: unknown[][];
}

/** The rows of an ES|QL response as documents keyed by column name (`null` cells left out). */
export function esqlRows(response: EsqlResponse): JsonRecord[] {
  const columns = response.columns;
  const values = response.values;
  if (!Array.isArray(columns) || !Array.isArray(values)) {
    throw new ConnectorResponseError('ES|QL response has no columns and values');
  }
  return values.map((row) => {
    const document: JsonRecord = {};
    columns.forEach((column, index) => {
      const value = Array.isArray(row) ? row[index] : undefined;
      if (column.name && value !== null && value !== undefined) document[column.name] = value;
    });
    return document;
  });
}

/**
 * Pages of ES|QL rows at or after `since`, oldest first: `POST /_query` (`format=json`) with
 * keyset paging on (`timeField`, `_id`), one request per page until a page is short.
 */
export async function* esqlPages(
  es: HttpClient,
  options: EsqlPagesOptions,
): AsyncGenerator<{ records: JsonRecord[] }> {
  let after: { time: string; id: string } | undefined;
  for (;;) {
    const response = await es.request<EsqlResponse>({
      method: 'POST',
      path: '/_query',
      query: { format: 'json' },
      json: { query: esqlPageQuery(options, after) },
    });
    const rows = esqlRows(response.data ?? {});
    yield { records: rows };
    const last = rows.at(-1);
    if (rows.length < options.pageSize || !last) return;
    const time = last[options.timeField];
    const id = last['_id'];
    if (typeof time !== 'string' || typeof id !== 'string') {
      throw new ConnectorResponseError(`ES|QL rows need ${options.timeField} and _id to page`);
    }
    after = { time, id };
  }
}
