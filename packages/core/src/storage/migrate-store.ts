import { OpenMdrError } from '../errors/openmdr-error.js';
import { StorageError } from '../errors/runtime-errors.js';
import { StoreMigrationError } from '../errors/store-migration-error.js';
import type { SqlClient } from './sql/sql-client.js';
import { type SqlStore, sqlClientOf } from './sql/sql-store.js';

/** A table that {@link migrateStore} copies. */
export type StoreMigrationTable =
  | 'openmdr_state'
  | 'openmdr_checkpoints'
  | 'openmdr_log_heads'
  | 'openmdr_log'
  | 'openmdr_log_keys';

interface TableSpec {
  readonly name: StoreMigrationTable;
  /** The primary key, in index order: batches follow it. */
  readonly key: readonly { readonly column: string; readonly type: 'text' | 'bigint' }[];
  readonly columns: readonly string[];
}

/** Every data table of the SQL schema, in copy order. `openmdr_migrations` is the target's own. */
const TABLES: readonly TableSpec[] = [
  {
    name: 'openmdr_state',
    key: [
      { column: 'tenant', type: 'text' },
      { column: 'key', type: 'text' },
    ],
    columns: ['tenant', 'key', 'value', 'version', 'expires_at'],
  },
  {
    name: 'openmdr_checkpoints',
    key: [
      { column: 'tenant', type: 'text' },
      { column: 'source', type: 'text' },
    ],
    columns: ['tenant', 'source', 'position', 'committed_at'],
  },
  {
    name: 'openmdr_log_heads',
    key: [
      { column: 'tenant', type: 'text' },
      { column: 'stream', type: 'text' },
    ],
    columns: ['tenant', 'stream', 'last_sequence'],
  },
  {
    name: 'openmdr_log',
    key: [
      { column: 'tenant', type: 'text' },
      { column: 'stream', type: 'text' },
      { column: 'sequence', type: 'bigint' },
    ],
    columns: ['tenant', 'stream', 'sequence', 'at', 'data'],
  },
  {
    name: 'openmdr_log_keys',
    key: [
      { column: 'tenant', type: 'text' },
      { column: 'stream', type: 'text' },
      { column: 'key', type: 'text' },
    ],
    columns: ['tenant', 'stream', 'key', 'sequence'],
  },
];

/** The tables {@link migrateStore} copies, in the order it copies them. */
export const storeMigrationTables: readonly StoreMigrationTable[] = TABLES.map(
  (table) => table.name,
);

/** Where a {@link migrateStore} run is. */
export interface StoreMigrationProgress {
  /** `check`: comparing the target's rows with the source's; `copy`; `verify`. */
  phase: 'check' | 'copy' | 'verify';
  /** The table being worked on. */
  table: StoreMigrationTable;
  /** Rows of the table in the source (copy and verify), or target rows checked so far (check). */
  rows: number;
  /** Rows copied so far, by this run and the earlier runs it resumes (copy). */
  copied: number;
  /** Rows this run copied so far (copy). */
  copiedByThisRun: number;
  /** Whether the table is finished in this phase. */
  done: boolean;
}

/** Options of {@link migrateStore}. */
export interface MigrateStoreOptions {
  /** The store to copy from (PGlite or PostgreSQL). It is only read. */
  from: SqlStore;
  /** The store to copy into (PGlite or PostgreSQL). */
  to: SqlStore;
  /**
   * Names the source in the target's progress table, so that a second run from the same source
   * resumes. Never put a password in it. Defaults to the source's kind.
   */
  source?: string;
  /** Rows per batch (one target transaction each). Default 1000. */
  batchSize?: number;
  /**
   * Start over: forget this source's progress and replace the target's data of every tenant found
   * in the source, instead of refusing when the target holds rows of those tenants that the
   * source does not hold as they are.
   */
  force?: boolean;
  /** Called after each batch and at the end of each table and phase. */
  onProgress?: (progress: StoreMigrationProgress) => void;
  /** Stops between batches with `STORE_MIGRATION_ABORTED`; the next run resumes. */
  signal?: AbortSignal;
}

