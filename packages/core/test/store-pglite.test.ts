import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, migrations, openPgliteStore, openStore } from '../src/index.js';
import { describeStoreContract } from './support/store-contract.js';

// Creating a PGlite database runs initdb (about 2 s); the contract opens a fresh store per test,
// so it starts each one from a snapshot of an empty cluster instead.
let emptyCluster: Blob;
beforeAll(async () => {
  const database = new PGlite();
  await database.waitReady;
  emptyCluster = await database.dumpDataDir('none');
  await database.close();
});

describeStoreContract('pglite (in memory)', {
  open: async (clock) =>
    openStore({ kind: 'pglite', clock, database: new PGlite({ loadDataDir: emptyCluster }) }),
  injectedClock: true,
});

describe('pglite in a directory', () => {
  const directories: string[] = [];
  afterAll(async () => {
    for (const directory of directories) await rm(directory, { recursive: true, force: true });
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
