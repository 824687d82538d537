import {
  type Clock,
  CompareAndSetConflict,
  type Logger,
  type OpenMdrBus,
  type Store,
  silentLogger,
  systemClock,
  type TenantId,
} from '@openmdr/core';
import type { CaseService } from '../cases/case-service.js';
import { evaluateRegulatoryClocks } from './regulatory-clocks.js';
import { evaluateSlaClocks } from './sla-clocks.js';
import type { SlaPolicy } from './sla-policy.js';
import './sla-events.js';

/** Options of {@link SlaScheduler}. */
export interface SlaSchedulerOptions {
  /** The cases to watch. */
  cases: CaseService;
  /** The store the cases live in: it remembers which events were already emitted. */
  store: Store;
  /** Where `sla.*` and `regulatory.*` events go. */
  bus: OpenMdrBus;
  /** The SLA policy of a tenant (a {@link SlaPolicyRegistry}'s `get`, for instance). */
  policyFor: (tenant: string) => SlaPolicy;
  /** The tenants to check on each tick. */
  tenants: () => readonly string[] | Promise<readonly string[]>;
  /** The time source. Defaults to the system clock. */
  clock?: Clock;
  /** Receives failures of timer-driven checks (a store outage, say). Defaults to silent. */
  logger?: Logger;
}

/** What one check emitted. */
export interface SlaCheckResult {
  /** Number of cases evaluated. */
  checked: number;
  /** Events emitted, by name. */
  emitted: {
    event: 'sla.at-risk' | 'sla.breached' | 'regulatory.at-risk' | 'regulatory.breached';
    incidentId: string;
    clock: string;
  }[];
}

/**
 * Checks SLA and regulatory clocks of open cases with an injected clock and emits `sla.at-risk`,
 * `sla.breached`, `regulatory.at-risk` and `regulatory.breached` on the bus, each at most once per
 * case and clock (remembered in the store with compare-and-set, so several schedulers over one
 * shared store do not repeat each other).
 *
 * @example
 * ```ts
 * const scheduler = new SlaScheduler({ cases, store, bus, policyFor: (t) => policies.get(t), tenants: () => ['acme'] });
 * scheduler.start(30_000);
 * ```
 */
export class SlaScheduler {
  readonly #options: SlaSchedulerOptions;
  readonly #clock: Clock;
  #timer: ReturnType<typeof setInterval> | undefined;
  #running: Promise<unknown> | undefined;

  constructor(options: SlaSchedulerOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
  }

  /** Evaluates every open case (and every case with a running regulatory clock) of every tenant once. */
  async check(): Promise<SlaCheckResult> {
    const result: SlaCheckResult = { checked: 0, emitted: [] };
    for (const tenant of await this.#options.tenants()) {
      const cases = this.#options.cases.forTenant(tenant);
      const state = this.#options.store.forTenant(tenant).state;
      const policy = this.#options.policyFor(tenant);
      const now = this.#clock.now();
      const once = async (key: string) => {
        try {
          await state.compareAndSet(`sla:emitted:${key}`, null, now);
          return true;
        } catch (error) {
          if (CompareAndSetConflict.isInstance(error)) return false;
          throw error;
        }
      };
      for (const item of await cases.list()) {
        if (item.mergedInto !== null) continue;
        result.checked++;
        const tenantId = item.tenant as TenantId;
        if (item.status !== 'closed') {
          for (const clock of evaluateSlaClocks(item, policy, now)) {
            if (clock.targetMs === null || clock.stoppedAt !== null || clock.startedAt === null)
              continue;
            const dueAt = clock.dueAt ?? now + (clock.remainingMs ?? 0);
            if (clock.state === 'at-risk' || clock.state === 'breached') {
              if (await once(`${item.id}:${clock.metric}:at-risk`)) {
                this.#options.bus.emit('sla.at-risk', {
                  tenant: tenantId,
                  incidentId: item.id,
                  metric: clock.metric,
                  dueAt,
                  at: now,
                  elapsedMs: clock.elapsedMs,
                  targetMs: clock.targetMs,
                });
                result.emitted.push({
                  event: 'sla.at-risk',
                  incidentId: item.id,
                  clock: clock.metric,
                });
              }
            }
            if (clock.state === 'breached' && (await once(`${item.id}:${clock.metric}:breached`))) {
              this.#options.bus.emit('sla.breached', {
                tenant: tenantId,
                incidentId: item.id,
                metric: clock.metric,
                dueAt,
                at: now,
              });
              result.emitted.push({
                event: 'sla.breached',
                incidentId: item.id,
                clock: clock.metric,
              });
            }
          }
        }
        for (const clock of evaluateRegulatoryClocks(item, now, {
          atRiskFraction: policy.atRiskFraction,
        })) {
          const payload = {
            tenant: tenantId,
            incidentId: item.id,
            clock: clock.name,
            regulation: clock.regulation,
            dueAt: clock.dueAt,
            at: now,
          };
          if (
            (clock.state === 'at-risk' || clock.state === 'breached') &&
            (await once(`${item.id}:${clock.name}:at-risk`))
          ) {
            this.#options.bus.emit('regulatory.at-risk', payload);
            result.emitted.push({
              event: 'regulatory.at-risk',
              incidentId: item.id,
              clock: clock.name,
            });
          }
          if (clock.state === 'breached' && (await once(`${item.id}:${clock.name}:breached`))) {
            this.#options.bus.emit('regulatory.breached', payload);
            result.emitted.push({
              event: 'regulatory.breached',
              incidentId: item.id,
              clock: clock.name,
            });
          }
        }
      }
    }
    return result;
  }

  /** Checks every `intervalMs` (timer-driven) until {@link SlaScheduler.stop}. A tick is skipped while the previous one runs. */
  start(intervalMs: number): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => {
      if (this.#running) return;
      this.#running = this.check()
        .catch((error: unknown) => {
          (this.#options.logger ?? silentLogger).error({ err: error }, 'SLA check failed');
        })
        .finally(() => {
          this.#running = undefined;
        });
    }, intervalMs);
    this.#timer.unref?.();
  }

  /** Stops the timer and waits for a running check. */
  async stop(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }
}