/** What {@link migrateStore} did to one table. */
export interface StoreMigrationTableResult {
  /** The table. */
  table: StoreMigrationTable;
  /** Rows in the source, which the target now holds as they are for the migrated tenants. */
  rows: number;
  /** Rows this run copied (the rest were copied by the runs it resumed). */
  copied: number;
  /** The checksum both sides computed (sum of the rows' md5 prefixes, per tenant, added up). */
  checksum: string;
}

/** The outcome of a {@link migrateStore} run, verified. */
export interface StoreMigrationResult {
  /** The source's name in the progress table. */
  source: string;
  /** Whether this run continued an earlier one. */
  resumed: boolean;
  /** The tenants found in the source, sorted. */
  tenants: string[];
  /** Per table, in copy order. */
  tables: StoreMigrationTableResult[];
  /** Wall time of this run, ms. */
  durationMs: number;
}

const PROGRESS_TABLE = `
CREATE TABLE IF NOT EXISTS openmdr_store_migration (
  source text NOT NULL,
  table_name text NOT NULL,
  last_key jsonb,
  rows_copied bigint NOT NULL DEFAULT 0,
  done boolean NOT NULL DEFAULT false,
  started_at bigint NOT NULL,
  verified_at bigint,
  PRIMARY KEY (source, table_name)
)`;

/** A row's checksum term: the first 64 bits of the md5 of its canonical JSON, as a bigint. */
const ROW_HASH = `('x' || substr(md5(to_jsonb(t)::text), 1, 16))::bit(64)::bigint`;

const TENANT_FILTER = 't.tenant IN (SELECT jsonb_array_elements_text($1::text::jsonb))';

/**
 * Copies every tenant's data from one SQL store to another: state (values, versions, expiry),
 * checkpoints, logs (sequences and timestamps as they are), log heads and the keys of
 * `appendOnce`. Rows go in batches in primary-key order, each batch in one target transaction
 * with the run's progress (table `openmdr_store_migration` in the target), so a run that stops —
 * aborted, killed, a lost connection — resumes where it stopped when run again with the same
 * `source`, and never copies a row twice. At the end every table is verified per tenant: row
 * count and a checksum computed by the same SQL on both sides.
 *
 * Stop the writers of the source first: rows written during or after the copy are not carried
 * over, and verification then fails. One run at a time per source and target: a second one
 * fails (`STORE_MIGRATION`) rather than interleave.
 *
 * @throws StoreMigrationError `STORE_MIGRATION_CONFLICT` (before writing anything) when the target
 * holds rows of the source's tenants that differ from the source's, or that the source lacks,
 * unless `force`; `STORE_MIGRATION_MISMATCH` naming the table and tenant when verification fails;
 * `STORE_MIGRATION_ABORTED` when `signal` aborts; `STORE_MIGRATION` when the stores' schemas differ.
 */
