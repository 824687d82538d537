/**
 * Local hunts: Sigma rules converted to SQL and run over an event table in an embedded DuckDB
 * or a PostgreSQL database (PGlite or a server), with the hits `openmdr sigma match` prints.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import {
  convertSigmaRules,
  type SigmaConversionError,
  type SigmaQuery,
  type SigmaQueryMapping,
  type SigmaRule,
  SQL_EVENT_COLUMNS,
  SQL_EVENT_TABLE,
  SQL_EVENTS_MAPPING,
  sqlIdentifier,
  sqlOcsfMapping,
} from '@openmdr/detections';
import { type EventLines, eventRows, loadDuckDbRows, readParquetEvents } from './duckdb-events.js';
import { type LocalHuntInput, parseJsonLines } from './event-rows.js';
import { loadPostgresRows, type SqlQueryFunction } from './postgres-events.js';

/** One hit, as `openmdr sigma match` prints it. */
export interface LocalHuntHit {
  /** 0-based line of the event. */
  readonly event: number;
  readonly rule_id: string | null;
  readonly title: string;
  readonly level: string | null;
}

/** A database with an event table already loaded. */
export type LocalHuntDatabase =
  | { readonly kind: 'duckdb'; readonly connection: DuckDBConnection }
  | { readonly kind: 'postgres'; readonly query: SqlQueryFunction };

/** Options of {@link runLocalHunt}. */
export interface LocalHuntOptions {
  readonly rules: readonly SigmaRule[];
  /** The backend; must agree with `db` when one is given. */
  readonly backend: 'duckdb' | 'postgres';
  /**
   * Events by line, or the path of a JSON-lines or Parquet (`.parquet`) file, loaded into a
   * fresh in-memory database (DuckDB, or PGlite).
   */
  readonly events?: EventLines | string | undefined;
  /** A database holding the event table (instead of `events`). */
  readonly db?: LocalHuntDatabase | undefined;
  /** How events are read: `flat` (Sigma field names, default) or `ocsf`. */
  readonly input?: LocalHuntInput | undefined;
  /** The event table; default `events`. */
  readonly table?: string | undefined;
  /** The field mapping; default the input's (`sql-events` for flat, `ocsf`). */
  readonly mapping?: SigmaQueryMapping | undefined;
  /** Rules per SQL statement (`UNION ALL`); default 64. */
  readonly batchSize?: number | undefined;
  /** Values of the rules' `expand` placeholders (a rule using one without values fails). */
  readonly placeholders?: Readonly<Record<string, readonly string[]>> | undefined;
}

/** A rule whose query the database refused. */
export interface LocalHuntQueryFailure {
  readonly ruleId: string;
  readonly title: string;
  readonly query: string;
  readonly error: string;
}

/** What {@link runLocalHunt} returns. */
export interface LocalHuntResult {
  /** Hits sorted by event line, then by the rule's place in `rules`. */
  readonly hits: readonly LocalHuntHit[];
  /** The rules that ran, with their queries. */
  readonly queries: readonly SigmaQuery[];
  /** Rules that could not be converted (construct and reason). */
  readonly conversionFailures: readonly SigmaConversionError[];
  /** Rules whose query failed in the database. */
  readonly queryFailures: readonly LocalHuntQueryFailure[];
}

type Runner = {
  columns(): Promise<Set<string>>;
  all(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
};

async function duckdbRunner(
  connection: DuckDBConnection,
  table: string,
  close?: () => void,
): Promise<Runner> {
  return {
    async columns() {
      const reader = await connection.runAndReadAll(
        `SELECT * FROM ${sqlIdentifier(table)} LIMIT 0`,
      );
      return new Set(reader.columnNames());
    },
    async all(sql) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJS() as Record<string, unknown>[];
    },
    async close() {
      close?.();
    },
  };
}

