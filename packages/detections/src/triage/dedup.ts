/**
 * Dedup with a key and a period, and a threshold: the first finding of a key opens a period;
 * findings of the key within the period (before or after the first: out-of-order arrival) fold
 * into it and are counted. With a threshold N the key is emitted only when its N-th finding
 * arrives within the period.
 */
import { stringsAt } from './finding-fields.js';
import type { TriageConfig } from './triage-config.js';

/** The dedup state of one key. */
export interface DedupEntry {
  /** Earliest event time folded into the period. */
  first: number;
  /** Latest event time folded. */
  last: number;
  /** Findings counted in the period. */
  count: number;
  /** The finding emitted for the period (when the threshold was reached). */
  emittedUid?: string;
}

/** What dedup decided for one finding. */
export type DedupDecision =
  | { action: 'emit'; key: string; entry: DedupEntry }
  | { action: 'duplicate'; key: string; entry: DedupEntry }
  | { action: 'below-threshold'; key: string; entry: DedupEntry };

/** The dedup key of a finding under the configured paths. */
export function dedupKey(finding: Record<string, unknown>, config: TriageConfig): string {
  return config.dedup.key
    .map((path) =>
      stringsAt(finding, path)
        .map((value) => value.toLowerCase())
        .sort()
        .join(','),
    )
    .join('|');
}

/**
 * Decides for one finding at event time `time`. `entries` is updated with a new entry object
 * for the key (entries are never mutated in place).
 */
export function dedupFinding(
  entries: Record<string, DedupEntry>,
  key: string,
  time: number,
  uid: string,
  config: TriageConfig,
): DedupDecision {
  const { periodMs, threshold } = config.dedup;
  const held = entries[key];
  if (held !== undefined && time > held.first - periodMs && time < held.first + periodMs) {
    const entry: DedupEntry = {
      ...held,
      first: Math.min(held.first, time),
      last: Math.max(held.last, time),
      count: held.count + 1,
    };
    if (held.emittedUid === undefined && entry.count >= threshold) {
      entry.emittedUid = uid;
      entries[key] = entry;
      return { action: 'emit', key, entry };
    }
    entries[key] = entry;
    return { action: held.emittedUid === undefined ? 'below-threshold' : 'duplicate', key, entry };
  }
  const entry: DedupEntry = { first: time, last: time, count: 1 };
  // A late finding before an open period starts its own period without displacing the newer one.
  const replace = held === undefined || time >= held.first + periodMs;
  if (threshold <= 1) entry.emittedUid = uid;
  if (replace) entries[key] = entry;
  return { action: threshold <= 1 ? 'emit' : 'below-threshold', key, entry };
}
