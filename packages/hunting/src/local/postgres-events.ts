/**
 * Loads events into a PostgreSQL event table (the hunting layout) through a `pg`-style query
 * function, so that PGlite, `pg` and other clients all serve.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import {
  POSTGRES_SQL_SETUP,
  SQL_EVENT_COLUMNS,
  SQL_EVENT_TABLE,
  sqlIdentifier,
} from '@openmdr/detections';
import {
  type EventLines,
  eventRows,
  fieldColumns,
  type LoadEventsOptions,
  type LoadEventsReport,
} from './duckdb-events.js';
import type { EventRow } from './event-rows.js';
import { parseJsonLines } from './event-rows.js';

/**
 * A `pg`-style query function: runs one statement with `$1…` parameters and returns its rows
 * (`(sql, params) => client.query(sql, params)` for `pg` and PGlite).
 */
export type SqlQueryFunction = (
  sql: string,
  params?: unknown[],
) => Promise<{ rows: readonly Record<string, unknown>[] }>;

/** PostgreSQL's identifier limit, in bytes. */
const MAX_IDENTIFIER_BYTES = 63;
/** PostgreSQL's limit of parameters of one statement. */
const MAX_PARAMETERS = 65535;

/** PostgreSQL text cannot hold NUL characters: they are dropped. */
function pgText(value: string): string {
  return value.includes('\u0000') ? value.replaceAll('\u0000', '') : value;
}

/** Defines the functions rendered PostgreSQL queries use (see `POSTGRES_SQL_SETUP`). */
export async function setupPostgres(query: SqlQueryFunction): Promise<void> {
  for (const statement of POSTGRES_SQL_SETUP.split(/\$fn\$;\n/).filter(
    (part) => part.trim() !== '',
  )) {
    await query(`${statement}$fn$`);
  }
}

/** Creates the event table and inserts the rows, in batches of parameterised inserts. */
export async function loadPostgresRows(
  query: SqlQueryFunction,
  rows: readonly EventRow[],
  options: LoadEventsOptions = {},
  errors: LoadEventsReport['errors'] = [],
): Promise<LoadEventsReport> {
  const table = options.table ?? SQL_EVENT_TABLE;
  await setupPostgres(query);
  const { columns, dropped } = fieldColumns(
    rows,
    (name) => Buffer.byteLength(name, 'utf8') <= MAX_IDENTIFIER_BYTES,
  );
  const definitions = [
    `${sqlIdentifier(SQL_EVENT_COLUMNS.line)} integer`,
    `${sqlIdentifier(SQL_EVENT_COLUMNS.logsources)} text[]`,
    `${sqlIdentifier(SQL_EVENT_COLUMNS.keywords)} text[]`,
    `${sqlIdentifier(SQL_EVENT_COLUMNS.nulls)} text[]`,
    `${sqlIdentifier(SQL_EVENT_COLUMNS.time)} bigint`,
    ...columns.map((column) => `${sqlIdentifier(column)} text`),
  ];
  await query(`DROP TABLE IF EXISTS ${sqlIdentifier(table)}`);
  await query(`CREATE TABLE ${sqlIdentifier(table)} (${definitions.join(', ')})`);
  const names = [
    SQL_EVENT_COLUMNS.line,
    SQL_EVENT_COLUMNS.logsources,
    SQL_EVENT_COLUMNS.keywords,
    SQL_EVENT_COLUMNS.nulls,
    SQL_EVENT_COLUMNS.time,
    ...columns,
  ];
  const perRow = names.length;
  const batch = Math.max(1, Math.min(500, Math.floor(MAX_PARAMETERS / perRow)));
  const droppedSet = new Set(dropped);
  for (let start = 0; start < rows.length; start += batch) {
    const slice = rows.slice(start, start + batch);
    const params: unknown[] = [];
    const tuples = slice.map((row) => {
      const values: unknown[] = [
        row.line,
        row.logsources === undefined ? null : row.logsources.map(pgText),
        row.keywords.map(pgText),
        row.nulls.filter((name) => !droppedSet.has(name)),
        row.time === undefined ? null : Math.trunc(row.time),
        ...columns.map((column) => {
          const value = row.fields.get(column);
          return value === undefined ? null : pgText(value);
        }),
      ];
      const placeholders = values.map((value) => {
        params.push(value);
        return `$${params.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    await query(
      `INSERT INTO ${sqlIdentifier(table)} (${names.map(sqlIdentifier).join(', ')}) VALUES ${tuples.join(', ')}`,
      params,
    );
  }
  return { table, rows: rows.length, columns, errors, droppedColumns: dropped };
}

/** Loads events (objects by line) into a PostgreSQL event table. */
export function loadPostgresEvents(
  query: SqlQueryFunction,
  events: EventLines,
  options: LoadEventsOptions = {},
): Promise<LoadEventsReport> {
  return loadPostgresRows(query, eventRows(events, options.input), options);
}

/** Loads a JSON-lines file into a PostgreSQL event table. */
export async function loadPostgresJsonLines(
  query: SqlQueryFunction,
  path: string,
  options: LoadEventsOptions = {},
): Promise<LoadEventsReport> {
  const { events, errors } = parseJsonLines(await readFile(path, 'utf8'));
  return loadPostgresRows(query, eventRows(events, options.input), options, errors);
}
