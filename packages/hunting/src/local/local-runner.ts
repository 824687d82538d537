/**
 * A {@link HuntRunner} over a local event table (an embedded DuckDB, or PostgreSQL/PGlite), so
 * that `runHunt`, retro-hunts and the `HuntScheduler` run over the events `openmdr hunt` and
 * `runLocalHunt` load.
 *
 * @module
 */
import type { Clock, TenantId } from '@openmdr/core';
import {
  convertSigmaRule,
  mergeQueryMappings,
  type SigmaQueryMapping,
  SQL_EVENT_COLUMNS,
  SQL_EVENT_TABLE,
  SQL_EVENTS_MAPPING,
  sqlIdentifier,
  sqlOcsfMapping,
} from '@openmdr/detections';
import { HuntError } from '../errors.js';
import { eventTime } from '../event-fields.js';
import type { HuntQuery, HuntRunner } from '../hunt.js';
import type { SigmaRuleConverter } from '../plan.js';
import { runPlannedQueries } from '../run-hunt.js';
import type { EventLines } from './duckdb-events.js';
import type { LocalHuntInput } from './event-rows.js';
import { type LocalHuntDatabase, quotedIdentifiers, ruleFields } from './run-local-hunt.js';

type Row = Record<string, unknown>;

/** Options of {@link createLocalHuntRunner}. */
export interface LocalHuntRunnerOptions {
  /** The database holding the event table (loaded with the DuckDB or PostgreSQL loaders). */
  readonly db: LocalHuntDatabase;
  /** The target the runner runs: `duckdb` or `postgres`; must agree with `db`. */
  readonly backend: 'duckdb' | 'postgres';
  /** The event table; default `events`. */
  readonly table?: string | undefined;
  /**
   * The field mapping rules are converted with; default the input's (`sql-events` for flat,
   * `ocsf`). A hunt's own `mapping` overrides are merged over it.
   */
  readonly mapping?: SigmaQueryMapping | undefined;
  /** How the table was loaded: `flat` (default) or `ocsf`; picks the default mapping. */
  readonly input?: LocalHuntInput | undefined;
  /**
   * The events the table was loaded from, by line. When given, a hit carries the original
   * event (by its `_line`); otherwise the row read back from the table (see
   * {@link createLocalHuntRunner}).
   */
  readonly events?: EventLines | undefined;
  /** The tenant whose events the table holds; hunts of another tenant are refused. */
  readonly tenant?: TenantId | undefined;
  /** Stamps hits whose record has no time. Default: the system clock. */
  readonly clock?: Clock | undefined;
}

const RESERVED = new Set<string>(Object.values(SQL_EVENT_COLUMNS));

/**
 * A row of the event table as a record: its `_line`, each field column that holds a value
 * (dotted paths stay flat keys: `"process.name"`), and each path of `_nulls` as `null`.
 */
export function eventRecordOfRow(row: Readonly<Row>): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const nulls = row[SQL_EVENT_COLUMNS.nulls];
  if (Array.isArray(nulls)) for (const path of nulls) record[String(path)] = null;
  for (const [column, value] of Object.entries(row)) {
    if (RESERVED.has(column) || value === null || value === undefined) continue;
    record[column] = value;
  }
  record[SQL_EVENT_COLUMNS.line] = Number(row[SQL_EVENT_COLUMNS.line]);
  return record;
}

/**
 * `query` with the hunt view defined in front of it (a CTE, so that no session state is needed:
 * a pool's connections all serve), the field columns the table lacks as `NULL` text.
 */
function withView(query: string, view: string, table: string, missing: readonly string[]): string {
  const extra = missing.map((name) => `, CAST(NULL AS TEXT) AS ${sqlIdentifier(name)}`).join('');
  return `WITH ${sqlIdentifier(view)} AS (SELECT *${extra} FROM ${sqlIdentifier(table)}) ${query}`;
}

/**
 * A hunt runner over a local event table: the `duckdb` or `postgres` target, on a DuckDB
 * connection or a `pg`-style query function (PGlite, `pg`, postgres.js). Each rule of a hunt is
 * converted (`planHunt`, through `runPlannedQueries`) with the table's mapping, reading a view
 * of the table in which field columns the table lacks are `NULL`; the matching rows are read
 * back in line order. A hit's record is the original event when `events` is given, else the
 * row as a record ({@link eventRecordOfRow}: `_line`, the field columns as text, JSON nulls).
 *
 * The hunt's time range applies to the records' time (`eventTime`: `time`, `@timestamp`,
 * `UtcTime`…): a record whose time is outside `[from, to)` is no hit; a record without a time
 * is a hit whatever the range (scheduled runs deduplicate it by its hit key). A raw query runs
 * as is and each row it returns is a hit. The table holds one tenant's events: with `tenant`,
 * hunts of another tenant are refused.
 *
 * @throws {TypeError} when `db` is not a database of `backend`.
 */
