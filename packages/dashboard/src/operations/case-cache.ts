/**
 * A per-tenant cache of the case list, so that listing, the overview and SLA clocks stay fast
 * with thousands of cases (`TenantCases.list` reads every case from the store).
 *
 * @module
 */
import type { Clock } from '@openmdr/core';
import type { Case, TenantCases } from '@openmdr/response';

interface Entry {
  readonly loadedAt: number;
  readonly cases: Promise<readonly Case[]>;
}

/**
 * Caches each tenant's cases for `ttlMs` after they were read. An entry is dropped early by
 * {@link CaseListCache.invalidate}: the operations call it after their own changes and when the
 * bus says a tenant's incidents, actions, approvals or SLA clocks changed. Case changes made
 * elsewhere without a bus event show after at most `ttlMs`. Concurrent reads of one tenant share
 * one load.
 */
export class CaseListCache {
  readonly #ttlMs: number;
  readonly #clock: Clock;
  readonly #entries = new Map<string, Entry>();

  constructor(ttlMs: number, clock: Clock) {
    this.#ttlMs = ttlMs;
    this.#clock = clock;
  }

  /** The cases of `cases.tenant`, from the cache when fresh. */
  list(cases: TenantCases): Promise<readonly Case[]> {
    const now = this.#clock.now();
    const entry = this.#entries.get(cases.tenant);
    if (entry !== undefined && now - entry.loadedAt < this.#ttlMs) return entry.cases;
    const loading = cases.list();
    if (this.#ttlMs > 0) {
      this.#entries.set(cases.tenant, { loadedAt: now, cases: loading });
      // A failed load is not kept.
      loading.catch(() => {
        if (this.#entries.get(cases.tenant)?.cases === loading) this.#entries.delete(cases.tenant);
      });
    }
    return loading;
  }

  /** Forgets the cases of `tenant`. */
  invalidate(tenant: string): void {
    this.#entries.delete(tenant);
  }
}