export async function migrateStore(options: MigrateStoreOptions): Promise<StoreMigrationResult> {
  const started = Date.now();
  const batchSize = options.batchSize ?? 1000;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > 100_000) {
    throw new StoreMigrationError('batchSize must be an integer from 1 to 100000', {
      details: { batchSize },
    });
  }
  const source = options.source ?? options.from.kind;
  const from = sqlClientOf(options.from);
  const to = sqlClientOf(options.to);
  const report = (progress: StoreMigrationProgress) => options.onProgress?.(progress);
  const checkAborted = () => {
    if (options.signal?.aborted) {
      throw new StoreMigrationError('store migration aborted; run it again to resume', {
        code: 'STORE_MIGRATION_ABORTED',
        isRetryable: true,
      });
    }
  };

  await checkSchemas(options.from, options.to);
  await query(to, 'create progress table', PROGRESS_TABLE, []);
  checkAborted();
  const tenants = (
    await query<{ tenant: string }>(
      from,
      'list tenants',
      `${TABLES.map((table) => `SELECT tenant FROM ${table.name}`).join(' UNION ')} ORDER BY 1`,
      [],
    )
  ).map((row) => row.tenant);
  const tenantsJson = JSON.stringify(tenants);

  if (options.force === true) {
    await query(to, 'reset progress', 'DELETE FROM openmdr_store_migration WHERE source = $1', [
      source,
    ]);
  }
  const progress = await readProgress(to, source);
  const resumed = progress.size > 0;
  if (!resumed && options.force !== true) {
    await checkTarget(from, to, tenantsJson, batchSize, report, checkAborted);
  }
  await transaction(to, 'prepare target', async (tx) => {
    if (!resumed && options.force === true) {
      for (const table of TABLES) {
        await query(tx, 'clear target', `DELETE FROM ${table.name} AS t WHERE ${TENANT_FILTER}`, [
          tenantsJson,
        ]);
      }
    }
    for (const table of TABLES) {
      await query(
        tx,
        'record progress',
        'INSERT INTO openmdr_store_migration (source, table_name, started_at) VALUES ($1, $2, $3::bigint) ON CONFLICT (source, table_name) DO NOTHING',
        [source, table.name, started],
      );
    }
  });

  const tables: StoreMigrationTableResult[] = [];
  for (const table of TABLES) {
    checkAborted();
    const rows = await countRows(from, table);
    const state = progress.get(table.name) ?? { lastKey: null, copied: 0, done: false };
    let { lastKey, copied } = state;
    let copiedNow = 0;
    let done = state.done;
    while (!done) {
      checkAborted();
      const batch = await readBatch(from, table, lastKey, batchSize);
      done = batch.length < batchSize;
      const last = batch.at(-1);
      await transaction(to, `copy ${table.name}`, async (tx) => {
        // The progress row first: it is locked until commit, and it moves only from where this
        // run read it, so two runs from the same source cannot both copy a batch.
        const moved = await query(
          tx,
          'record progress',
          'UPDATE openmdr_store_migration SET last_key = coalesce($3::text::jsonb, last_key), rows_copied = rows_copied + $4::bigint, done = $5 WHERE source = $1 AND table_name = $2 AND NOT done AND last_key IS NOT DISTINCT FROM $6::text::jsonb RETURNING table_name',
          [source, table.name, last?.key ?? null, batch.length, done, lastKey],
        );
        if (moved.length === 0) {
          throw new StoreMigrationError(
            `another run is migrating from ${source} into this target (the progress of ${table.name} moved); run one at a time`,
            { table: table.name },
          );
        }
        if (batch.length > 0) {
          await query(
            tx,
            `copy ${table.name}`,
            `INSERT INTO ${table.name} (${table.columns.join(', ')}) SELECT ${table.columns.join(', ')} FROM jsonb_populate_recordset(NULL::${table.name}, $1::text::jsonb) ON CONFLICT (${table.key.map((part) => part.column).join(', ')}) DO NOTHING`,
            [`[${batch.map((row) => row.row).join(',')}]`],
          );
        }
      });
      if (last !== undefined) lastKey = last.key;
      copied += batch.length;
      copiedNow += batch.length;
      report({ phase: 'copy', table: table.name, rows, copied, copiedByThisRun: copiedNow, done });
    }
    if (state.done) {
      // Finished by an earlier run: report it once all the same.
      report({ phase: 'copy', table: table.name, rows, copied, copiedByThisRun: 0, done: true });
    }
    tables.push({ table: table.name, rows, copied: copiedNow, checksum: '' });
  }

  for (const result of tables) {
    checkAborted();
    const table = TABLES.find((spec) => spec.name === result.table)!;
    result.checksum = await verifyTable(from, to, table, tenants, tenantsJson);
    report({
      phase: 'verify',
      table: table.name,
      rows: result.rows,
      copied: result.rows,
      copiedByThisRun: result.copied,
      done: true,
    });
  }
  await query(
    to,
    'record verification',
    'UPDATE openmdr_store_migration SET verified_at = $2::bigint WHERE source = $1',
    [source, Date.now()],
  );
  return { source, resumed, tenants, tables, durationMs: Date.now() - started };
}

