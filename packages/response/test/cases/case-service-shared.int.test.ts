import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { createOpenMdrBus, ManualClock, openStore, type Store } from '@openmdr/core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CaseConflictError,
  CaseNotFoundError,
  CaseService,
  SlaPolicyRegistry,
  SlaScheduler,
} from '../../src/index.js';

// The database clients are dependencies of @openmdr/core, not of this package: load them from there
// for clean-up only.
const fromCore = createRequire(new URL('../../../core/package.json', import.meta.url));
type SqlClient = { unsafe(query: string): Promise<unknown>; end(): Promise<void> };
type RedisClient = {
  keys(pattern: string): Promise<string[]>;
  del(...keys: string[]): Promise<number>;
  disconnect(): void;
};

const pgUrl = process.env['OPENMDR_TEST_PG_URL'];
const redisUrl = process.env['OPENMDR_TEST_REDIS_URL'];
const T0 = Date.UTC(2026, 4, 4, 10, 0, 0);

interface Backend {
  name: string;
  url: string | undefined;
  /** Opens two independent stores (two "processes") on the same data. */
  open: (clock: ManualClock) => Promise<[Store, Store]>;
  cleanup: () => Promise<void>;
}

const schema = `openmdr_cases_${randomUUID().replace(/-/g, '')}`;
const prefix = `openmdrcases${randomUUID().replace(/-/g, '').slice(0, 12)}`;

const backends: Backend[] = [
  {
    name: 'postgres',
    url: pgUrl,
    open: async (clock) => [
      await openStore({ kind: 'postgres', url: pgUrl as string, schema, clock }),
      await openStore({ kind: 'postgres', url: pgUrl as string, schema, clock }),
    ],
    cleanup: async () => {
      const postgres = fromCore('postgres') as (url: string, options: object) => SqlClient;
      const sql = postgres(pgUrl as string, { onnotice: () => {} });
      await sql.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await sql.end();
    },
  },
  {
    name: 'redis',
    url: redisUrl,
    open: async (clock) => [
      await openStore({ kind: 'redis', url: redisUrl as string, keyPrefix: prefix, clock }),
      await openStore({ kind: 'redis', url: redisUrl as string, keyPrefix: prefix, clock }),
    ],
    cleanup: async () => {
      const { Redis } = fromCore('ioredis') as { Redis: new (url: string) => RedisClient };
      const redis = new Redis(redisUrl as string);
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    },
  },
];

for (const backend of backends) {
  describe.skipIf(!backend.url)(`CaseService shared across processes on ${backend.name}`, () => {
    const clock = new ManualClock(T0);
    let stores: [Store, Store] | undefined;

    afterAll(async () => {
      if (stores) for (const store of stores) await store.close();
      await backend.cleanup();
    });

    it('lets one of two concurrent writers win, isolates tenants, and emits each SLA event once', async () => {
      stores = await backend.open(clock);
      const [first, second] = stores;
      const one = new CaseService({ store: first, clock }).forTenant('acme');
      const two = new CaseService({ store: second, clock }).forTenant('acme');
      const created = await one.create({ title: 'shared', severity: 'critical' });

      const results = await Promise.allSettled([
        one.assign(created.id, 'alice', { expectedVersion: created.version }),
        two.assign(created.id, 'bob', { expectedVersion: created.version }),
      ]);
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find(
        (result) => result.status === 'rejected',
      ) as PromiseRejectedResult;
      expect(rejected.reason).toBeInstanceOf(CaseConflictError);

      await Promise.all([
        one.addTechniques(created.id, ['T1003']),
        two.addTechniques(created.id, ['T1021']),
        one.addTechniques(created.id, ['T1059']),
      ]);
      expect((await two.get(created.id)).techniques.sort()).toEqual(['T1003', 'T1021', 'T1059']);
      const timeline = await two.timeline(created.id);
      expect(timeline.map((entry) => entry.sequence)).toEqual(
        timeline.map((_, index) => index + 1),
      );

      const otherTenant = new CaseService({ store: second, clock }).forTenant('globex');
      await expect(otherTenant.get(created.id)).rejects.toBeInstanceOf(CaseNotFoundError);

      const registry = new SlaPolicyRegistry({
        name: 'p',
        targets: { critical: { acknowledgeMinutes: 15 } },
      });
      const bus = createOpenMdrBus();
      const breaches: string[] = [];
      bus.on('sla.breached', ({ incidentId }) => {
        breaches.push(incidentId);
      });
      const schedulers = stores.map(
        (store) =>
          new SlaScheduler({
            cases: new CaseService({ store, clock }),
            store,
            bus,
            clock,
            policyFor: (tenant) => registry.get(tenant),
            tenants: () => ['acme'],
          }),
      );
      clock.advance(16 * 60_000);
      await Promise.all(schedulers.map((scheduler) => scheduler.check()));
      expect(breaches).toEqual([created.id]);
    });
  });
}
