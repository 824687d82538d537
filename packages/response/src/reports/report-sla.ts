import type { Case, CaseSeverity } from '../cases/case-types.js';
import { percentile } from '../sla/sla-aggregates.js';
import { evaluateSlaClocks } from '../sla/sla-clocks.js';
import {
  measureSlaMetric,
  SLA_METRIC_NAMES,
  type SlaMetric,
  targetMs,
} from '../sla/sla-metrics.js';
import { type SlaPolicy, targetsFor } from '../sla/sla-policy.js';
import type { SlaScore } from './report-types.js';

const SEVERITIES: readonly CaseSeverity[] = ['critical', 'high', 'medium', 'low', 'informational'];

function score(cases: readonly Case[], metric: SlaMetric, policy: SlaPolicy): SlaScore {
  const measured: { ms: number; target: number | null }[] = [];
  for (const item of cases) {
    const ms = measureSlaMetric(item, metric);
    if (ms !== null)
      measured.push({ ms, target: targetMs(targetsFor(policy, item.severity), metric) });
  }
  const sorted = measured.map((entry) => entry.ms).sort((a, b) => a - b);
  const withTarget = measured.filter((entry) => entry.target !== null);
  const within = withTarget.filter((entry) => entry.ms <= (entry.target as number)).length;
  const targets = new Set(withTarget.map((entry) => entry.target));
  return {
    count: measured.length,
    p50Ms: percentile(sorted, 50),
    p90Ms: percentile(sorted, 90),
    targetMs: targets.size === 1 ? ([...targets][0] as number) : null,
    withinTarget: within,
    withinTargetRate: withTarget.length === 0 ? null : within / withTarget.length,
  };
}

/** The SLA scorecard: per severity present (and `all`), per metric. */
export function slaScorecard(
  cases: readonly Case[],
  policy: SlaPolicy,
): { severity: string; metrics: Record<string, SlaScore> }[] {
  const rows: { severity: string; metrics: Record<string, SlaScore> }[] = [];
  for (const severity of SEVERITIES) {
    const subset = cases.filter((item) => item.severity === severity);
    if (subset.length === 0) continue;
    rows.push({
      severity,
      metrics: Object.fromEntries(
        SLA_METRIC_NAMES.map((metric) => [metric, score(subset, metric, policy)]),
      ),
    });
  }
  rows.push({
    severity: 'all',
    metrics: Object.fromEntries(
      SLA_METRIC_NAMES.map((metric) => [metric, score(cases, metric, policy)]),
    ),
  });
  return rows;
}

/** Clocks breached by the report time, over the cases. */
export function slaBreaches(cases: readonly Case[], policy: SlaPolicy, at: number): number {
  let breaches = 0;
  for (const item of cases)
    for (const clock of evaluateSlaClocks(item, policy, at))
      if (clock.state === 'breached') breaches += 1;
  return breaches;
}
