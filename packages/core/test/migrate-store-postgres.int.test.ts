import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ManualClock,
  migrateStore,
  openPgliteStore,
  openPostgresStore,
  type SqlStore,
} from '../src/index.js';

const url = process.env['OPENMDR_TEST_PG_URL'];

// PGlite → PostgreSQL → PostgreSQL (another schema): the checksums agree across the two engines,
// a run aborted on PostgreSQL resumes, and a row changed in PostgreSQL fails verification.
describe.skipIf(!url)('migrateStore on PostgreSQL', () => {
  const schemas: string[] = [];
  const stores: SqlStore[] = [];
  const schema = () => {
    const name = `openmdr_mig_${randomUUID().replace(/-/g, '')}`;
    schemas.push(name);
    return name;
  };
  afterAll(async () => {
    for (const store of stores) await store.close();
    const sql = postgres(url!, { onnotice: () => {} });
    for (const name of schemas) await sql.unsafe(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    await sql.end();
  });

  it('copies PGlite into PostgreSQL and PostgreSQL into another schema, resumable and verified', async () => {
    const clock = new ManualClock(1_700_000_000_000);
    const pglite = await openPgliteStore({ clock });
    const first = await openPostgresStore({ url: url!, schema: schema(), clock });
    const secondSchema = schema();
    const second = await openPostgresStore({ url: url!, schema: secondSchema, clock });
    stores.push(pglite, first, second);
    for (const tenant of ['acme', 'globex']) {
      const view = pglite.forTenant(tenant);
      await view.state.set('window', { tenant, hits: [1, 2.5, 'é'] }, { ttlMs: 90_000 });
      await view.checkpoints.commit('edr', { cursor: `${tenant}-cursor` });
      for (let batch = 0; batch < 6; batch++) {
        await view.log.append(
          'events',
          Array.from({ length: 5 }, (_, n) => ({ batch, n })),
        );
        clock.advance(7);
      }
      await view.log.appendOnce('findings', [
        { key: `${tenant}-uid-1`, data: 1 },
        { key: `${tenant}-uid-2`, data: 2 },
      ]);
    }

    const intoPostgres = await migrateStore({ from: pglite, to: first, batchSize: 8 });
    expect(intoPostgres.tables.map((table) => [table.table, table.rows])).toEqual([
      ['openmdr_state', 2],
      ['openmdr_checkpoints', 2],
      ['openmdr_log_heads', 4],
      ['openmdr_log', 64],
      ['openmdr_log_keys', 4],
    ]);

    const controller = new AbortController();
    const aborted = await migrateStore({
      from: first,
      to: second,
      batchSize: 8,
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.table === 'openmdr_log' && progress.copied >= 24) controller.abort();
      },
    }).catch((error) => error);
    expect(aborted).toMatchObject({ code: 'STORE_MIGRATION_ABORTED' });
    const resumed = await migrateStore({ from: first, to: second, batchSize: 8 });
    expect(resumed.resumed).toBe(true);
    expect(resumed.tables.find((table) => table.table === 'openmdr_log')?.copied).toBe(40);
    // The same rows give the same checksums on PGlite and on PostgreSQL.
    expect(resumed.tables.map((table) => table.checksum)).toEqual(
      intoPostgres.tables.map((table) => table.checksum),
    );
    for (const tenant of ['acme', 'globex']) {
      const from = pglite.forTenant(tenant);
      const to = second.forTenant(tenant);
      expect(await to.log.read('events')).toEqual(await from.log.read('events'));
      expect(await to.log.read('findings')).toEqual(await from.log.read('findings'));
      expect(await to.state.get('window')).toEqual(await from.state.get('window'));
      expect(await to.checkpoints.get('edr')).toEqual(await from.checkpoints.get('edr'));
      expect(await to.log.appendOnce('findings', [{ key: `${tenant}-uid-2`, data: 9 }])).toEqual(
        [],
      );
    }

    const sql = postgres(url!, { onnotice: () => {} });
    try {
      await sql.unsafe(
        `UPDATE "${secondSchema}".openmdr_state SET version = version + 1 WHERE tenant = 'globex'`,
      );
    } finally {
      await sql.end();
    }
    await expect(migrateStore({ from: first, to: second })).rejects.toMatchObject({
      code: 'STORE_MIGRATION_MISMATCH',
      table: 'openmdr_state',
      tenant: 'globex',
    });
  });
});