export function createLocalHuntRunner(options: LocalHuntRunnerOptions): HuntRunner {
  const { db, backend } = options;
  if (db.kind !== backend) {
    throw new TypeError(`backend '${backend}' cannot run on a ${db.kind} database`);
  }
  const table = options.table ?? SQL_EVENT_TABLE;
  const view = `${table}_hunt`;
  const input = options.input ?? 'flat';
  const all = async (sql: string): Promise<Row[]> => {
    if (db.kind === 'duckdb') {
      return (await db.connection.runAndReadAll(sql)).getRowObjectsJS() as Row[];
    }
    return [...(await db.query(sql)).rows] as Row[];
  };
  const columns = async (): Promise<Set<string>> => {
    if (db.kind === 'duckdb') {
      const reader = await db.connection.runAndReadAll(
        `SELECT * FROM ${sqlIdentifier(table)} LIMIT 0`,
      );
      return new Set(reader.columnNames());
    }
    const result = await db.query(
      'SELECT column_name FROM information_schema.columns WHERE table_name = $1',
      [table],
    );
    return new Set(result.rows.map((row) => String(row['column_name'])));
  };
  const localMapping = (base: SigmaQueryMapping): SigmaQueryMapping => ({
    ...base,
    defaultSource: view,
    logsources: base.logsources.map((entry) => ({ ...entry, source: undefined })),
  });
  const eventOf = (row: Row): Readonly<Row> | undefined => {
    const line = Number(row[SQL_EVENT_COLUMNS.line]);
    if (options.events === undefined) return eventRecordOfRow(row);
    const event = Array.isArray(options.events)
      ? (options.events as readonly unknown[])[line]
      : (options.events as ReadonlyMap<number, unknown>).get(line);
    return typeof event === 'object' && event !== null ? (event as Row) : eventRecordOfRow(row);
  };
  return {
    targets: [backend],
    run(hunt, context) {
      if (options.tenant !== undefined && hunt.tenant !== options.tenant) {
        throw new HuntError(
          'HUNT_TENANT_MISMATCH',
          `the runner holds ${options.tenant}'s events, not ${hunt.tenant}'s`,
        );
      }
      const base =
        options.mapping ??
        (input === 'ocsf' ? sqlOcsfMapping(ruleFields(hunt.rules ?? [])) : SQL_EVENTS_MAPPING);
      // planHunt merges the hunt's overrides over the backend's default mapping; the runner's
      // own mapping takes that place.
      const convert: SigmaRuleConverter = (rule, target, convertOptions) =>
        convertSigmaRule(rule, target, {
          ...convertOptions,
          mapping: localMapping(
            hunt.mapping === undefined ? base : mergeQueryMappings(base, hunt.mapping),
          ),
        });
      let present: Set<string> | undefined;
      const run = async function* (query: HuntQuery): AsyncGenerator<Readonly<Row>> {
        if (query.rule === undefined) {
          for (const row of await all(query.query)) yield row;
          return;
        }
        present ??= await columns();
        const known = present;
        const lowered = new Set([...known].map((name) => name.toLowerCase()));
        const missing = [...quotedIdentifiers(query.query)].filter(
          (name) =>
            !RESERVED.has(name) &&
            name !== view &&
            !known.has(name) &&
            !(backend === 'duckdb' && lowered.has(name.toLowerCase())),
        );
        const line = sqlIdentifier(SQL_EVENT_COLUMNS.line);
        const sql = withView(
          `SELECT _t.* FROM ${sqlIdentifier(table)} AS _t WHERE _t.${line} IN (SELECT _q.${line} FROM (${query.query}) AS _q) ORDER BY _t.${line}`,
          view,
          table,
          missing,
        );
        for (const row of await all(sql)) {
          const event = eventOf(row);
          if (event === undefined) continue;
          const time = eventTime(event);
          if (time !== undefined && (time < hunt.range.from || time >= hunt.range.to)) continue;
          yield event;
        }
      };
      return runPlannedQueries(hunt, context, run, {
        convert,
        ...(options.clock ? { clock: options.clock } : {}),
      });
    },
  };
}
