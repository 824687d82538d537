import type { Case, CaseSeverity } from '../cases/case-types.js';
import { measureSlaMetric, SLA_METRIC_NAMES, type SlaMetric, targetMs } from './sla-metrics.js';
import { type SlaPolicy, targetsFor } from './sla-policy.js';

/** Statistics of one metric over a group of cases (milliseconds). */
export interface SlaStatistics {
  /** Cases where the metric was measured (both timestamps set). */
  count: number;
  /** Arithmetic mean, or `null` when `count` is 0. */
  mean: number | null;
  /** Median (nearest rank). */
  p50: number | null;
  /** 90th percentile (nearest rank). */
  p90: number | null;
  /** 99th percentile (nearest rank). */
  p99: number | null;
  /** Measured cases whose policy sets a target for the metric. */
  withTarget: number;
  /** Of those, how many exceeded it. */
  breaches: number;
  /** `breaches / withTarget`, or `null` when no case had a target. */
  breachRate: number | null;
}

/** Aggregates by metric, then by severity (and `all`). */
export interface SlaAggregates {
  /** The period: cases detected in [`from`, `to`). */
  from: number;
  /** End of the period (exclusive). */
  to: number;
  /** Statistics by metric and severity. */
  metrics: Record<SlaMetric, Record<CaseSeverity | 'all', SlaStatistics>>;
}

/** The `p`-th percentile of ascending `sorted` values, nearest-rank method; `null` when empty. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

const SEVERITIES: readonly (CaseSeverity | 'all')[] = [
  'critical',
  'high',
  'medium',
  'low',
  'informational',
  'all',
];

/**
 * Aggregates the SLA metrics of `cases` detected in [`from`, `to`): count, mean, p50/p90/p99 and
 * breach rate per metric and severity. Merged children are left out (their survivor counts).
 * Pass one tenant's cases to get that tenant's figures.
 */
export function aggregateSla(
  cases: readonly Case[],
  options: { from: number; to: number; policy?: SlaPolicy },
): SlaAggregates {
  const inPeriod = cases.filter(
    (item) =>
      item.mergedInto === null &&
      item.timestamps.detectedAt >= options.from &&
      item.timestamps.detectedAt < options.to,
  );
  const metrics = {} as SlaAggregates['metrics'];
  for (const metric of SLA_METRIC_NAMES) {
    const bySeverity = {} as Record<CaseSeverity | 'all', SlaStatistics>;
    for (const severity of SEVERITIES) {
      const values: number[] = [];
      let withTarget = 0;
      let breaches = 0;
      for (const item of inPeriod) {
        if (severity !== 'all' && item.severity !== severity) continue;
        const value = measureSlaMetric(item, metric);
        if (value === null) continue;
        values.push(value);
        const target = options.policy
          ? targetMs(targetsFor(options.policy, item.severity), metric)
          : null;
        if (target !== null) {
          withTarget++;
          if (value > target) breaches++;
        }
      }
      values.sort((a, b) => a - b);
      bySeverity[severity] = {
        count: values.length,
        mean:
          values.length === 0
            ? null
            : values.reduce((sum, value) => sum + value, 0) / values.length,
        p50: percentile(values, 50),
        p90: percentile(values, 90),
        p99: percentile(values, 99),
        withTarget,
        breaches,
        breachRate: withTarget === 0 ? null : breaches / withTarget,
      };
    }
    metrics[metric] = bySeverity;
  }
  return { from: options.from, to: options.to, metrics };
}
