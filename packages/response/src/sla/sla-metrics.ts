import type { Case, CasePause, CaseTimestamps } from '../cases/case-types.js';
import type { SlaTargets } from './sla-policy.js';

/** The SLA metrics, each the time between two case timestamps. */
export type SlaMetric = 'mttd' | 'mtta' | 'mtti' | 'mttc' | 'mttr';

/** How one metric is measured. */
export interface SlaMetricDefinition {
  /** The timestamp that starts the clock. */
  start: keyof CaseTimestamps;
  /** The timestamp that stops it. */
  end: keyof CaseTimestamps;
  /** The policy target that bounds it. */
  target: keyof SlaTargets;
  /** Whether SLA pauses are subtracted. */
  excludesPauses: boolean;
}

/**
 * The definition of every metric:
 * - MTTD: `firstEventAt` → `detectedAt` (time to detect)
 * - MTTA: `detectedAt` → `acknowledgedAt` (time to acknowledge: first move to triage)
 * - MTTI: `acknowledgedAt` → `investigationStartedAt` (time to start investigating)
 * - MTTC: `detectedAt` → `containedAt` (time to contain)
 * - MTTR: `detectedAt` → `closedAt` (time to resolve)
 */
export const SLA_METRICS: Readonly<Record<SlaMetric, SlaMetricDefinition>> = {
  mttd: {
    start: 'firstEventAt',
    end: 'detectedAt',
    target: 'detectMinutes',
    excludesPauses: false,
  },
  mtta: {
    start: 'detectedAt',
    end: 'acknowledgedAt',
    target: 'acknowledgeMinutes',
    excludesPauses: true,
  },
  mtti: {
    start: 'acknowledgedAt',
    end: 'investigationStartedAt',
    target: 'investigateMinutes',
    excludesPauses: true,
  },
  mttc: { start: 'detectedAt', end: 'containedAt', target: 'containMinutes', excludesPauses: true },
  mttr: { start: 'detectedAt', end: 'closedAt', target: 'resolveMinutes', excludesPauses: true },
};

/** Every metric, in pipeline order. */
export const SLA_METRIC_NAMES: readonly SlaMetric[] = ['mttd', 'mtta', 'mtti', 'mttc', 'mttr'];

/** Milliseconds of `pauses` that fall inside [`from`, `to`]; an open pause runs until `to`. */
export function pausedWithin(pauses: readonly CasePause[], from: number, to: number): number {
  let total = 0;
  for (const pause of pauses) {
    const start = Math.max(pause.from, from);
    const end = Math.min(pause.to ?? to, to);
    if (end > start) total += end - start;
  }
  return total;
}

/**
 * The value of `metric` for a case (milliseconds, pauses excluded), or `null` while either
 * timestamp is missing.
 */
export function measureSlaMetric(
  item: Pick<Case, 'timestamps' | 'pauses'>,
  metric: SlaMetric,
): number | null {
  const definition = SLA_METRICS[metric];
  const start = item.timestamps[definition.start];
  const end = item.timestamps[definition.end];
  if (start === null || end === null) return null;
  const paused = definition.excludesPauses ? pausedWithin(item.pauses, start, end) : 0;
  return Math.max(0, end - start - paused);
}

/** The target of `metric` in `targets`, in milliseconds, or `null` when none is set. */
export function targetMs(targets: SlaTargets, metric: SlaMetric): number | null {
  const value = targets[SLA_METRICS[metric].target];
  return value === undefined ? null : value * 60_000;
}