/** Runs one statement, turning driver failures into a `StorageError` naming the step. */
async function query<Row extends Record<string, unknown>>(
  client: SqlClient,
  operation: string,
  text: string,
  params: readonly unknown[],
): Promise<Row[]> {
  try {
    return await client.query<Row>(text, params);
  } catch (error) {
    if (OpenMdrError.isInstance(error)) throw error;
    throw new StorageError(`store migration: ${operation} failed: ${(error as Error).message}`, {
      cause: error,
      isRetryable: true,
      details: { operation },
    });
  }
}

/** Runs `body` in a transaction of `client`, turning driver failures into a `StorageError`. */
async function transaction(
  client: SqlClient,
  operation: string,
  body: (tx: SqlClient) => Promise<void>,
): Promise<void> {
  try {
    await client.transaction(body);
  } catch (error) {
    if (OpenMdrError.isInstance(error)) throw error;
    throw new StorageError(`store migration: ${operation} failed: ${(error as Error).message}`, {
      cause: error,
      isRetryable: true,
      details: { operation },
    });
  }
}

async function checkSchemas(from: SqlStore, to: SqlStore): Promise<void> {
  const versions = async (store: SqlStore) =>
    (await store.appliedMigrations()).map((migration) => migration.version).join(',');
  const [source, target] = await Promise.all([versions(from), versions(to)]);
  if (source !== target) {
    throw new StoreMigrationError(
      `the stores are at different schema versions (source ${source}, target ${target}); open both with the same @openmdr/core`,
      { details: { source, target } },
    );
  }
}

interface TableProgress {
  lastKey: string | null;
  copied: number;
  done: boolean;
}

async function readProgress(to: SqlClient, source: string): Promise<Map<string, TableProgress>> {
  const rows = await query<{
    table_name: string;
    last_key: string | null;
    rows_copied: unknown;
    done: boolean;
  }>(
    to,
    'read progress',
    'SELECT table_name, last_key::text AS last_key, rows_copied, done FROM openmdr_store_migration WHERE source = $1',
    [source],
  );
  return new Map(
    rows.map((row) => [
      row.table_name,
      { lastKey: row.last_key, copied: Number(row.rows_copied), done: row.done === true },
    ]),
  );
}

async function countRows(client: SqlClient, table: TableSpec): Promise<number> {
  const rows = await query<{ count: unknown }>(
    client,
    `count ${table.name}`,
    `SELECT count(*) AS count FROM ${table.name}`,
    [],
  );
  return Number(rows[0]!.count);
}

/**
 * The next rows after `lastKey` (a JSON array of the key's values) in key order, as JSON text,
 * with their keys. `filter` (a tenant list as JSON) restricts to those tenants.
 */
