/**
 * Reads of the recorded findings (`dashboard.findings`): newest first, by hour, by id, and the
 * score explanation parsed back into factors.
 *
 * @module
 */
import type { TenantStore } from '@openmdr/core';
import { FINDINGS_STREAM, type StoredFinding } from '../recorder/storage-layout.js';
import type { FindingRow, FindingsHour, ScoreExplanation } from './types.js';

const PAGE = 1_000;

/**
 * The recorded findings of a tenant, newest appended first, page by page from the end of the
 * stream, until `stop` says an entry (appended at `at`) is past what is wanted.
 */
export async function* recentFindings(
  store: TenantStore,
  stop: (appendedAt: number) => boolean = () => false,
): AsyncGenerator<StoredFinding> {
  let to = await store.log.lastSequence(FINDINGS_STREAM);
  while (to > 0) {
    const from = Math.max(1, to - PAGE + 1);
    const entries = await store.log.read<never>(FINDINGS_STREAM, { from, to });
    for (let index = entries.length - 1; index >= 0; index -= 1) {
      const entry = entries[index];
      if (entry === undefined) continue;
      if (stop(entry.at)) return;
      yield entry.data as unknown as StoredFinding;
    }
    to = from - 1;
  }
}

/** The row of a recorded finding. */
export function findingRow(tenant: string, finding: StoredFinding): FindingRow {
  return {
    tenant,
    id: finding.id,
    time: finding.time,
    title: finding.title,
    severity: finding.severity,
    severityId: finding.severityId,
    source: finding.source,
    tactics: finding.tactics,
    techniques: finding.techniques,
    score: finding.score,
  };
}

const HOUR_MS = 3_600_000;

/** Empty hourly buckets for the `hours` hours ending with the current one. */
export function hourBuckets(hours: number, now: number): FindingsHour[] {
  const first = Math.floor(now / HOUR_MS) * HOUR_MS - (hours - 1) * HOUR_MS;
  return Array.from({ length: hours }, (_, index) => ({
    hour: first + index * HOUR_MS,
    total: 0,
    bySource: {},
    byTactic: {},
  }));
}

/** Counts `finding` in its hour of `buckets` (ignored outside them). */
export function countInHour(buckets: FindingsHour[], finding: StoredFinding): void {
  const first = buckets[0]?.hour ?? 0;
  const bucket = buckets[Math.floor((finding.time - first) / HOUR_MS)] as
    | { total: number; bySource: Record<string, number>; byTactic: Record<string, number> }
    | undefined;
  if (bucket === undefined || finding.time < first) return;
  bucket.total += 1;
  bucket.bySource[finding.source] = (bucket.bySource[finding.source] ?? 0) + 1;
  const tactics = finding.tactics.length === 0 ? ['none'] : finding.tactics;
  for (const tactic of tactics) bucket.byTactic[tactic] = (bucket.byTactic[tactic] ?? 0) + 1;
}

const APPLIED = /^(\w+): \+(-?[\d.]+) \(value (-?[\d.]+) × weight (-?[\d.]+); (.*)\)$/;
const NOT_APPLIED = /^(\w+): not applied \((.*)\)$/;

/**
 * A finding's score and why: the explanation `scoreFinding` wrote to `risk_details`, with each
 * factor line parsed back (applied: value and weight; not applied: value `null`).
 */
export function explanationOf(tenant: string, finding: StoredFinding): ScoreExplanation {
  const factors: { name: string; value: unknown; weight?: number }[] = [];
  for (const line of (finding.riskDetails ?? '').split('\n')) {
    const applied = APPLIED.exec(line);
    if (applied !== null) {
      factors.push({
        name: applied[1] as string,
        value: Number(applied[3]),
        weight: Number(applied[4]),
      });
      continue;
    }
    const skipped = NOT_APPLIED.exec(line);
    if (skipped !== null) factors.push({ name: skipped[1] as string, value: null });
  }
  const explanation =
    finding.riskDetails ??
    (finding.score === null
      ? 'the finding was not scored'
      : `score ${finding.score}/100; the scorer stored no explanation`);
  return {
    tenant,
    findingId: finding.id,
    score: finding.score,
    level: finding.riskLevel,
    explanation,
    factors,
  };
}
