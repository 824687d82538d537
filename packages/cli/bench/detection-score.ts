/**
 * Recall and precision of a set of (event, rule) matches on the labelled event mix.
 *
 * - TP: a labelled (event, rule) pair that was matched;
 * - FN: a labelled pair that was not matched;
 * - FP: a match on a generated benign event;
 * - unlabelled: a match on a malicious sample by a rule other than its labels (often a true
 *   detection by a neighbouring rule: counted apart, in neither recall nor precision).
 *
 * recall = TP / (TP + FN); precision = TP / (TP + FP). With `rules`, only labels and matches of
 * those rule ids count (for comparisons restricted to the rules both sides have).
 */
import type { EventMix } from './event-mix.js';

/** The counts and ratios of one side. */
export interface DetectionScore {
  readonly tp: number;
  readonly fn: number;
  readonly fp: number;
  readonly unlabelled: number;
  readonly recall: number;
  readonly precision: number;
}

/** Scores `matches` (pairs of 0-based event line and rule id) against the mix's labels. */
export function scoreMatches(
  matches: Iterable<readonly [number, string]>,
  mix: EventMix,
  rules?: ReadonlySet<string>,
): DetectionScore | undefined {
  const labels = mix.labels;
  if (labels === undefined) return undefined;
  const counts = (rule: string) => rules === undefined || rules.has(rule.toLowerCase());
  const seen = new Set<string>();
  let tp = 0;
  let fp = 0;
  let unlabelled = 0;
  for (const [event, rawRule] of matches) {
    const rule = rawRule.toLowerCase();
    if (!counts(rule)) continue;
    const key = `${event}\u0000${rule}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const expected = labels.get(event);
    if (expected === undefined) {
      if (mix.benign.has(event)) fp++;
    } else if ([...expected].some((id) => id.toLowerCase() === rule)) tp++;
    else unlabelled++;
  }
  let labelled = 0;
  for (const ids of labels.values()) for (const id of ids) if (counts(id)) labelled++;
  const fn = labelled - tp;
  return {
    tp,
    fn,
    fp,
    unlabelled,
    recall: labelled === 0 ? Number.NaN : tp / labelled,
    precision: tp + fp === 0 ? Number.NaN : tp / (tp + fp),
  };
}

/** One line for the report. */
export function formatScore(score: DetectionScore | undefined): string {
  if (score === undefined) return 'no labels';
  const pct = (value: number) => (Number.isNaN(value) ? 'n/a' : `${(value * 100).toFixed(1)}%`);
  return `recall ${pct(score.recall)} precision ${pct(score.precision)} (TP ${score.tp}, FN ${score.fn}, FP ${score.fp}, unlabelled ${score.unlabelled})`;
}

/** The (event, rule id) pairs of `openmdr sigma match` output (JSON lines). */
export function* sigmaMatchPairs(output: string): Generator<readonly [number, string]> {
  for (const line of output.split('\n')) {
    if (line === '') continue;
    const match = JSON.parse(line) as { event: number; rule_id: string | null };
    if (match.rule_id !== null) yield [match.event, match.rule_id];
  }
}
