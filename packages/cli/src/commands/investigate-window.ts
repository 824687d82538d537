/**
 * The `--window FROM..TO` of `openmdr investigate`.
 *
 * @module
 */
import { UsageError } from '../command.js';

/** A time window in epoch ms; an open side is infinite. */
export interface TimeWindow {
  readonly from: number;
  readonly to: number;
}

/** One side of a window: epoch milliseconds (digits) or an ISO 8601 date or date-time. */
function parseBound(text: string, side: 'FROM' | 'TO'): number {
  const value = /^-?\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(value)) {
    throw new UsageError(
      `--window ${side} must be an ISO 8601 time or epoch milliseconds, not '${text}'`,
    );
  }
  return value;
}

/**
 * Reads `FROM..TO` (either side may be left empty: `2026-11-03T09:00Z..`), each side an ISO 8601
 * date or date-time (`2026-11-03`, `2026-11-03T09:00:00Z`) or epoch milliseconds. Both ends are
 * inclusive.
 *
 * @throws {UsageError} for a value without `..`, a side that is not a time, or FROM after TO.
 */
export function parseWindow(value: string): TimeWindow {
  const cut = value.indexOf('..');
  if (cut === -1) throw new UsageError(`--window must be FROM..TO, not '${value}'`);
  const fromText = value.slice(0, cut).trim();
  const toText = value.slice(cut + 2).trim();
  const from = fromText === '' ? Number.NEGATIVE_INFINITY : parseBound(fromText, 'FROM');
  const to = toText === '' ? Number.POSITIVE_INFINITY : parseBound(toText, 'TO');
  if (from > to) throw new UsageError(`--window FROM is after TO in '${value}'`);
  return { from, to };
}

/** True when `time` (epoch ms) is inside `window`; a time that is not a number is outside. */
export const inWindow = (time: number, window: TimeWindow): boolean =>
  time >= window.from && time <= window.to;
