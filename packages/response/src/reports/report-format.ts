/** Formatting shared by the report renderers. */

/** `2026-11-22 09:14:05 UTC`. */
export function formatTime(at: number | null): string {
  if (at === null) return '—';
  return `${new Date(at).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** A duration for people: `42 s`, `7.5 min`, `3.2 h`, `2.1 d`. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 60_000) return `${Math.round(ms / 100) / 10} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 6_000) / 10} min`;
  if (ms < 86_400_000) return `${Math.round(ms / 360_000) / 10} h`;
  return `${Math.round(ms / 8_640_000) / 10} d`;
}

/** `87 %` or `—`. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 1000) / 10} %`;
}

/** The metric names as the report prints them. */
export const METRIC_LABELS: Record<string, string> = {
  mttd: 'MTTD (detect)',
  mtta: 'MTTA (acknowledge)',
  mtti: 'MTTI (investigate)',
  mttc: 'MTTC (contain)',
  mttr: 'MTTR (resolve)',
};

/** Where the false-positive rate comes from, as one sentence. */
export function falsePositiveBasisText(basis: {
  verdict: number;
  explicit: number;
  closingReason: number;
}): string {
  const parts: string[] = [];
  if (basis.verdict > 0) parts.push(`verdicts on ${basis.verdict} case(s)`);
  if (basis.explicit > 0) parts.push(`${basis.explicit} classification(s) given with the report`);
  if (basis.closingReason > 0)
    parts.push(
      `the closing reason of ${basis.closingReason} case(s) without a verdict (fallback heuristic)`,
    );
  return parts.length === 0 ? 'no case was judged' : `from ${parts.join('; ')}`;
}

/**
 * Labels for precision rows by rule: the rule's name, with its id added where two rules share a
 * name (every threat-intel indicator is an "Indicator match").
 */
export function ruleLabels(rows: readonly { key: string; name: string | null }[]): string[] {
  const counts = new Map<string, number>();
  for (const row of rows)
    counts.set(row.name ?? row.key, (counts.get(row.name ?? row.key) ?? 0) + 1);
  return rows.map((row) => {
    const name = row.name ?? row.key;
    return (counts.get(name) ?? 0) > 1 && name !== row.key ? `${name} (${row.key})` : name;
  });
}
