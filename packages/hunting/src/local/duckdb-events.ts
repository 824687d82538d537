/**
 * Loads events into an embedded DuckDB event table (the hunting layout): from event objects,
 * JSON-lines text or files, or Parquet files (read with DuckDB's `read_parquet`).
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import {
  BIGINT,
  type DuckDBConnection,
  DuckDBDataChunk,
  type DuckDBValue,
  INTEGER,
  LIST,
  listValue,
  VARCHAR,
} from '@duckdb/node-api';
import { SQL_EVENT_COLUMNS, SQL_EVENT_TABLE, sqlIdentifier, sqlString } from '@openmdr/detections';
import {
  type EventRow,
  eventRow,
  inputMapping,
  type LocalHuntInput,
  parseJsonLines,
} from './event-rows.js';

/** Options of the event loaders. */
export interface LoadEventsOptions {
  /** The table to create (replaced when it exists); default `events`. */
  readonly table?: string | undefined;
  /** How events are routed and read; default `flat`. */
  readonly input?: LocalHuntInput | undefined;
}

/** What a loader did: rows loaded, columns made, and the lines that were not events. */
export interface LoadEventsReport {
  readonly table: string;
  readonly rows: number;
  /** The field columns (without the reserved `_` columns). */
  readonly columns: readonly string[];
  /** Lines that are not JSON objects (JSON-lines input only). */
  readonly errors: readonly { readonly line: number; readonly error: string }[];
  /**
   * Field paths left out because they differ from another only in letter case (DuckDB's
   * identifiers are case-insensitive) or are too long for PostgreSQL (63 bytes).
   */
  readonly droppedColumns: readonly string[];
}

/** Events as objects by 0-based line, from an array (index = line) or a map. */
export type EventLines = readonly unknown[] | ReadonlyMap<number, unknown>;

/** The rows of events; non-objects in an array are skipped. */
export function eventRows(events: EventLines, input: LocalHuntInput = 'flat'): EventRow[] {
  const mapping = inputMapping(input);
  const rows: EventRow[] = [];
  const entries: Iterable<[number, unknown]> = Array.isArray(events)
    ? (events as readonly unknown[]).entries()
    : (events as ReadonlyMap<number, unknown>).entries();
  for (const [line, event] of entries) {
    if (typeof event !== 'object' || event === null || Array.isArray(event)) continue;
    rows.push(eventRow(event, line, mapping));
  }
  return rows;
}

/** The field columns of rows, first-seen order; names equal but for case keep the first. */
export function fieldColumns(
  rows: readonly EventRow[],
  accept: (name: string, seen: Set<string>) => boolean,
): { columns: string[]; dropped: string[] } {
  const columns: string[] = [];
  const dropped = new Set<string>();
  const known = new Set<string>();
  const seen = new Set<string>();
  for (const row of rows) {
    for (const name of [...row.fields.keys(), ...row.nulls]) {
      if (known.has(name) || dropped.has(name)) continue;
      if (name.startsWith('_') && Object.values(SQL_EVENT_COLUMNS).includes(name as never)) {
        dropped.add(name);
        continue;
      }
      if (!accept(name, seen)) {
        dropped.add(name);
        continue;
      }
      known.add(name);
      columns.push(name);
    }
  }
  return { columns, dropped: [...dropped] };
}

const TEXT_LIST = LIST(VARCHAR);
/** Rows per DuckDB data chunk (DuckDB's vector size). */
const CHUNK_ROWS = 2048;

/** Creates the event table in DuckDB and appends the rows. */
export async function loadDuckDbRows(
  connection: DuckDBConnection,
  rows: readonly EventRow[],
  options: LoadEventsOptions = {},
  errors: LoadEventsReport['errors'] = [],
): Promise<LoadEventsReport> {
  const table = options.table ?? SQL_EVENT_TABLE;
  const { columns, dropped } = fieldColumns(rows, (name, seen) => {
    const folded = name.toLowerCase();
    if (seen.has(folded)) return false;
    seen.add(folded);
    return true;
  });
  const definitions = [
    `${sqlIdentifier(SQL_EVENT_COLUMNS.line)} INTEGER`,
    `${sqlIdentifier(SQL_EVENT_COLUMNS.logsources)} VARCHAR[]`,
    `${sqlIdentifier(SQL_EVENT_COLUMNS.keywords)} VARCHAR[]`,
    `${sqlIdentifier(SQL_EVENT_COLUMNS.nulls)} VARCHAR[]`,
    `${sqlIdentifier(SQL_EVENT_COLUMNS.time)} BIGINT`,
    ...columns.map((column) => `${sqlIdentifier(column)} VARCHAR`),
  ];
  await connection.run(
    `CREATE OR REPLACE TABLE ${sqlIdentifier(table)} (${definitions.join(', ')})`,
  );
  const appender = await connection.createAppender(table);
  const droppedSet = new Set(dropped);
  const types = [INTEGER, TEXT_LIST, TEXT_LIST, TEXT_LIST, BIGINT, ...columns.map(() => VARCHAR)];
  // Whole data chunks (2048 rows) rather than value by value.
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    const slice = rows.slice(start, start + CHUNK_ROWS);
    const values: DuckDBValue[][] = [
      slice.map((row) => row.line),
      slice.map((row) => (row.logsources === undefined ? null : listValue([...row.logsources]))),
      slice.map((row) => listValue([...row.keywords])),
      slice.map((row) => listValue(row.nulls.filter((name) => !droppedSet.has(name)))),
      slice.map((row) => (row.time === undefined ? null : BigInt(Math.trunc(row.time)))),
      ...columns.map((column) => slice.map((row) => row.fields.get(column) ?? null)),
    ];
    const chunk = DuckDBDataChunk.create(types, slice.length);
    chunk.setColumns(values);
    appender.appendDataChunk(chunk);
  }
  appender.closeSync();
  return { table, rows: rows.length, columns, errors, droppedColumns: dropped };
}

/** Loads events (objects by line) into a DuckDB event table. */
export function loadDuckDbEvents(
  connection: DuckDBConnection,
  events: EventLines,
  options: LoadEventsOptions = {},
): Promise<LoadEventsReport> {
  return loadDuckDbRows(connection, eventRows(events, options.input), options);
}

/** Loads a JSON-lines file (`.jsonl`, `.ndjson`, `.json`) into a DuckDB event table. */
export async function loadDuckDbJsonLines(
  connection: DuckDBConnection,
  path: string,
  options: LoadEventsOptions = {},
): Promise<LoadEventsReport> {
  const { events, errors } = parseJsonLines(await readFile(path, 'utf8'));
  return loadDuckDbRows(connection, eventRows(events, options.input), options, errors);
}

/** Reads the rows of a Parquet file as JSON objects (line = row number), through DuckDB. */
export async function readParquetEvents(
  connection: DuckDBConnection,
  path: string,
): Promise<Record<string, unknown>[]> {
  const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet(${sqlString(path)})`);
  return reader.getRowObjectsJson() as Record<string, unknown>[];
}

/** Loads a Parquet file of events into a DuckDB event table. */
export async function loadDuckDbParquet(
  connection: DuckDBConnection,
  path: string,
  options: LoadEventsOptions = {},
): Promise<LoadEventsReport> {
  const events = await readParquetEvents(connection, path);
  return loadDuckDbRows(connection, eventRows(events, options.input), options);
}