function postgresRunner(
  query: SqlQueryFunction,
  table: string,
  close?: () => Promise<void>,
): Runner {
  return {
    async columns() {
      const result = await query(
        'SELECT column_name FROM information_schema.columns WHERE table_name = $1',
        [table],
      );
      return new Set(result.rows.map((row) => String(row['column_name'])));
    },
    async all(sql) {
      return [...(await query(sql)).rows];
    },
    async close() {
      await close?.();
    },
  };
}

/** The Sigma fields rules name (items and `fieldref` values). */
export function ruleFields(rules: readonly SigmaRule[]): Set<string> {
  const fields = new Set<string>();
  for (const rule of rules) {
    for (const search of rule.detection.searches.values()) {
      const items = search.kind === 'maps' ? search.maps.flat() : search.items;
      for (const item of items) {
        if (item.field !== undefined) fields.add(item.field);
        if (item.modifiers.includes('fieldref')) {
          for (const value of item.values) if (typeof value === 'string') fields.add(value);
        }
      }
    }
  }
  return fields;
}

/** The quoted identifiers a query names (string literals skipped). */
export function quotedIdentifiers(query: string): Set<string> {
  const names = new Set<string>();
  let index = 0;
  while (index < query.length) {
    const quote = query[index];
    if (quote !== "'" && quote !== '"') {
      index++;
      continue;
    }
    let text = '';
    index++;
    while (index < query.length) {
      const char = query[index] as string;
      if (char === quote) {
        if (query[index + 1] === quote) {
          text += quote;
          index += 2;
          continue;
        }
        break;
      }
      text += char;
      index++;
    }
    index++;
    if (quote === '"') names.add(text);
  }
  return names;
}

