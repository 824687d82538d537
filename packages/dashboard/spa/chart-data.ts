/**
 * Shapes API rows into the column arrays the charts draw. DOM-free, so it is unit-tested under
 * Node.
 */
import type { FindingsHour, MetricsDay } from '../src/operations/types.js';

/** Series of a stacked bar chart: x in epoch seconds, one raw and one cumulative row per key. */
export interface StackedSeries {
  readonly x: number[];
  /** Keys, largest total first (the bottom of the stack). */
  readonly keys: string[];
  /** Raw counts per key, aligned with `x`. */
  readonly raw: number[][];
  /** Cumulative counts: `stacked[i]` is the sum of keys 0..i, the top edge of key i's bar. */
  readonly stacked: number[][];
}

/**
 * Stacks the hourly findings by `source` or by `tactic`. Keys beyond `maxKeys` (the least
 * frequent) fold into `other`.
 */
export function stackFindings(
  hours: readonly FindingsHour[],
  by: 'source' | 'tactic',
  maxKeys = 8,
): StackedSeries {
  const sorted = [...hours].sort((a, b) => a.hour - b.hour);
  const pick = (hour: FindingsHour) => (by === 'source' ? hour.bySource : hour.byTactic);
  const totals = new Map<string, number>();
  for (const hour of sorted) {
    for (const [key, count] of Object.entries(pick(hour))) {
      totals.set(key, (totals.get(key) ?? 0) + count);
    }
  }
  let keys = [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([key]) => key);
  const folded = keys.length > maxKeys ? new Set(keys.slice(maxKeys - 1)) : new Set<string>();
  if (folded.size > 0) keys = [...keys.slice(0, maxKeys - 1), 'other'];
  const raw = keys.map(() => new Array<number>(sorted.length).fill(0));
  sorted.forEach((hour, column) => {
    for (const [key, count] of Object.entries(pick(hour))) {
      const row = raw[folded.has(key) ? keys.length - 1 : keys.indexOf(key)];
      if (row) row[column] = (row[column] ?? 0) + count;
    }
  });
  const stacked: number[][] = [];
  raw.forEach((row, index) => {
    const below = stacked[index - 1];
    stacked.push(row.map((value, column) => value + (below ? (below[column] ?? 0) : 0)));
  });
  return { x: sorted.map((hour) => Math.floor(hour.hour / 1000)), keys, raw, stacked };
}

/** The mean-time trend lines: x in epoch seconds, values in minutes (`null` gaps kept). */
export interface TrendSeries {
  readonly x: number[];
  readonly mttd: (number | null)[];
  readonly mtta: (number | null)[];
  readonly mttc: (number | null)[];
  readonly mttr: (number | null)[];
}

/** Orders the days and converts the mean times to minutes. */
export function trendSeries(days: readonly MetricsDay[]): TrendSeries {
  const sorted = [...days].sort((a, b) => a.day - b.day);
  const minutes = (ms: number | null) => (ms === null ? null : ms / 60_000);
  return {
    x: sorted.map((day) => Math.floor(day.day / 1000)),
    mttd: sorted.map((day) => minutes(day.mttdMs)),
    mtta: sorted.map((day) => minutes(day.mttaMs)),
    mttc: sorted.map((day) => minutes(day.mttcMs)),
    mttr: sorted.map((day) => minutes(day.mttrMs)),
  };
}
