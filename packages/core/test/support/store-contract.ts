import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CompareAndSetConflict,
  ManualClock,
  OpenMdrError,
  type SqlStore,
  type Store,
} from '../../src/index.js';

/** How the contract suite opens a fresh, empty store of one adapter. */
export interface StoreContractOptions {
  /** Opens a new empty store whose expiry follows `clock` (adapters with native TTLs ignore it). */
  open(clock: ManualClock): Promise<Store>;
  /** Whether expiry follows the injected clock (false: the adapter uses real time, as Redis). */
  injectedClock: boolean;
  /** For SQL adapters: opens a second store on the same database, to check migrations. */
  reopen?: (clock: ManualClock) => Promise<SqlStore>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The contract every storage adapter passes: state with CAS and TTL, checkpoints, log, tenancy. */
export function describeStoreContract(name: string, options: StoreContractOptions): void {
  describe(`store contract: ${name}`, () => {
    let clock: ManualClock;
    let store: Store;

    beforeEach(async () => {
      clock = new ManualClock(1_700_000_000_000);
      store = await options.open(clock);
    });
    afterEach(async () => {
      await store.close();
    });

    /** Moves expiry forward: the injected clock, or real time for native TTLs. */
    const pass = async (ms: number) => {
      if (options.injectedClock) clock.advance(ms);
      else await sleep(ms);
    };

    describe('state', () => {
      it('stores JSON values with versions starting at 1', async () => {
        const state = store.forTenant('acme').state;
        expect(await state.get('missing')).toBeUndefined();
        expect(await state.set('k', { a: [1, 'two', null], b: true })).toBe(1);
        expect(await state.set('k', { a: [3] })).toBe(2);
        expect(await state.get('k')).toEqual({
          value: { a: [3] },
          version: 2,
          expiresAt: undefined,
        });
        await state.set('string', 'plain "quoted" \u00e9');
        expect((await state.get('string'))?.value).toBe('plain "quoted" \u00e9');
      });

      it('compare-and-set succeeds on the expected version and conflicts otherwise', async () => {
        const state = store.forTenant('acme').state;
        expect(await state.compareAndSet('counter', null, 1)).toBe(1);
        const conflict = await state.compareAndSet('counter', null, 99).catch((error) => error);
        expect(conflict).toBeInstanceOf(CompareAndSetConflict);
        expect(conflict.code).toBe('STORAGE_CAS_CONFLICT');
        expect(conflict.isRetryable).toBe(true);
        expect(OpenMdrError.isInstance(conflict)).toBe(true);
        expect(await state.compareAndSet('counter', 1, 2)).toBe(2);
        await expect(state.compareAndSet('counter', 1, 3)).rejects.toBeInstanceOf(
          CompareAndSetConflict,
        );
        await expect(state.compareAndSet('absent', 4, 3)).rejects.toBeInstanceOf(
          CompareAndSetConflict,
        );
        expect(await state.get('counter')).toMatchObject({ value: 2, version: 2 });
      });

      it('concurrent compare-and-set increments lose no update', async () => {
        const state = store.forTenant('acme').state;
        const increment = async () => {
          for (;;) {
            const current = await state.get<number>('hits');
            try {
              await state.compareAndSet(
                'hits',
                current?.version ?? null,
                (current?.value ?? 0) + 1,
              );
              return;
            } catch (error) {
              if (!CompareAndSetConflict.isInstance(error)) throw error;
            }
          }
        };
        await Promise.all(Array.from({ length: 20 }, increment));
        expect((await state.get('hits'))?.value).toBe(20);
      });

      it('delete removes live values and honours an expected version', async () => {
        const state = store.forTenant('acme').state;
        await state.set('k', 1);
        await expect(state.delete('k', 7)).rejects.toBeInstanceOf(CompareAndSetConflict);
        expect(await state.delete('k', 1)).toBe(true);
        expect(await state.delete('k')).toBe(false);
        expect(await state.get('k')).toBeUndefined();
        expect(await state.compareAndSet('k', null, 'again')).toBe(1);
      });

      it('expires values after their TTL', async () => {
        const state = store.forTenant('acme').state;
        await state.set('short', 'x', { ttlMs: 150 });
        await state.set('long', 'y', { ttlMs: 60_000 });
        await state.set('forever', 'z');
        const read = await state.get('short');
        expect(read?.value).toBe('x');
        expect(read?.expiresAt).toBeGreaterThan(clock.now());
        expect(read?.expiresAt).toBeLessThanOrEqual(clock.now() + 150);
        await pass(300);
        expect(await state.get('short')).toBeUndefined();
        expect((await state.get('long'))?.value).toBe('y');
        expect((await state.get('forever'))?.expiresAt).toBeUndefined();
        // An expired key counts as absent for compare-and-set, and its version starts again.
        await expect(state.compareAndSet('short', 1, 'late')).rejects.toBeInstanceOf(
          CompareAndSetConflict,
        );
        expect(await state.compareAndSet('short', null, 'fresh')).toBe(1);
        expect(await state.delete('short')).toBe(true);
      });

      it('a write without TTL clears an earlier TTL', async () => {
        const state = store.forTenant('acme').state;
        await state.set('k', 1, { ttlMs: 150 });
        await state.set('k', 2);
        await pass(300);
        expect(await state.get('k')).toMatchObject({ value: 2, version: 2 });
      });

      it('rejects bad arguments with typed errors', async () => {
        const state = store.forTenant('acme').state;
        await expect(state.set('', 1)).rejects.toMatchObject({ code: 'STORAGE_INVALID_ARGUMENT' });
        await expect(state.set('k', 1, { ttlMs: -5 })).rejects.toMatchObject({
          code: 'STORAGE_INVALID_ARGUMENT',
        });
        await expect(state.compareAndSet('k', 0, 1)).rejects.toMatchObject({
          code: 'STORAGE_INVALID_ARGUMENT',
        });
        const cyclic: Record<string, unknown> = {};
        cyclic['self'] = cyclic;
        await expect(state.set('k', cyclic as never)).rejects.toMatchObject({
          code: 'STORAGE_INVALID_VALUE',
        });
        expect(() => store.forTenant('../other')).toThrow(
          expect.objectContaining({ code: 'TENANT_INVALID' }),
        );
      });
    });

    describe('checkpoints', () => {
      it('commits and reads positions by source', async () => {
        const checkpoints = store.forTenant('acme').checkpoints;
        expect(await checkpoints.get('edr')).toBeUndefined();
        await checkpoints.commit('edr', { cursor: 'abc', offset: 10 });
        clock.advance(1000);
        await checkpoints.commit('edr', { cursor: 'def', offset: 20 });
        await checkpoints.commit('siem', 42);
        expect(await checkpoints.get('edr')).toEqual({
          position: { cursor: 'def', offset: 20 },
          committedAt: clock.now(),
        });
        expect((await checkpoints.get('siem'))?.position).toBe(42);
      });
    });

    describe('append-only log', () => {
      it('numbers entries 1, 2, 3… and reads them in order with from/to/limit', async () => {
        const log = store.forTenant('acme').log;
        expect(await log.lastSequence('audit')).toBe(0);
        expect(await log.append('audit', [])).toEqual([]);
        const first = await log.append('audit', [{ n: 1 }, { n: 2 }]);
        expect(first.map((entry) => entry.sequence)).toEqual([1, 2]);
        expect(first[0]).toEqual({ sequence: 1, at: clock.now(), data: { n: 1 } });
        clock.advance(5);
        await log.append('audit', [{ n: 3 }, { n: 4 }, { n: 5 }]);
        await log.append('other', ['x']);
        expect(await log.lastSequence('audit')).toBe(5);
        const all = await log.read('audit');
        expect(all.map((entry) => entry.data)).toEqual([
          { n: 1 },
          { n: 2 },
          { n: 3 },
          { n: 4 },
          { n: 5 },
        ]);
        expect(all[4]?.at).toBe(clock.now());
        expect((await log.read('audit', { from: 2, to: 4 })).map((e) => e.sequence)).toEqual([
          2, 3, 4,
        ]);
        expect((await log.read('audit', { from: 3, limit: 2 })).map((e) => e.sequence)).toEqual([
          3, 4,
        ]);
        expect(await log.read('audit', { from: 6 })).toEqual([]);
        expect(await log.read('audit', { limit: 0 })).toEqual([]);
        expect((await log.read('other')).map((e) => e.data)).toEqual(['x']);
      });

      it('keeps order and gap-free sequences under concurrent appends', async () => {
        const log = store.forTenant('acme').log;
        await Promise.all(
          Array.from({ length: 10 }, (_, writer) =>
            log.append('timeline', [`${writer}-a`, `${writer}-b`, `${writer}-c`]),
          ),
        );
        const entries = await log.read<string>('timeline');
        expect(entries.map((entry) => entry.sequence)).toEqual(
          Array.from({ length: 30 }, (_, index) => index + 1),
        );
        // Each append is atomic: its three entries are contiguous.
        for (let index = 0; index < 30; index += 3) {
          const writer = entries[index]!.data.split('-')[0];
          expect(entries.slice(index, index + 3).map((entry) => entry.data)).toEqual([
            `${writer}-a`,
            `${writer}-b`,
            `${writer}-c`,
          ]);
        }
      });
    });

    describe('append-once log', () => {
      it('appends fresh keys in order, with sequences, and skips keys seen in earlier calls', async () => {
        const log = store.forTenant('acme').log;
        expect(await log.appendOnce('findings', [])).toEqual([]);
        const first = await log.appendOnce('findings', [
          { key: 'f-1', data: { n: 1 } },
          { key: 'f-2', data: { n: 2 } },
        ]);
        expect(first).toEqual([
          { sequence: 1, at: clock.now(), data: { n: 1 } },
          { sequence: 2, at: clock.now(), data: { n: 2 } },
        ]);
        clock.advance(10);
        const second = await log.appendOnce('findings', [
          { key: 'f-2', data: { n: 'again' } },
          { key: 'f-3', data: { n: 3 } },
          { key: 'f-1', data: { n: 'again' } },
        ]);
        expect(second).toEqual([{ sequence: 3, at: clock.now(), data: { n: 3 } }]);
        expect(await log.appendOnce('findings', [{ key: 'f-3', data: 'x' }])).toEqual([]);
        expect(await log.lastSequence('findings')).toBe(3);
        expect((await log.read('findings')).map((entry) => entry.data)).toEqual([
          { n: 1 },
          { n: 2 },
          { n: 3 },
        ]);
        // Keys belong to one stream: the same key is fresh on another.
        expect((await log.appendOnce('cases', [{ key: 'f-1', data: 'c' }]))[0]?.sequence).toBe(1);
      });

      it('keeps the first entry of a key repeated within one call', async () => {
        const log = store.forTenant('acme').log;
        const appended = await log.appendOnce('findings', [
          { key: 'a', data: 'first a' },
          { key: 'b', data: 'first b' },
          { key: 'a', data: 'second a' },
          { key: 'c', data: 'c' },
          { key: 'b', data: 'second b' },
        ]);
        expect(appended.map((entry) => [entry.sequence, entry.data])).toEqual([
          [1, 'first a'],
          [2, 'first b'],
          [3, 'c'],
        ]);
        expect((await log.read('findings')).map((entry) => entry.data)).toEqual([
          'first a',
          'first b',
          'c',
        ]);
      });

      it('shares gap-free sequences with append, and records each key once under concurrency', async () => {
        const log = store.forTenant('acme').log;
        await log.append('timeline', ['plain-1']);
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, writer) =>
            writer % 2 === 0
              ? log.appendOnce('timeline', [
                  { key: 'shared', data: `shared-from-${writer}` },
                  { key: `own-${writer}`, data: `own-${writer}` },
                ])
              : log.append('timeline', [`plain-${writer}-a`, `plain-${writer}-b`]),
          ),
        );
        const entries = await log.read<string>('timeline');
        expect(entries.map((entry) => entry.sequence)).toEqual(
          Array.from({ length: entries.length }, (_, index) => index + 1),
        );
        // 1 + 4 appends of 2 + 4 own keys + the shared key once.
        expect(entries).toHaveLength(1 + 8 + 4 + 1);
        expect(entries.filter((entry) => entry.data.startsWith('shared-'))).toHaveLength(1);
        // What each call returned is exactly what the log holds at those sequences.
        const bySequence = new Map(entries.map((entry) => [entry.sequence, entry.data]));
        for (const returned of results.flat()) {
          expect(bySequence.get(returned.sequence)).toBe(returned.data);
        }
        expect(await log.lastSequence('timeline')).toBe(entries.length);
      });

      it('rejects bad keys and values without appending or recording anything', async () => {
        const log = store.forTenant('acme').log;
        await expect(log.appendOnce('findings', [{ key: '', data: 1 }])).rejects.toMatchObject({
          code: 'STORAGE_INVALID_ARGUMENT',
        });
        await expect(
          log.appendOnce('findings', [
            { key: 'ok', data: 1 },
            { key: 'k'.repeat(1025), data: 2 },
          ]),
        ).rejects.toMatchObject({ code: 'STORAGE_INVALID_ARGUMENT' });
        await expect(log.appendOnce('', [{ key: 'ok', data: 1 }])).rejects.toMatchObject({
          code: 'STORAGE_INVALID_ARGUMENT',
        });
        const cyclic: Record<string, unknown> = {};
        cyclic['self'] = cyclic;
        await expect(
          log.appendOnce('findings', [
            { key: 'ok', data: 1 },
            { key: 'bad', data: cyclic as never },
          ]),
        ).rejects.toMatchObject({ code: 'STORAGE_INVALID_VALUE' });
        expect(await log.lastSequence('findings')).toBe(0);
        // 'ok' was never recorded by the failed calls.
        expect(await log.appendOnce('findings', [{ key: 'ok', data: 1 }])).toHaveLength(1);
        expect(
          (await log.appendOnce('findings', [{ key: 'k'.repeat(1024), data: 2 }]))[0]?.sequence,
        ).toBe(2);
      });

      it("a tenant's keys never suppress another tenant's entries", async () => {
        const acme = store.forTenant('acme').log;
        const globex = store.forTenant('globex').log;
        await acme.appendOnce('findings', [{ key: 'uid-1', data: 'acme' }]);
        expect(await globex.appendOnce('findings', [{ key: 'uid-1', data: 'globex' }])).toEqual([
          { sequence: 1, at: clock.now(), data: 'globex' },
        ]);
        expect((await acme.read('findings')).map((entry) => entry.data)).toEqual(['acme']);
        expect(await acme.appendOnce('findings', [{ key: 'uid-1', data: 'again' }])).toEqual([]);
      });
    });

