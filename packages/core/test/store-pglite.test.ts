import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, migrations, openPgliteStore, openStore } from '../src/index.js';
import { describeStoreContract } from './support/store-contract.js';

// Creating a PGlite database runs initdb (seconds); the contract opens a fresh store per test, so
// every store of this file shares one database, emptied between tests, whose `close` is left to
// the end of the file (each store still marks itself closed, as the contract checks).
let shared: PGlite;
let keepOpen: PGlite;
beforeAll(async () => {
  shared = new PGlite();
  await shared.waitReady;
  keepOpen = new Proxy(shared, {
    get(target, property) {
      if (property === 'close') return async () => {};
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
});
afterAll(async () => {
  await shared.close();
});

describeStoreContract('pglite (in memory)', {
  open: async (clock) => {
    const store = await openStore({ kind: 'pglite', clock, database: keepOpen });
    await shared.exec(
      'TRUNCATE openmdr_state, openmdr_checkpoints, openmdr_log_heads, openmdr_log, openmdr_log_keys',
    );
    return store;
  },
  injectedClock: true,
});

describe('pglite in a directory', () => {
  it('lets one store at a time open a directory, and takes over the lock of a dead process', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'openmdr-pglite-lock-'));
    directories.push(dataDir);
    const first = await openPgliteStore({ dataDir });
    const error = await openPgliteStore({ dataDir }).catch((failure) => failure);
    expect(error).toMatchObject({ code: 'STORAGE_LOCKED', isRetryable: true });
    await first.close();
    // A lock file left by a process that no longer exists (as after SIGKILL).
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    await writeFile(`${dataDir}.lock`, String(gone));
    const second = await openPgliteStore({ dataDir });
    await second.close();
  });

  const directories: string[] = [];
  afterAll(async () => {
    for (const directory of directories) {
      await rm(directory, { recursive: true, force: true });
      await rm(`${directory}.lock`, { force: true });
    }
  });

  it('keeps data across reopen and applies migrations once', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'openmdr-pglite-'));
    directories.push(dataDir);
    const clock = new ManualClock(1_000);
    const first = await openPgliteStore({ dataDir, clock });
    await first.forTenant('acme').state.set('k', { kept: true });
    await first.forTenant('acme').log.append('audit', ['one', 'two']);
    const appliedFirst = await first.appliedMigrations();
    await first.close();

    clock.advance(5_000);
    const second = await openPgliteStore({ dataDir, clock });
    try {
      expect(await second.appliedMigrations()).toEqual(appliedFirst);
      expect(appliedFirst.map((migration) => migration.version)).toEqual(
        migrations.map((migration) => migration.version),
      );
      expect(appliedFirst.every((migration) => migration.appliedAt === 1_000)).toBe(true);
      expect((await second.forTenant('acme').state.get('k'))?.value).toEqual({ kept: true });
      expect((await second.forTenant('acme').log.read('audit')).map((e) => e.data)).toEqual([
        'one',
        'two',
      ]);
    } finally {
      await second.close();
    }
  });
});
