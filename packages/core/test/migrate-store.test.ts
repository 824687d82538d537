import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ManualClock,
  migrateStore,
  openPgliteStore,
  type SqlStore,
  StoreMigrationError,
  type StoreMigrationProgress,
  storeMigrationTables,
} from '../src/index.js';

// Two in-memory PGlite databases (creating one runs initdb, seconds), emptied before each test;
// each test opens stores on them whose `close` leaves the database open until the end.
const databases: PGlite[] = [];
const keepOpen = (database: PGlite) =>
  new Proxy(database, {
    get(target, property) {
      if (property === 'close') return async () => {};
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });

beforeAll(async () => {
  for (let index = 0; index < 2; index++) {
    const database = new PGlite();
    await database.waitReady;
    databases.push(database);
  }
});
afterAll(async () => {
  for (const database of databases) await database.close();
});

let clock: ManualClock;
let source: SqlStore;
let target: SqlStore;
beforeEach(async () => {
  clock = new ManualClock(1_700_000_000_000);
  source = await openPgliteStore({ database: keepOpen(databases[0]!), clock });
  target = await openPgliteStore({ database: keepOpen(databases[1]!), clock });
  for (const database of databases) {
    await database.exec(`TRUNCATE ${storeMigrationTables.join(', ')}`);
    await database.exec('DROP TABLE IF EXISTS openmdr_store_migration');
  }
  return async () => {
    await source.close();
    await target.close();
  };
});

/** Two tenants with state (versions, expiry), checkpoints, logs and append-once keys. */
async function fill(store: SqlStore): Promise<void> {
  const acme = store.forTenant('acme');
  for (let index = 0; index < 12; index++) await acme.state.set(`key-${index}`, { index });
  await acme.state.set('key-3', { index: 3, rewritten: true });
  await acme.state.set('window', ['a', 'b'], { ttlMs: 60_000 });
  await acme.checkpoints.commit('edr', { cursor: 'c-41' });
  clock.advance(1_000);
  await acme.checkpoints.commit('siem', 7);
  for (let batch = 0; batch < 5; batch++) {
    await acme.log.append('events', [`e-${batch}-a`, `e-${batch}-b`, `e-${batch}-c`]);
    clock.advance(10);
  }
  await acme.log.appendOnce(
    'findings',
    Array.from({ length: 9 }, (_, index) => ({ key: `uid-${index}`, data: { finding: index } })),
  );
  const globex = store.forTenant('globex');
  await globex.state.set('key-0', 'globex value');
  await globex.log.append('events', ['g-1', 'g-2']);
  await globex.log.appendOnce('findings', [{ key: 'uid-0', data: 'globex finding' }]);
}

/** Everything a tenant's view shows, for comparing two stores through the public API. */
async function snapshot(store: SqlStore, tenant: string) {
  const view = store.forTenant(tenant);
  const state: Record<string, unknown> = {};
  for (const key of [...Array.from({ length: 12 }, (_, index) => `key-${index}`), 'window']) {
    state[key] = await view.state.get(key);
  }
  return {
    state,
    checkpoints: [await view.checkpoints.get('edr'), await view.checkpoints.get('siem')],
    events: await view.log.read('events'),
    findings: await view.log.read('findings'),
    heads: [await view.log.lastSequence('events'), await view.log.lastSequence('findings')],
  };
}

describe('migrateStore (PGlite → PGlite)', () => {
  it('copies every table of every tenant with versions, expiry, sequences and keys, and verifies', async () => {
    await fill(source);
    const result = await migrateStore({ from: source, to: target, batchSize: 4 });
    expect(result.resumed).toBe(false);
    expect(result.tenants).toEqual(['acme', 'globex']);
    expect(result.tables.map((table) => [table.table, table.rows, table.copied])).toEqual([
      ['openmdr_state', 14, 14],
      ['openmdr_checkpoints', 2, 2],
      ['openmdr_log_heads', 4, 4],
      ['openmdr_log', 27, 27],
      ['openmdr_log_keys', 10, 10],
    ]);
    for (const tenant of ['acme', 'globex']) {
      expect(await snapshot(target, tenant)).toEqual(await snapshot(source, tenant));
    }
    const acme = target.forTenant('acme');
    expect(await acme.state.get('key-3')).toMatchObject({ version: 2 });
    expect((await acme.state.get('window'))?.expiresAt).toBe(1_700_000_060_000);
    // The append-once keys came along: known keys stay suppressed, sequences continue.
    expect(await acme.log.appendOnce('findings', [{ key: 'uid-4', data: 'again' }])).toEqual([]);
    const next = await acme.log.appendOnce('findings', [{ key: 'uid-new', data: 'new' }]);
    expect(next.map((entry) => entry.sequence)).toEqual([10]);
    expect((await acme.log.append('events', ['after']))[0]?.sequence).toBe(16);

    // A second run finds everything copied and verifies again.
    const again = await migrateStore({ from: source, to: target, batchSize: 4 }).catch(
      (error) => error,
    );
    // The target was written to after the copy (above), so the source and target now differ.
    expect(again).toBeInstanceOf(StoreMigrationError);
    expect(again).toMatchObject({ code: 'STORE_MIGRATION_MISMATCH', tenant: 'acme' });
  });

  it('resumes after an abort in the middle of a table, copying no row twice', async () => {
    await fill(source);
    const controller = new AbortController();
    const seen: StoreMigrationProgress[] = [];
    const first = await migrateStore({
      from: source,
      to: target,
      batchSize: 5,
      signal: controller.signal,
      onProgress: (progress) => {
        seen.push(progress);
        if (progress.table === 'openmdr_log' && progress.copied >= 10) controller.abort();
      },
    }).catch((error) => error);
    expect(first).toBeInstanceOf(StoreMigrationError);
    expect(first).toMatchObject({ code: 'STORE_MIGRATION_ABORTED', isRetryable: true });
    const [{ count }] = (
      await databases[1]!.query<{ count: number }>('SELECT count(*)::int AS count FROM openmdr_log')
    ).rows as [{ count: number }];
    expect(count).toBe(10);
    expect(seen.some((progress) => progress.phase === 'verify')).toBe(false);

    const second = await migrateStore({ from: source, to: target, batchSize: 5 });
    expect(second.resumed).toBe(true);
    expect(second.tables.map((table) => [table.table, table.copied])).toEqual([
      ['openmdr_state', 0],
      ['openmdr_checkpoints', 0],
      ['openmdr_log_heads', 0],
      ['openmdr_log', 17],
      ['openmdr_log_keys', 10],
    ]);
    for (const tenant of ['acme', 'globex']) {
      expect(await snapshot(target, tenant)).toEqual(await snapshot(source, tenant));
    }
  });

  it('lets one of two simultaneous runs copy, and fails the other instead of interleaving', async () => {
    await fill(source);
    const runs = await Promise.allSettled([
      migrateStore({ from: source, to: target, batchSize: 3 }),
      migrateStore({ from: source, to: target, batchSize: 3 }),
    ]);
    expect(runs.filter((run) => run.status === 'fulfilled')).toHaveLength(1);
    const failed = runs.find((run) => run.status === 'rejected');
    expect(failed?.reason).toMatchObject({ code: 'STORE_MIGRATION' });
    expect(String(failed?.reason.message)).toContain('another run is migrating');
    const after = await migrateStore({ from: source, to: target });
    expect(after.tables.every((table) => table.copied === 0)).toBe(true);
    expect(await snapshot(target, 'acme')).toEqual(await snapshot(source, 'acme'));
  });

  it('catches a tampered row in verification, naming the table and tenant', async () => {
    await fill(source);
    await migrateStore({ from: source, to: target });
    await databases[1]!.query(
      `UPDATE openmdr_log SET data = '"tampered"'::jsonb WHERE tenant = 'globex' AND sequence = 2`,
    );
    const error = await migrateStore({ from: source, to: target }).catch((failure) => failure);
    expect(StoreMigrationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'STORE_MIGRATION_MISMATCH',
      table: 'openmdr_log',
      tenant: 'globex',
      details: { sourceRows: 3, targetRows: 3 },
    });
    expect(error.message).toContain('openmdr_log of tenant globex');

    // A missing row is caught too (here: a checkpoint).
    await databases[1]!.query(
      `UPDATE openmdr_log SET data = '"g-2"'::jsonb WHERE tenant = 'globex' AND sequence = 2`,
    );
    await migrateStore({ from: source, to: target });
    await databases[1]!.query(`DELETE FROM openmdr_checkpoints WHERE source = 'siem'`);
    await expect(migrateStore({ from: source, to: target })).rejects.toMatchObject({
      code: 'STORE_MIGRATION_MISMATCH',
      table: 'openmdr_checkpoints',
      tenant: 'acme',
      details: { sourceRows: 2, targetRows: 1 },
    });
  });

  it('refuses a target holding other data for the same tenants, unless forced', async () => {
    await fill(source);
    await target.forTenant('acme').state.set('key-5', 'the target says otherwise');
    await target.forTenant('initech').state.set('key-0', 'another tenant, kept');
    const error = await migrateStore({ from: source, to: target }).catch((failure) => failure);
    expect(error).toMatchObject({
      code: 'STORE_MIGRATION_CONFLICT',
      table: 'openmdr_state',
      tenant: 'acme',
    });
    // Nothing was written: no progress, no copied rows.
    expect(await target.forTenant('acme').log.lastSequence('events')).toBe(0);
    const progress = await databases[1]!.query('SELECT * FROM openmdr_store_migration');
    expect(progress.rows).toEqual([]);

    // A key the source lacks is refused as well.
    await target.forTenant('acme').state.delete('key-5');
    await target.forTenant('globex').checkpoints.commit('extra', 1);
    await expect(migrateStore({ from: source, to: target })).rejects.toMatchObject({
      code: 'STORE_MIGRATION_CONFLICT',
      table: 'openmdr_checkpoints',
      tenant: 'globex',
    });

    const forced = await migrateStore({ from: source, to: target, force: true });
    expect(forced.tables.find((table) => table.table === 'openmdr_state')?.copied).toBe(14);
    for (const tenant of ['acme', 'globex']) {
      expect(await snapshot(target, tenant)).toEqual(await snapshot(source, tenant));
    }
    expect(await target.forTenant('globex').checkpoints.get('extra')).toBeUndefined();
    expect((await target.forTenant('initech').state.get('key-0'))?.value).toBe(
      'another tenant, kept',
    );
  });

  it('accepts a target that already holds the same rows', async () => {
    await fill(source);
    await migrateStore({ from: source, to: target, source: 'first-name' });
    const result = await migrateStore({ from: source, to: target, source: 'second-name' });
    expect(result.resumed).toBe(false);
    expect(result.tables.every((table) => table.copied === table.rows)).toBe(true);
    expect(await snapshot(target, 'acme')).toEqual(await snapshot(source, 'acme'));
  });
});