    describe('tenant isolation', () => {
      it("a tenant's view never reads or writes another tenant's data", async () => {
        const acme = store.forTenant('acme');
        const globex = store.forTenant('globex');
        expect(acme.tenant).toBe('acme');
        await acme.state.set('shared-name', 'acme-secret-value');
        await acme.checkpoints.commit('edr', 'acme-position');
        await acme.log.append('audit', ['acme-entry']);

        expect(await globex.state.get('shared-name')).toBeUndefined();
        expect(await globex.checkpoints.get('edr')).toBeUndefined();
        expect(await globex.log.read('audit')).toEqual([]);
        expect(await globex.log.lastSequence('audit')).toBe(0);
        // Keys that look like another tenant's storage paths stay inside this tenant.
        for (const key of ['acme:state:shared-name', '../acme/shared-name', 'acme', '*']) {
          expect(await globex.state.get(key)).toBeUndefined();
        }
        expect(await globex.state.delete('shared-name')).toBe(false);
        await expect(globex.state.compareAndSet('shared-name', 1, 'stolen')).rejects.toBeInstanceOf(
          CompareAndSetConflict,
        );

        // Writes by the other tenant under the same names do not touch the first tenant's data.
        await globex.state.set('shared-name', 'globex-value');
        await globex.checkpoints.commit('edr', 'globex-position');
        await globex.log.append('audit', ['globex-entry']);
        expect(await acme.state.get('shared-name')).toMatchObject({
          value: 'acme-secret-value',
          version: 1,
        });
        expect((await acme.checkpoints.get('edr'))?.position).toBe('acme-position');
        expect((await acme.log.read('audit')).map((entry) => entry.data)).toEqual(['acme-entry']);
        expect((await globex.log.read('audit')).map((entry) => entry.sequence)).toEqual([1]);
      });

      it('tenants whose ids share a prefix are separate', async () => {
        await store.forTenant('a').state.set('b:state:k', 'from-a');
        expect(await store.forTenant('a-b').state.get('k')).toBeUndefined();
        expect(await store.forTenant('a.b').state.get('state:k')).toBeUndefined();
      });
    });

    it('fails with STORAGE_CLOSED after close', async () => {
      const tenant = store.forTenant('acme');
      await store.close();
      await expect(tenant.state.get('k')).rejects.toMatchObject({ code: 'STORAGE_CLOSED' });
      store = await options.open(clock);
    });

    if (options.reopen) {
      const reopen = options.reopen;
      it('applies each migration once, even when two stores open at once', async () => {
        const [second, third] = await Promise.all([reopen(clock), reopen(clock)]);
        try {
          const applied = await second.appliedMigrations();
          expect(applied.length).toBeGreaterThan(0);
          expect(applied.map((migration) => migration.version)).toEqual(
            [...new Set(applied.map((migration) => migration.version))].sort((a, b) => a - b),
          );
          expect(await third.appliedMigrations()).toEqual(applied);
          await store.forTenant('acme').state.set('seen', 1);
          expect((await second.forTenant('acme').state.get('seen'))?.value).toBe(1);
        } finally {
          await second.close();
          await third.close();
        }
      });
    }
  });
}
