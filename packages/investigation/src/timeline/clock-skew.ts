import type { ClockSkew, TimelineEntry } from './timeline-types.js';

/** Options of {@link estimateClockSkew}. */
export interface EstimateClockSkewOptions {
  /** The source whose clock is taken as true (offset 0); default the source with the most entries. */
  reference?: string;
  /** Two sightings further apart than this are not the same thing; default 3 600 000 (one hour). */
  maxOffsetMs?: number;
  /** A source needs at least this many matched pairs to get an offset; default 1. */
  minMatches?: number;
  /** What makes two entries the same thing; default {@link defaultSkewKey}. `undefined`: never matched. */
  key?: (entry: TimelineEntry) => string | undefined;
}

/** A proposed offset, with how many matched pairs support it. */
export interface ClockSkewEstimate extends ClockSkew {
  /** The number of matched pairs (between this source and the one it was reached from). */
  matches: number;
}

/**
 * The default sameness key: class, the host's first DNS label (lower case) and the summary in
 * lower case without what sources name differently (` by <process>`, ` (parent …)`, the `(pid N)`).
 * A process created with the same command line on the same host, or the same connection
 * `src → dst:port`, gives the same key from Sysmon and from an EDR.
 */
export function defaultSkewKey(entry: TimelineEntry): string | undefined {
  if (entry.type !== 'event' || entry.classUid === null || Number.isNaN(entry.reportedTime)) {
    return undefined;
  }
  const host = (entry.host ?? '').toLowerCase().split('.')[0];
  const summary = entry.summary
    .toLowerCase()
    .replace(/ by [^→]*$/, '')
    .replace(/ \((?:parent [^)]*|pid \d+)\)$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return `${entry.classUid}|${host}|${summary}`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : Math.round(((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2);
}

/**
 * Proposes per-source clock offsets from things two sources both report (the same process start
 * seen by Sysmon and by an EDR, the same connection seen by a host and by Zeek).
 *
 * How: entries are grouped by {@link EstimateClockSkewOptions.key}; a key seen by exactly one
 * entry of each of two sources (ambiguous repeats are skipped) gives one pair and its time
 * difference; pairs further apart than `maxOffsetMs` are ignored. The offset between two sources
 * is the median of their pairs' differences (robust to a few wrong matches). Offsets are then
 * propagated from the reference source over the pairs, breadth-first, so a source matched only
 * to another non-reference source still gets one. Sources that match nothing get no estimate.
 * @returns One estimate per source reached, the reference first with offset 0; add `offsetMs`
 *   to a source's times to put them on the reference's clock.
 */
export function estimateClockSkew(
  entries: Iterable<TimelineEntry>,
  options: EstimateClockSkewOptions = {},
): ClockSkewEstimate[] {
  const keyOf = options.key ?? defaultSkewKey;
  const maxOffset = options.maxOffsetMs ?? 3_600_000;
  const minMatches = options.minMatches ?? 1;
  const counts = new Map<string, number>();
  // key → source → reported times
  const groups = new Map<string, Map<string, number[]>>();
  for (const entry of entries) {
    counts.set(entry.source, (counts.get(entry.source) ?? 0) + 1);
    const key = keyOf(entry);
    if (key === undefined || Number.isNaN(entry.reportedTime)) continue;
    let bySource = groups.get(key);
    if (bySource === undefined) {
      bySource = new Map();
      groups.set(key, bySource);
    }
    const times = bySource.get(entry.source);
    if (times === undefined) bySource.set(entry.source, [entry.reportedTime]);
    else times.push(entry.reportedTime);
  }
  // "a\u0000b" → differences (time of a − time of b)
  const pairs = new Map<string, number[]>();
  for (const bySource of groups.values()) {
    if (bySource.size < 2) continue;
    const single = [...bySource].filter(([, times]) => new Set(times).size === 1);
    for (const [a, [ta]] of single) {
      for (const [b, [tb]] of single) {
        if (a === b || Math.abs((ta as number) - (tb as number)) > maxOffset) continue;
        const pairKey = `${a}\u0000${b}`;
        const list = pairs.get(pairKey);
        if (list === undefined) pairs.set(pairKey, [(ta as number) - (tb as number)]);
        else list.push((ta as number) - (tb as number));
      }
    }
  }
  const reference =
    options.reference ?? [...counts].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]?.[0];
  if (reference === undefined) return [];
  const result: ClockSkewEstimate[] = [{ source: reference, offsetMs: 0, matches: 0 }];
  const offsets = new Map([[reference, 0]]);
  const queue = [reference];
  while (queue.length > 0) {
    const from = queue.shift() as string;
    const base = offsets.get(from) as number;
    const next = [...pairs]
      .filter(([pairKey, list]) => pairKey.startsWith(`${from}\u0000`) && list.length >= minMatches)
      .sort((x, y) => y[1].length - x[1].length);
    for (const [pairKey, differences] of next) {
      const to = pairKey.slice(from.length + 1);
      if (offsets.has(to)) continue;
      // a − b = from − to; to's times + (from − to) put them on from's clock.
      const offset = base + median(differences);
      offsets.set(to, offset);
      result.push({ source: to, offsetMs: offset, matches: differences.length });
      queue.push(to);
    }
  }
  return result;
}
