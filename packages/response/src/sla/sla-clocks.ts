import type { Case } from '../cases/case-types.js';
import {
  measureSlaMetric,
  pausedWithin,
  SLA_METRIC_NAMES,
  SLA_METRICS,
  type SlaMetric,
  targetMs,
} from './sla-metrics.js';
import { type SlaPolicy, targetsFor } from './sla-policy.js';

/**
 * Where an SLA clock stands:
 * - `pending`: its start timestamp is not reached yet
 * - `running`: started, below the at-risk threshold
 * - `at-risk`: elapsed ≥ `atRiskFraction` × target, deadline not passed
 * - `breached`: elapsed > target (running or stopped)
 * - `met`: stopped within target
 * - `skipped`: the case closed without reaching the stop timestamp (a false positive never contained)
 */
export type SlaClockState = 'pending' | 'running' | 'at-risk' | 'breached' | 'met' | 'skipped';

/** One metric's clock for one case. */
export interface SlaClock {
  /** The metric. */
  metric: SlaMetric;
  /** The state. */
  state: SlaClockState;
  /** When it started (epoch ms), or `null` while pending. */
  startedAt: number | null;
  /** When it stopped (epoch ms), or `null` while running. */
  stoppedAt: number | null;
  /** The target (ms), or `null` when the policy sets none (then the clock never breaches). */
  targetMs: number | null;
  /** Time counted so far (ms), pauses excluded. */
  elapsedMs: number;
  /** Target minus elapsed (ms; negative once breached), or `null` without a target. */
  remainingMs: number | null;
  /** When the deadline falls (epoch ms) if nothing changes, or `null` (no target, stopped, or paused). */
  dueAt: number | null;
  /** Whether the case's SLA clocks are paused right now. */
  paused: boolean;
}

/**
 * Evaluates every SLA clock of `item` under `policy` at `now`. Pure: same inputs, same result.
 *
 * @example
 * ```ts
 * const clocks = evaluateSlaClocks(incident, policy, Date.now());
 * const late = clocks.filter((clock) => clock.state === 'breached');
 * ```
 */
export function evaluateSlaClocks(
  item: Pick<Case, 'timestamps' | 'pauses' | 'severity' | 'status'>,
  policy: SlaPolicy,
  now: number,
): SlaClock[] {
  const targets = targetsFor(policy, item.severity);
  const paused = item.pauses.some((pause) => pause.to === null);
  return SLA_METRIC_NAMES.map((metric) => {
    const definition = SLA_METRICS[metric];
    const target = targetMs(targets, metric);
    const startedAt = item.timestamps[definition.start];
    const stoppedAt = item.timestamps[definition.end];
    const base = { metric, startedAt, stoppedAt, targetMs: target, paused };
    if (startedAt === null) {
      return {
        ...base,
        state: 'pending',
        elapsedMs: 0,
        remainingMs: target,
        dueAt: null,
      } satisfies SlaClock;
    }
    if (stoppedAt !== null) {
      const elapsedMs = measureSlaMetric(item, metric) ?? 0;
      const state = target !== null && elapsedMs > target ? 'breached' : 'met';
      return {
        ...base,
        state,
        elapsedMs,
        remainingMs: target === null ? null : target - elapsedMs,
        dueAt: null,
      };
    }
    const end = Math.max(now, startedAt);
    const elapsedMs =
      end - startedAt - (definition.excludesPauses ? pausedWithin(item.pauses, startedAt, end) : 0);
    if (item.status === 'closed') {
      return {
        ...base,
        state: 'skipped',
        elapsedMs,
        remainingMs: null,
        dueAt: null,
      } satisfies SlaClock;
    }
    if (target === null) {
      return {
        ...base,
        state: 'running',
        elapsedMs,
        remainingMs: null,
        dueAt: null,
      } satisfies SlaClock;
    }
    const remainingMs = target - elapsedMs;
    const state: SlaClockState =
      elapsedMs > target
        ? 'breached'
        : elapsedMs >= policy.atRiskFraction * target
          ? 'at-risk'
          : 'running';
    const dueAt = paused && definition.excludesPauses ? null : now + remainingMs;
    return { ...base, state, elapsedMs, remainingMs, dueAt };
  });
}
