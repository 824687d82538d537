import type postgres from 'postgres';
import { StorageError } from '../errors/runtime-errors.js';
import { type Clock, systemClock } from '../runtime/clock.js';
import { migrate, quoteIdentifier } from './sql/migrate.js';
import { migrations } from './sql/migrations/index.js';
import type { SqlClient } from './sql/sql-client.js';
import { createSqlStore, type SqlStore } from './sql/sql-store.js';

/** Options of {@link openPostgresStore}. */
export interface PostgresStoreOptions {
  /** Connection URL, `postgres://user:password@host:port/database`. Never logged unredacted. */
  url: string;
  /** Schema holding OpenMDR's tables; created when missing. Defaults to the user's search path. */
  schema?: string;
  /** Largest number of connections in the pool. Defaults to 10. */
  maxConnections?: number;
  /** The clock that decides expiry and stamps entries. Defaults to the system clock. */
  clock?: Clock;
}

type Sql = postgres.Sql | postgres.TransactionSql;

/**
 * Opens a store on a PostgreSQL server through the `postgres` driver. Applies the same SQL
 * migrations as PGlite, under an advisory lock so that processes opening at once do not race.
 * @throws StorageError with code `STORAGE_OPEN` when the server cannot be reached or migrated.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<SqlStore> {
  const clock = options.clock ?? systemClock;
  if (options.schema !== undefined) quoteIdentifier(options.schema);
  // Loaded on first use, so that importing @openmdr/core does not load every driver.
  const { default: connect } = await import('postgres');
  const sql = connect(options.url, {
    max: options.maxConnections ?? 10,
    onnotice: () => {},
    ...(options.schema === undefined ? {} : { connection: { search_path: options.schema } }),
  });
  const client = postgresClient(sql);
  try {
    await migrate(client, migrations, { clock, schema: options.schema });
  } catch (error) {
    await sql.end({ timeout: 1 }).catch(() => {});
    if (StorageError.isInstance(error) && error.code === 'STORAGE_MIGRATION') throw error;
    throw new StorageError(`cannot open PostgreSQL store: ${(error as Error).message}`, {
      code: 'STORAGE_OPEN',
      cause: error,
      isRetryable: true,
      details: { url: options.url, schema: options.schema },
    });
  }
  return createSqlStore('postgres', client, clock);
}

function postgresClient(sql: Sql, isTransaction = false): SqlClient {
  return {
    async query<Row extends Record<string, unknown>>(text: string, params: readonly unknown[]) {
      const rows = await sql.unsafe(text, params as postgres.ParameterOrJSON<never>[]);
      return rows as unknown as Row[];
    },
    async exec(text) {
      await sql.unsafe(text).simple();
    },
    async transaction(body) {
      if (isTransaction) return body(postgresClient(sql, true));
      const result = await (sql as postgres.Sql).begin((tx) => body(postgresClient(tx, true)));
      return result as Awaited<ReturnType<typeof body>>;
    },
    async close() {
      if (!isTransaction) await (sql as postgres.Sql).end({ timeout: 5 });
    },
  };
}
