/**
 * Scheduled hunts: each tenant's hunts run at a cadence over the window since their last run
 * (with an overlap for late data), and only hits not seen in an earlier run are new. State
 * (last window, seen hit keys) lives in the tenant's core `StateStore`; time comes from an
 * injected clock and the host calls {@link HuntScheduler.runDue} (no timers of its own).
 *
 * @module
 */
import {
  type Clock,
  CompareAndSetConflict,
  type JsonValue,
  type StateStore,
  type Store,
  systemClock,
  type TenantId,
} from '@openmdr/core';
import { HuntError } from './errors.js';
import { hitKey } from './hit-key.js';
import type { Hunt, HuntHit, HuntResult, HuntRunner } from './hunt.js';
import { runHunt } from './run-hunt.js';

/** A hunt that runs on a schedule: a hunt without its time range, and its cadence. */
export interface ScheduledHunt extends Omit<Hunt, 'range'> {
  /** Run every this many ms; default the tenant's cadence ({@link HuntSchedulerOptions.cadence}). */
  readonly everyMs?: number | undefined;
  /**
   * How far before the end of the previous window each run starts, ms, for events indexed
   * late (hits seen before are not new again). Default 0.
   */
  readonly overlapMs?: number | undefined;
  /** The first run's window starts this long before it, ms. Default: the cadence. */
  readonly initialLookbackMs?: number | undefined;
}

/** The stored state of a scheduled hunt (plain JSON). */
export interface ScheduledHuntState {
  readonly version: 1;
  /** When the hunt last ran (epoch ms). */
  readonly lastRunAt: number;
  /** The end of the last window searched (epoch ms). */
  readonly windowEnd: number;
  /** When the hunt is due next (epoch ms). */
  readonly nextRunAt: number;
  /** Hit keys seen, with the event time of each (pruned once out of every future window). */
  readonly seen: Readonly<Record<string, number>>;
  /** Runs so far. */
  readonly runs: number;
}

/** Cadences: a default and per-tenant overrides, ms. */
export interface HuntCadence {
  /** Default every-ms for hunts that state none. Default one hour. */
  readonly defaultMs?: number | undefined;
  /** Per-tenant every-ms. */
  readonly tenants?: Readonly<Record<string, number>> | undefined;
}

/** Options of {@link HuntScheduler}. */
export interface HuntSchedulerOptions {
  /** The core store: each tenant's state (`forTenant(tenant).state`) holds its hunts' state. */
  readonly store: Store;
  /** The runner of a tenant and target (a tenant's SIEM instance, its DuckDB files…). */
  readonly runner: (tenant: TenantId, hunt: ScheduledHunt) => HuntRunner;
  /** Cadences. */
  readonly cadence?: HuntCadence | undefined;
  /** The clock; default the system clock. */
  readonly clock?: Clock | undefined;
}

/** What one scheduled run did. */
export interface ScheduledHuntRun {
  /** The hunt as run (with its window). */
  readonly hunt: Hunt;
  /** The full result of the run (every hit, failures). */
  readonly result: HuntResult;
  /** Hits not seen in an earlier run (deduplicated by {@link hitKey}). */
  readonly newHits: readonly HuntHit[];
  /** The state stored after the run. */
  readonly state: ScheduledHuntState;
}

const HOUR_MS = 3_600_000;
const stateKey = (id: string) => `hunting:schedule:${id}`;

/**
 * Runs scheduled hunts per tenant. Register hunts with {@link HuntScheduler.add}; call
 * {@link HuntScheduler.runDue} when {@link HuntScheduler.nextDueAt} comes (from a timer, a cron
 * job or a queue worker — the scheduler starts none). Each run searches from the end of the
 * previous window (minus the overlap) to now, keeps the keys of the hits it saw, and reports
 * only new hits; the state is written with compare-and-set, so two workers never both run the
 * same window (the loser's run is skipped).
 */
export class HuntScheduler {
  readonly #options: HuntSchedulerOptions;
  readonly #clock: Clock;
  readonly #hunts = new Map<string, Map<string, ScheduledHunt>>();

  constructor(options: HuntSchedulerOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
  }

  /** Registers (or replaces) a scheduled hunt of its tenant. */
  add(hunt: ScheduledHunt): void {
    const every = this.cadenceOf(hunt);
    if (!Number.isFinite(every) || every <= 0) {
      throw new HuntError('HUNT_INVALID', `scheduled hunt ${hunt.id} needs a cadence > 0 ms`);
    }
    const tenantHunts = this.#hunts.get(hunt.tenant) ?? new Map<string, ScheduledHunt>();
    tenantHunts.set(hunt.id, hunt);
    this.#hunts.set(hunt.tenant, tenantHunts);
  }

