/**
 * What the operations compute from cases: summaries, filters, SLA rows and daily mean times.
 *
 * @module
 */
import {
  type Case,
  type CaseSeverity,
  evaluateSlaClocks,
  measureSlaMetric,
  type SlaClock,
  type SlaPolicy,
} from '@openmdr/response';
import type { CaseSummary, ListCasesInput, MetricsDay } from './types.js';

/** Every case severity, most severe first. */
export const CASE_SEVERITIES: readonly CaseSeverity[] = [
  'critical',
  'high',
  'medium',
  'low',
  'informational',
];

/** Clock states that still run towards a deadline. */
const LIVE_STATES = new Set<SlaClock['state']>(['running', 'at-risk', 'breached']);

/** The running clocks of a case (running, at risk, or breached and not stopped). */
export function liveClocks(item: Case, policy: SlaPolicy, now: number): SlaClock[] {
  if (item.status === 'closed' || item.mergedInto !== null) return [];
  return evaluateSlaClocks(item, policy, now).filter(
    (clock) => LIVE_STATES.has(clock.state) && clock.stoppedAt === null,
  );
}

/** The most urgent running clock of a case (least remaining time), or `null`. */
export function nextDueOf(item: Case, policy: SlaPolicy, now: number): SlaClock | null {
  let best: SlaClock | null = null;
  for (const clock of liveClocks(item, policy, now)) {
    if (clock.remainingMs === null) continue;
    if (best === null || clock.remainingMs < (best.remainingMs ?? Infinity)) best = clock;
  }
  return best;
}

/** The list row of a case. */
export function summaryOf(item: Case, policy: SlaPolicy, now: number): CaseSummary {
  return {
    tenant: item.tenant,
    id: item.id,
    title: item.title,
    status: item.status,
    severity: item.severity,
    priority: item.priority,
    assignee: item.assignee,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    nextDue: nextDueOf(item, policy, now),
  };
}

/** A predicate for the filters of `listCases` (words must all occur, case-insensitively). */
export function caseFilter(input: ListCasesInput): (item: Case) => boolean {
  const words = (input.query ?? '')
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '');
  return (item) => {
    if (input.status !== undefined && item.status !== input.status) return false;
    if (input.severity !== undefined && item.severity !== input.severity) return false;
    if (input.open === true && item.status === 'closed') return false;
    if (input.open === false && item.status !== 'closed') return false;
    if (words.length === 0) return true;
    const haystack = [
      item.id,
      item.title,
      item.description ?? '',
      ...item.observables.map((observable) => observable.value),
      ...item.techniques,
    ]
      .join('\n')
      .toLowerCase();
    return words.every((word) => haystack.includes(word));
  };
}

const DAY_MS = 86_400_000;

/** The start (epoch ms, UTC) of the day holding `at`. */
export function utcDay(at: number): number {
  return Math.floor(at / DAY_MS) * DAY_MS;
}

/**
 * Mean MTTD, MTTA, MTTC and MTTR of the cases detected on each of the last `days` UTC days
 * (today included), measured as the response package's SLA reports measure them
 * (`measureSlaMetric`: pauses excluded where the metric excludes them). Merged cases are left
 * out (their survivor counts).
 */
export function metricDays(cases: Iterable<Case>, days: number, now: number): MetricsDay[] {
  const first = utcDay(now) - (days - 1) * DAY_MS;
  const buckets = Array.from({ length: days }, () => ({
    cases: 0,
    sums: { mttd: [0, 0], mtta: [0, 0], mttc: [0, 0], mttr: [0, 0] } as Record<
      'mttd' | 'mtta' | 'mttc' | 'mttr',
      [number, number]
    >,
  }));
  for (const item of cases) {
    if (item.mergedInto !== null) continue;
    const index = Math.floor((utcDay(item.timestamps.detectedAt) - first) / DAY_MS);
    const bucket = buckets[index];
    if (bucket === undefined) continue;
    bucket.cases += 1;
    for (const metric of ['mttd', 'mtta', 'mttc', 'mttr'] as const) {
      const value = measureSlaMetric(item, metric);
      if (value === null) continue;
      bucket.sums[metric][0] += value;
      bucket.sums[metric][1] += 1;
    }
  }
  const mean = ([sum, count]: [number, number]) => (count === 0 ? null : sum / count);
  return buckets.map((bucket, index) => ({
    day: first + index * DAY_MS,
    cases: bucket.cases,
    mttdMs: mean(bucket.sums.mttd),
    mttaMs: mean(bucket.sums.mtta),
    mttcMs: mean(bucket.sums.mttc),
    mttrMs: mean(bucket.sums.mttr),
  }));
}
