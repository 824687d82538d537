import type { PGlite, Transaction } from '@electric-sql/pglite';
import { StorageError } from '../errors/runtime-errors.js';
import { type Clock, systemClock } from '../runtime/clock.js';
import { lockDirectory } from './directory-lock.js';
import { migrate } from './sql/migrate.js';
import { migrations } from './sql/migrations/index.js';
import type { SqlClient } from './sql/sql-client.js';
import { createSqlStore, type SqlStore } from './sql/sql-store.js';

/** Options of {@link openPgliteStore}. */
export interface PgliteStoreOptions {
  /**
   * Directory holding the database files; created when missing. Without it the database lives in
   * memory and is gone when the store closes. One process at a time may open a directory: the
   * store holds the lock file `<dataDir>.lock` while open (a lock left by a dead process is
   * taken over).
   */
  dataDir?: string;
  /**
   * An open PGlite instance to use instead of creating one (to load extensions or a snapshot, for
   * instance). The store takes it over: closing the store closes it. Excludes `dataDir`.
   */
  database?: PGlite;
  /** The clock that decides expiry and stamps entries. Defaults to the system clock. */
  clock?: Clock;
}

/**
 * Opens the embedded default store: PostgreSQL compiled to WebAssembly (PGlite), in this process,
 * with no server. Applies the shared SQL migrations before returning.
 * @throws StorageError with code `STORAGE_OPEN` when the database cannot be opened, and
 * `STORAGE_LOCKED` when another live process (or another store of this one) has the directory.
 */
export async function openPgliteStore(options: PgliteStoreOptions = {}): Promise<SqlStore> {
  const clock = options.clock ?? systemClock;
  const unlock =
    options.dataDir === undefined || options.database !== undefined
      ? async () => {}
      : await lockDirectory(options.dataDir);
  let database: PGlite;
  try {
    // Loaded on first use, so that importing @openmdr/core does not load every driver.
    const { PGlite: Database } = await import('@electric-sql/pglite');
    database =
      options.database ??
      (options.dataDir === undefined ? new Database() : new Database(options.dataDir));
    await database.waitReady;
  } catch (error) {
    await unlock();
    throw new StorageError(`cannot open PGlite database: ${(error as Error).message}`, {
      code: 'STORAGE_OPEN',
      cause: error,
      details: { dataDir: options.dataDir ?? ':memory:' },
    });
  }
  const opened = pgliteClient(database);
  const client = {
    ...opened,
    async close() {
      try {
        await opened.close();
      } finally {
        await unlock();
      }
    },
  };
  try {
    await migrate(client, migrations, { clock });
  } catch (error) {
    await client.close().catch(() => {});
    throw error;
  }
  return createSqlStore('pglite', client, clock);
}

function pgliteClient(database: PGlite | Transaction, isTransaction = false): SqlClient {
  return {
    async query<Row extends Record<string, unknown>>(text: string, params: readonly unknown[]) {
      const result = await database.query<Row>(text, params as unknown[]);
      return result.rows;
    },
    async exec(text) {
      await database.exec(text);
    },
    async transaction(body) {
      if (isTransaction) return body(pgliteClient(database, true));
      return (database as PGlite).transaction((tx) => body(pgliteClient(tx, true)));
    },
    async close() {
      if (!isTransaction) await (database as PGlite).close();
    },
  };
}
