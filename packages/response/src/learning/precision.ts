/** Precision of rules and sources from verdicts: how often what they flag turns out to be real. */
import { latestVerdicts } from './latest-verdicts.js';
import type { Verdict } from './verdict-types.js';

/** Verdict counts and precision of one rule or source. */
export interface PrecisionRow {
  /** The rule id or the source name. */
  key: string;
  /** The rule's readable name (for rows by rule), else `null`. */
  name: string | null;
  truePositives: number;
  benignTruePositives: number;
  falsePositives: number;
  /** Findings judged. */
  judged: number;
  /**
   * (true positives + benign true positives) / judged — the rule was right about the activity,
   * authorised or not — or `null` when no finding of it was judged.
   */
  precision: number | null;
}

/** Precision by rule and by source. */
export interface PrecisionReport {
  /** Most judged first. */
  byRule: PrecisionRow[];
  bySource: PrecisionRow[];
}

/** Options of {@link verdictPrecision}. */
export interface PrecisionOptions {
  /** Only verdicts given at or after this time (epoch ms). */
  since?: number;
  /** Only verdicts given before this time (epoch ms). */
  until?: number;
  /** Rule ids to list even without verdicts (their precision is `null`). */
  rules?: readonly string[];
  /** Sources to list even without verdicts. */
  sources?: readonly string[];
}

function emptyRow(key: string, name: string | null): PrecisionRow {
  return {
    key,
    name,
    truePositives: 0,
    benignTruePositives: 0,
    falsePositives: 0,
    judged: 0,
    precision: null,
  };
}

function count(row: PrecisionRow, verdict: Verdict): void {
  if (verdict.verdict === 'true-positive') row.truePositives += 1;
  else if (verdict.verdict === 'benign-true-positive') row.benignTruePositives += 1;
  else row.falsePositives += 1;
  row.judged += 1;
  row.precision = (row.truePositives + row.benignTruePositives) / row.judged;
}

/**
 * Precision per rule and per source from verdicts on findings: the latest verdict of each finding
 * counts once (a re-judged finding counts as its latest verdict); verdicts on cases do not count
 * (a case mixes several rules). Rows are sorted by findings judged, then by key.
 */
export function verdictPrecision(
  verdicts: readonly Verdict[],
  options: PrecisionOptions = {},
): PrecisionReport {
  const byRule = new Map<string, PrecisionRow>();
  const bySource = new Map<string, PrecisionRow>();
  for (const rule of options.rules ?? []) byRule.set(rule, emptyRow(rule, null));
  for (const source of options.sources ?? []) bySource.set(source, emptyRow(source, null));
  for (const verdict of latestVerdicts(verdicts)) {
    if (verdict.subject.kind !== 'finding' || verdict.finding === null) continue;
    if (options.since !== undefined && verdict.at < options.since) continue;
    if (options.until !== undefined && verdict.at >= options.until) continue;
    const { ruleId, ruleName, source } = verdict.finding;
    const rule = ruleId ?? '(no rule)';
    const ruleRow = byRule.get(rule) ?? emptyRow(rule, ruleName);
    byRule.set(rule, ruleRow);
    ruleRow.name ??= ruleName;
    count(ruleRow, verdict);
    const sourceKey = source ?? '(unknown source)';
    const sourceRow = bySource.get(sourceKey) ?? emptyRow(sourceKey, null);
    bySource.set(sourceKey, sourceRow);
    count(sourceRow, verdict);
  }
  const order = (a: PrecisionRow, b: PrecisionRow) =>
    b.judged - a.judged || a.key.localeCompare(b.key);
  return { byRule: [...byRule.values()].sort(order), bySource: [...bySource.values()].sort(order) };
}