/** Events by line: as given, or read from a JSON-lines or Parquet file. */
async function readEvents(events: EventLines | string): Promise<EventLines> {
  if (typeof events !== 'string') return events;
  if (!events.toLowerCase().endsWith('.parquet')) {
    return parseJsonLines(await readFile(events, 'utf8')).events;
  }
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return await readParquetEvents(connection, events);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function openRunner(options: LocalHuntOptions, table: string): Promise<Runner> {
  const input = options.input ?? 'flat';
  if (options.db !== undefined) {
    if (options.db.kind !== options.backend) {
      throw new TypeError(
        `backend '${options.backend}' cannot run on a ${options.db.kind} database`,
      );
    }
    return options.db.kind === 'duckdb'
      ? duckdbRunner(options.db.connection, table)
      : postgresRunner(options.db.query, table);
  }
  if (options.events === undefined) throw new TypeError('runLocalHunt needs events or db');
  const rows = eventRows(await readEvents(options.events), input);
  if (options.backend === 'duckdb') {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await loadDuckDbRows(connection, rows, { table, input });
    return duckdbRunner(connection, table, () => {
      connection.closeSync();
      instance.closeSync();
    });
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = new PGlite();
  const query: SqlQueryFunction = (sql, params) => pglite.query(sql, params);
  await loadPostgresRows(query, rows, { table, input });
  return postgresRunner(query, table, () => pglite.close());
}

/**
 * Runs Sigma rules over an event table: each rule converted for the backend (rules that do not
 * convert are reported in `conversionFailures`), missing field columns read as `NULL` through a
 * view, the queries run in `UNION ALL` batches (a failing batch is retried rule by rule, and a
 * failing rule reported in `queryFailures`). Hits are sorted as `openmdr sigma match` prints
 * them: by event line, then by the rule's place in `rules`.
 */
export async function runLocalHunt(options: LocalHuntOptions): Promise<LocalHuntResult> {
  const table = options.table ?? SQL_EVENT_TABLE;
  const view = `${table}_hunt`;
  const input = options.input ?? 'flat';
  const base =
    options.mapping ??
    (input === 'ocsf' ? sqlOcsfMapping(ruleFields(options.rules)) : SQL_EVENTS_MAPPING);
  // Every query reads the view over the table (missing field columns as NULL).
  const mapping: SigmaQueryMapping = {
    ...base,
    defaultSource: view,
    logsources: base.logsources.map((entry) => ({ ...entry, source: undefined })),
  };
  const report = convertSigmaRules(options.rules, options.backend, {
    mapping,
    ...(options.placeholders === undefined ? {} : { placeholders: options.placeholders }),
  });
  const runner = await openRunner(options, table);
  try {
    const present = await runner.columns();
    const lowered = new Set([...present].map((name) => name.toLowerCase()));
    const reserved = new Set<string>([...Object.values(SQL_EVENT_COLUMNS), view]);
    const missing = new Set<string>();
    for (const query of report.queries) {
      for (const name of quotedIdentifiers(query.query)) {
        if (reserved.has(name) || present.has(name)) continue;
        if (options.backend === 'duckdb' && lowered.has(name.toLowerCase())) continue;
        missing.add(name);
      }
    }
    const extra = [...missing].map(
      (name) =>
        `CAST(NULL AS ${options.backend === 'duckdb' ? 'VARCHAR' : 'text'}) AS ${sqlIdentifier(name)}`,
    );
    await runner.all(
      `CREATE OR REPLACE TEMPORARY VIEW ${sqlIdentifier(view)} AS SELECT *${extra.map((column) => `, ${column}`).join('')} FROM ${sqlIdentifier(table)}`,
    );
    const order = new Map<string, number>();
    for (const [index, rule] of options.rules.entries()) {
      const key = rule.id ?? rule.name ?? rule.title;
      if (!order.has(key)) order.set(key, index);
    }
    const hits: { hit: LocalHuntHit; rank: number }[] = [];
    const queryFailures: LocalHuntQueryFailure[] = [];
    const ruleOf = (query: SigmaQuery) => options.rules[order.get(query.ruleId) ?? -1];
    const record = (query: SigmaQuery, lines: readonly number[]) => {
      const rule = ruleOf(query);
      const rank = order.get(query.ruleId) ?? Number.MAX_SAFE_INTEGER;
      for (const line of new Set(lines)) {
        hits.push({
          rank,
          hit: {
            event: line,
            rule_id: rule?.id ?? null,
            title: query.title,
            level: rule?.level ?? null,
          },
        });
      }
    };
    const runOne = async (query: SigmaQuery) => {
      try {
        const rows = await runner.all(query.query);
        record(
          query,
          rows.map((row) => Number(row[SQL_EVENT_COLUMNS.line])),
        );
      } catch (error) {
        queryFailures.push({
          ruleId: query.ruleId,
          title: query.title,
          query: query.query,
          error: (error as Error).message,
        });
      }
    };
    const size = Math.max(1, options.batchSize ?? 64);
    for (let start = 0; start < report.queries.length; start += size) {
      const batch = report.queries.slice(start, start + size);
      const union = batch
        .map(
          (query, index) => `SELECT ${index} AS _rule, "_line" FROM (${query.query}) AS _q${index}`,
        )
        .join('\nUNION ALL\n');
      let rows: Record<string, unknown>[];
      try {
        rows = await runner.all(union);
      } catch {
        for (const query of batch) await runOne(query);
        continue;
      }
      const byRule = new Map<number, number[]>();
      for (const row of rows) {
        const rule = Number(row['_rule']);
        const list = byRule.get(rule) ?? [];
        list.push(Number(row[SQL_EVENT_COLUMNS.line]));
        byRule.set(rule, list);
      }
      for (const [index, query] of batch.entries()) record(query, byRule.get(index) ?? []);
    }
    hits.sort((a, b) => a.hit.event - b.hit.event || a.rank - b.rank);
    return {
      hits: hits.map((entry) => entry.hit),
      queries: report.queries,
      conversionFailures: report.failures,
      queryFailures,
    };
  } finally {
    await runner.close();
  }
}