async function readBatch(
  client: SqlClient,
  table: TableSpec,
  lastKey: string | null,
  limit: number,
  tenantsJson?: string,
): Promise<{ row: string; key: string }[]> {
  const params: unknown[] = [];
  const conditions: string[] = [];
  if (tenantsJson !== undefined) {
    params.push(tenantsJson);
    conditions.push(TENANT_FILTER);
  }
  if (lastKey !== null) {
    const values = JSON.parse(lastKey) as (string | number)[];
    const placeholders = table.key.map((part, index) => {
      params.push(String(values[index]));
      return `$${params.length}::${part.type}`;
    });
    conditions.push(
      `(${table.key.map((part) => `t.${part.column}`).join(', ')}) > (${placeholders.join(', ')})`,
    );
  }
  params.push(limit);
  const keyColumns = table.key.map((part) => `t.${part.column}`).join(', ');
  return query<{ row: string; key: string }>(
    client,
    `read ${table.name}`,
    `SELECT to_jsonb(t)::text AS row, jsonb_build_array(${keyColumns})::text AS key FROM ${table.name} AS t${
      conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`
    } ORDER BY ${keyColumns} LIMIT $${params.length}::bigint`,
    params,
  );
}

/**
 * Refuses a target that holds rows of the source's tenants which the source does not hold as
 * they are (same key, other values; or a key the source lacks): copying would mix the two.
 * Rows the source holds identically are fine (a target filled by an earlier, finished run).
 */
async function checkTarget(
  from: SqlClient,
  to: SqlClient,
  tenantsJson: string,
  batchSize: number,
  report: (progress: StoreMigrationProgress) => void,
  checkAborted: () => void,
): Promise<void> {
  for (const table of TABLES) {
    let lastKey: string | null = null;
    let checked = 0;
    for (;;) {
      checkAborted();
      const batch = await readBatch(to, table, lastKey, batchSize, tenantsJson);
      if (batch.length === 0) break;
      const join = table.key.map((part) => `s.${part.column} = c.${part.column}`).join(' AND ');
      const differing = await query<{ tenant: string; key: string; missing: boolean }>(
        from,
        `compare ${table.name}`,
        `SELECT c.tenant, jsonb_build_array(${table.key.map((part) => `c.${part.column}`).join(', ')})::text AS key, s.tenant IS NULL AS missing FROM jsonb_populate_recordset(NULL::${table.name}, $1::text::jsonb) AS c LEFT JOIN ${table.name} AS s ON ${join} WHERE s.tenant IS NULL OR to_jsonb(s) <> to_jsonb(c) LIMIT 1`,
        [`[${batch.map((row) => row.row).join(',')}]`],
      );
      const first = differing[0];
      if (first !== undefined) {
        throw new StoreMigrationError(
          `the target already holds ${first.missing ? 'a row the source does not have' : 'different data'} in ${table.name} for tenant ${first.tenant} (key ${first.key.slice(0, 200)}); nothing was copied. Migrate into an empty database or schema, or replace the target's data of the source's tenants with --force`,
          {
            code: 'STORE_MIGRATION_CONFLICT',
            table: table.name,
            tenant: first.tenant,
            details: { key: first.key.slice(0, 200) },
          },
        );
      }
      checked += batch.length;
      lastKey = batch.at(-1)!.key;
      report({
        phase: 'check',
        table: table.name,
        rows: checked,
        copied: 0,
        copiedByThisRun: 0,
        done: false,
      });
      if (batch.length < batchSize) break;
    }
  }
}

interface TenantAggregate {
  rows: string;
  checksum: string;
}

async function aggregates(
  client: SqlClient,
  table: TableSpec,
  tenantsJson: string,
): Promise<Map<string, TenantAggregate>> {
  const rows = await query<{ tenant: string; rows: string; checksum: string }>(
    client,
    `checksum ${table.name}`,
    `SELECT t.tenant, count(*)::text AS rows, coalesce(sum(${ROW_HASH}), 0)::text AS checksum FROM ${table.name} AS t WHERE ${TENANT_FILTER} GROUP BY t.tenant`,
    [tenantsJson],
  );
  return new Map(rows.map((row) => [row.tenant, { rows: row.rows, checksum: row.checksum }]));
}

/** Compares the table tenant by tenant; returns the checksum over all tenants. */
async function verifyTable(
  from: SqlClient,
  to: SqlClient,
  table: TableSpec,
  tenants: readonly string[],
  tenantsJson: string,
): Promise<string> {
  const [source, target] = await Promise.all([
    aggregates(from, table, tenantsJson),
    aggregates(to, table, tenantsJson),
  ]);
  const none: TenantAggregate = { rows: '0', checksum: '0' };
  let total = 0n;
  for (const tenant of tenants) {
    const expected = source.get(tenant) ?? none;
    const actual = target.get(tenant) ?? none;
    if (expected.rows !== actual.rows || expected.checksum !== actual.checksum) {
      throw new StoreMigrationError(
        `verification failed: ${table.name} of tenant ${tenant} differs (source ${expected.rows} rows, checksum ${expected.checksum}; target ${actual.rows} rows, checksum ${actual.checksum}). Was the source written to during the migration? Run again with --force to copy afresh`,
        {
          code: 'STORE_MIGRATION_MISMATCH',
          table: table.name,
          tenant,
          details: {
            sourceRows: Number(expected.rows),
            targetRows: Number(actual.rows),
            sourceChecksum: expected.checksum,
            targetChecksum: actual.checksum,
          },
        },
      );
    }
    total += BigInt(expected.checksum);
  }
  return total.toString();
}
