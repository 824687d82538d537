import { StorageError } from '../../errors/runtime-errors.js';
import type { Clock } from '../../runtime/clock.js';
import type { Migration } from './migrations/index.js';
import type { SqlClient } from './sql-client.js';

/** A row of the migrations table. */
export interface AppliedMigration {
  /** The migration's version. */
  version: number;
  /** The migration's name. */
  name: string;
  /** When it was applied (epoch milliseconds). */
  appliedAt: number;
}

/**
 * Applies the migrations that are missing, in one transaction under a transaction-scoped advisory
 * lock, so that two processes opening the same database at once apply each migration once.
 * With `schema`, creates that schema first (the connection's `search_path` must name it).
 */
export async function migrate(
  client: SqlClient,
  list: readonly Migration[],
  options: { clock: Clock; schema?: string | undefined },
): Promise<void> {
  await client.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `openmdr.migrations:${options.schema ?? ''}`,
    ]);
    if (options.schema !== undefined) {
      await tx.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(options.schema)}`);
    }
    await tx.exec(
      'CREATE TABLE IF NOT EXISTS openmdr_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)',
    );
    const rows = await tx.query<{ version: unknown }>('SELECT version FROM openmdr_migrations', []);
    const applied = new Set(rows.map((row) => Number(row.version)));
    for (const migration of [...list].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      try {
        await tx.exec(migration.sql);
      } catch (error) {
        throw new StorageError(
          `migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`,
          { code: 'STORAGE_MIGRATION', cause: error, details: { migration: migration.version } },
        );
      }
      await tx.query(
        'INSERT INTO openmdr_migrations (version, name, applied_at) VALUES ($1::integer, $2, $3::bigint)',
        [migration.version, migration.name, options.clock.now()],
      );
    }
  });
}

/** The migrations recorded in the database, in version order. */
export async function appliedMigrations(client: SqlClient): Promise<AppliedMigration[]> {
  const rows = await client.query<{ version: unknown; name: string; applied_at: unknown }>(
    'SELECT version, name, applied_at FROM openmdr_migrations ORDER BY version',
    [],
  );
  return rows.map((row) => ({
    version: Number(row.version),
    name: row.name,
    appliedAt: Number(row.applied_at),
  }));
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Quotes a schema name after checking it is a plain identifier. */
export function quoteIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) {
    throw new StorageError(
      `invalid schema name ${JSON.stringify(name)}: use letters, digits and _`,
      {
        code: 'STORAGE_CONFIG',
        details: { schema: name },
      },
    );
  }
  return `"${name}"`;
}