  /** Unregisters a hunt (its stored state stays, for when it is added again). */
  remove(tenant: TenantId, id: string): boolean {
    return this.#hunts.get(tenant)?.delete(id) ?? false;
  }

  /** The scheduled hunts of a tenant. */
  list(tenant: TenantId): ScheduledHunt[] {
    return [...(this.#hunts.get(tenant)?.values() ?? [])];
  }

  /** The cadence of a hunt: its own, else its tenant's, else the default (one hour). */
  cadenceOf(hunt: ScheduledHunt): number {
    const cadence = this.#options.cadence;
    return hunt.everyMs ?? cadence?.tenants?.[hunt.tenant] ?? cadence?.defaultMs ?? HOUR_MS;
  }

  /** The stored state of a hunt, `undefined` before its first run. */
  async state(tenant: TenantId, id: string): Promise<ScheduledHuntState | undefined> {
    const found = await this.#stateStore(tenant).get(stateKey(id));
    return found?.value as ScheduledHuntState | undefined;
  }

  /** When the next hunt is due (epoch ms; now or earlier for a hunt never run), or `undefined`. */
  async nextDueAt(): Promise<number | undefined> {
    let next: number | undefined;
    for (const hunts of this.#hunts.values()) {
      for (const hunt of hunts.values()) {
        const state = await this.state(hunt.tenant, hunt.id);
        const due = state?.nextRunAt ?? this.#clock.now();
        next = next === undefined ? due : Math.min(next, due);
      }
    }
    return next;
  }

  /**
   * Runs every hunt that is due (never run, or its `nextRunAt` reached), one after the other,
   * and returns what each found. A hunt whose state another worker changed meanwhile is
   * skipped.
   */
  async runDue(): Promise<ScheduledHuntRun[]> {
    const runs: ScheduledHuntRun[] = [];
    for (const hunts of this.#hunts.values()) {
      for (const hunt of hunts.values()) {
        const state = await this.state(hunt.tenant, hunt.id);
        if (state !== undefined && state.nextRunAt > this.#clock.now()) continue;
        const run = await this.runNow(hunt.tenant, hunt.id);
        if (run) runs.push(run);
      }
    }
    return runs;
  }

  /**
   * Runs one registered hunt now, whatever its schedule: the window since the previous one
   * (minus the overlap; the first run looks back `initialLookbackMs` or one cadence), new hits
   * by {@link hitKey}. Returns `undefined` when another worker stored a run meanwhile.
   *
   * @throws {HuntError} `HUNT_INVALID` for an unknown hunt.
   */
  async runNow(tenant: TenantId, id: string): Promise<ScheduledHuntRun | undefined> {
    const scheduled = this.#hunts.get(tenant)?.get(id);
    if (!scheduled) throw new HuntError('HUNT_INVALID', `no scheduled hunt ${id} for ${tenant}`);
    const store = this.#stateStore(tenant);
    const stored = await store.get(stateKey(id));
    const previous = stored?.value as ScheduledHuntState | undefined;
    const every = this.cadenceOf(scheduled);
    const now = this.#clock.now();
    const from =
      previous === undefined
        ? now - (scheduled.initialLookbackMs ?? every)
        : Math.min(previous.windowEnd - (scheduled.overlapMs ?? 0), now - 1);
    const { everyMs: _every, overlapMs, initialLookbackMs: _lookback, ...base } = scheduled;
    const hunt: Hunt = { ...base, range: { from, to: now }, createdBy: 'scheduler' };
    const result = await runHunt(hunt, this.#options.runner(tenant, scheduled), {
      clock: this.#clock,
    });
    const seen: Record<string, number> = { ...(previous?.seen ?? {}) };
    const newHits: HuntHit[] = [];
    for (const hit of result.hits) {
      const key = hitKey(hit);
      if (seen[key] === undefined) newHits.push(hit);
      seen[key] = hit.observedAt;
    }
    // keys of events before the next window's start can never come again
    const nextFrom = now - (overlapMs ?? 0);
    for (const [key, at] of Object.entries(seen)) if (at < nextFrom) delete seen[key];
    const state: ScheduledHuntState = {
      version: 1,
      lastRunAt: now,
      windowEnd: now,
      nextRunAt: now + every,
      seen,
      runs: (previous?.runs ?? 0) + 1,
    };
    try {
      await store.compareAndSet(
        stateKey(id),
        stored?.version ?? null,
        state as unknown as JsonValue,
      );
    } catch (error) {
      if (error instanceof CompareAndSetConflict) return undefined;
      throw error;
    }
    return { hunt, result, newHits, state };
  }

  #stateStore(tenant: TenantId): StateStore {
    return this.#options.store.forTenant(tenant).state;
  }
}
