import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  migrateStore,
  OpenMdrError,
  type OpenStoreOptions,
  openStore,
  parseStoreLocation,
  redactStoreLocation,
  redactString,
  type SqlStore,
  StoreMigrationError,
  type StoreMigrationProgress,
  storeMigrationTables,
} from '@openmdr/core';
import { UsageError } from '../command.js';
import { type DefinedCommand, defineCommand } from '../define-command.js';

/** A store location of the command line, checked and with its printable (redacted) form. */
interface Location {
  options: Extract<OpenStoreOptions, { kind: 'pglite' | 'postgres' }>;
  shown: string;
}

function readLocation(option: 'from' | 'to', text: string): Location {
  let options: OpenStoreOptions;
  try {
    options = parseStoreLocation(text);
  } catch (error) {
    throw new UsageError(`--${option}: ${(error as Error).message}`);
  }
  if (options.kind !== 'pglite' && options.kind !== 'postgres') {
    throw new UsageError(`--${option}: only pglite:DIR and postgres:URL stores can be migrated`);
  }
  if (options.kind === 'pglite') {
    const dataDir = resolve(options.dataDir as string);
    if (option === 'from' && !existsSync(join(dataDir, 'PG_VERSION'))) {
      throw new UsageError(`--from: ${dataDir} is not a PGlite data directory`);
    }
    return { options: { kind: 'pglite', dataDir }, shown: `pglite:${dataDir}` };
  }
  const shown = new URL(options.url);
  if (options.schema !== undefined) shown.searchParams.set('schema', options.schema);
  return { options, shown: `postgres:${redactStoreLocation(shown.toString())}` };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** `openmdr store migrate`: copies a PGlite or PostgreSQL store into another, verified. */
export const storeMigrateCommand: DefinedCommand = defineCommand({
  path: ['store', 'migrate'],
  summary: 'Copy a PGlite or PostgreSQL store into another, resumable and verified',
  description: `Copies every tenant's data of one SQL store into another (PGlite → PostgreSQL, or any
pair of them): state with versions and expiry, checkpoints, logs with their sequences and
timestamps, log heads, and the keys of appendOnce. Rows go in batches in primary-key order, each
batch in one transaction of the target together with the progress of its table (table
openmdr_store_migration in the target): a run that stops (Ctrl-C, a kill, a lost connection)
continues where it stopped when run again with the same --from, and copies no row twice.

Before writing anything, a target that holds rows of the source's tenants that the source does
not hold as they are is refused (other tenants are fine); --force starts over and replaces those
tenants' data in the target. At the end every table is verified tenant by tenant: row count and a
checksum computed by the same SQL on both sides.

Stop the processes that write to the source first (a PGlite directory is locked while open).
Passwords in URLs are never printed.`,
  options: [
    {
      name: 'from',
      type: 'string',
      valueName: 'pglite:DIR|postgres:URL',
      required: true,
      description: 'the store to copy from (only read)',
    },
    {
      name: 'to',
      type: 'string',
      valueName: 'postgres:URL|pglite:DIR',
      required: true,
      description:
        'the store to copy into; postgres:postgres://user:password@host:5432/db?schema=NAME picks the schema (created if missing)',
    },
    {
      name: 'batch-size',
      type: 'string',
      valueName: 'N',
      default: '1000',
      description: 'rows per batch (one target transaction each), 1–100000',
    },
    {
      name: 'force',
      type: 'boolean',
      description:
        "start over, replacing the target's data of the source's tenants, instead of refusing a target that holds other data for them",
    },
  ],
  output: `Per table, the rows of the source and how many this run copied, then the verification of
each table (rows and checksum) and the time taken. On standard error, a progress line (on a
terminal) and the reason when the migration stops.`,
  exitCodes: {
    0: 'copied and verified',
    1: 'verification failed (a table differs for a tenant), or the migration stopped before the end (run it again to resume)',
    2: "usage error: an unknown option, a bad store location, or a target holding other data for the source's tenants without --force",
  },
  examples: [
    {
      command:
        "openmdr store migrate --from pglite:./.openmdr/pglite --to 'postgres:postgres://openmdr@db:5432/mdr?schema=openmdr'",
      description: 'move the embedded store into PostgreSQL (run again to resume)',
    },
    {
      command:
        'openmdr store migrate --from pglite:./data --to postgres:postgres://openmdr@db/mdr --force',
      description: "start over, replacing the target's data of the source's tenants",
    },
  ],
  async run({ args, io, progress }): Promise<number> {
    const from = readLocation('from', args.string('from') as string);
    const to = readLocation('to', args.string('to') as string);
    const batchText = args.string('batch-size') as string;
    const batchSize = Number(batchText);
    if (!/^\d+$/.test(batchText) || batchSize < 1 || batchSize > 100_000) {
      throw new UsageError('--batch-size must be an integer from 1 to 100000');
    }
    if (from.shown === to.shown) throw new UsageError('--from and --to are the same store');
    const bar = progress();
    const controller = new AbortController();
    const interrupt = () => controller.abort();
    process.once('SIGINT', interrupt);
    const stores: SqlStore[] = [];
    try {
      io.stdout.write(`from ${from.shown}\nto   ${to.shown}\n`);
      for (const location of [from, to]) {
        bar.phase(`opening ${location.shown}`);
        stores.push((await openStore(location.options)) as SqlStore);
      }
      const width = Math.max(...storeMigrationTables.map((table) => table.length));
      const count = (value: number) => String(value).padStart(9);
      const onProgress = (step: StoreMigrationProgress) => {
        if (step.phase === 'check') {
          bar.phase(`checking the target's ${step.table}: ${step.rows} rows`);
        } else if (step.phase === 'copy' && !step.done) {
          bar.phase(`copying ${step.table}: ${step.copied}/${step.rows}`);
        } else if (step.phase === 'copy') {
          io.stdout.write(
            `copied    ${step.table.padEnd(width)} ${count(step.rows)} rows ${count(step.copiedByThisRun)} by this run\n`,
          );
        } else {
          bar.phase(`verifying ${step.table}`);
        }
      };
      const result = await migrateStore({
        from: stores[0]!,
        to: stores[1]!,
        source: from.shown,
        batchSize,
        force: args.flag('force'),
        onProgress,
        signal: controller.signal,
      });
      bar.done();
      for (const table of result.tables) {
        io.stdout.write(
          `verified  ${table.table.padEnd(width)} ${count(table.rows)} rows  checksum ${table.checksum}\n`,
        );
      }
      const rows = result.tables.reduce((sum, table) => sum + table.rows, 0);
      const copied = result.tables.reduce((sum, table) => sum + table.copied, 0);
      io.stdout.write(
        `ok: ${rows} rows of ${result.tenants.length} tenant(s) in ${result.tables.length} tables match the source (row counts and checksums per table and tenant); ${copied} copied by this run${result.resumed ? ', which resumed an earlier one' : ''}; ${seconds(result.durationMs)}\n`,
      );
      return 0;
    } catch (error) {
      bar.done();
      const message = redactString(error instanceof Error ? error.message : String(error));
      if (StoreMigrationError.isInstance(error) && error.code === 'STORE_MIGRATION_CONFLICT') {
        throw new UsageError(message);
      }
      if (OpenMdrError.isInstance(error) && error.code === 'STORAGE_CONFIG') {
        throw new UsageError(message);
      }
      const resumable =
        !StoreMigrationError.isInstance(error) || error.code === 'STORE_MIGRATION_ABORTED';
      io.stderr.write(
        `openmdr store migrate: ${message}\n${resumable ? 'Stopped before the end: run the same command again to resume.\n' : ''}`,
      );
      return 1;
    } finally {
      process.removeListener('SIGINT', interrupt);
      for (const store of stores) await store.close().catch(() => {});
    }
  },
});
