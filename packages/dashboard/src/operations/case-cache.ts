/**
 * A per-tenant cache of the case list, so that listing, the overview and SLA clocks stay fast
 * with thousands of cases (`TenantCases.list` reads every case from the store: about 0.5 s for
 * 10,000 cases on the memory store and several seconds on PGlite).
 *
 * @module
 */
import type { Clock } from '@openmdr/core';
import type { Case, TenantCases } from '@openmdr/response';

interface Entry {
  cases: readonly Case[] | undefined;
  loadedAt: number;
  stale: boolean;
  loading: Promise<readonly Case[]> | undefined;
  /** Single-case rereads in flight ({@link CaseListCache.update}); reads wait for them. */
  patching: Promise<void> | undefined;
}

/**
 * Caches each tenant's cases, stale-while-revalidate: the first read of a tenant waits for the
 * store; later reads answer from memory at once, and once the list is older than `ttlMs` (or was
 * marked stale by {@link CaseListCache.invalidate}) one read starts a reload in the background
 * and the next reads see its result. So a case changed elsewhere shows on a read after at most
 * `ttlMs` plus one reload, and no read but the first ever waits for a full reload. A failed
 * background reload keeps the previous list. `ttlMs` 0 turns the cache off (every read reads
 * the store).
 */
export class CaseListCache {
  readonly #ttlMs: number;
  readonly #clock: Clock;
  readonly #entries = new Map<string, Entry>();

  constructor(ttlMs: number, clock: Clock) {
    this.#ttlMs = ttlMs;
    this.#clock = clock;
  }

  /** The cases of `cases.tenant`. */
  list(cases: TenantCases): Promise<readonly Case[]> {
    if (this.#ttlMs <= 0) return cases.list();
    const tenant = cases.tenant;
    let entry = this.#entries.get(tenant);
    if (entry === undefined) {
      entry = {
        cases: undefined,
        loadedAt: 0,
        stale: true,
        loading: undefined,
        patching: undefined,
      };
      this.#entries.set(tenant, entry);
    }
    const current = entry;
    if (current.cases === undefined) return current.loading ?? this.#load(tenant, current, cases);
    const expired = current.stale || this.#clock.now() - current.loadedAt >= this.#ttlMs;
    if (expired && current.loading === undefined) {
      this.#load(tenant, current, cases).catch(() => undefined);
    }
    const patching = current.patching;
    if (patching !== undefined) return patching.then(() => current.cases ?? this.list(cases));
    return Promise.resolve(current.cases);
  }

  /**
   * Rereads one case that changed (on `case.changed`) into the cached list, so a change shows on
   * the next read without reloading every case; reads wait for the reread. A case the store no
   * longer has, or a failed read, marks the list stale instead.
   */
  update(cases: TenantCases, id: string): void {
    const entry = this.#entries.get(cases.tenant);
    if (entry?.cases === undefined) return;
    // A reload already running may have read the store before this change: read again after it.
    if (entry.loading !== undefined) entry.stale = true;
    const patch = (entry.patching ?? Promise.resolve()).then(async () => {
      try {
        const changed = await cases.get(id, { followMerge: false });
        const list = entry.cases ?? [];
        const index = list.findIndex((item) => item.id === id);
        entry.cases =
          index === -1
            ? [...list, changed]
            : list.map((item, at) => (at === index ? changed : item));
      } catch {
        entry.stale = true;
      }
    });
    entry.patching = patch;
    void patch.then(() => {
      if (entry.patching === patch) entry.patching = undefined;
    });
  }

  #load(tenant: string, entry: Entry, cases: TenantCases): Promise<readonly Case[]> {
    const startedAt = this.#clock.now();
    entry.stale = false;
    const loading = cases.list().then(
      (list) => {
        entry.cases = list;
        entry.loadedAt = startedAt;
        entry.loading = undefined;
        return list;
      },
      (error: unknown) => {
        entry.loading = undefined;
        entry.stale = true;
        if (entry.cases === undefined && this.#entries.get(tenant) === entry) {
          this.#entries.delete(tenant);
        }
        throw error;
      },
    );
    entry.loading = loading;
    return loading;
  }

  /** Marks the cases of `tenant` stale: the next read starts a reload. */
  invalidate(tenant: string): void {
    const entry = this.#entries.get(tenant);
    if (entry !== undefined) entry.stale = true;
  }
}
