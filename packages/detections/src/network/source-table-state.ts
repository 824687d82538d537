import { assertState } from './analytic.js';
import {
  emptyTable,
  isKeyedTable,
  type KeyedTable,
  maintainTable,
  type TableBatch,
  type TableLimits,
  tableSet,
} from './keyed-table.js';

/**
 * The state of an analytic that keeps one entry per source (`tenant ␁ source` → entry): the DGA,
 * scan and outbound-volume analytics. Plain JSON, bounded by the table's limits.
 */
export interface SourceTableState<E> {
  /** State format version. */
  readonly version: 1;
  /** Newest event time seen. */
  readonly watermark: number;
  /** Watermark at the last idle sweep. */
  readonly sweptAt: number;
  /** `tenant ␁ source` → entry. */
  readonly sources: KeyedTable<E>;
}

/** The state before any event. */
export function emptySourceTableState<E>(): SourceTableState<E> {
  return { version: 1, watermark: 0, sweptAt: 0, sources: emptyTable() };
}

/**
 * A stored state checked for its shape, typed again.
 *
 * @throws {NetworkAnalyticError} naming the analytic `id` when it is not such a state.
 */
export function restoreSourceTableState<E>(value: unknown, id: string): SourceTableState<E> {
  const state = value as Partial<SourceTableState<E>> | null;
  assertState(
    typeof state === 'object' &&
      state !== null &&
      state.version === 1 &&
      typeof state.watermark === 'number' &&
      typeof state.sweptAt === 'number' &&
      isKeyedTable(state.sources),
    id,
  );
  return state as SourceTableState<E>;
}

/**
 * The state after an event at `time`: `entry` stored under `key` when given, the watermark moved
 * on, and idle or surplus entries swept when the limits say so.
 */
export function advanceSourceTable<E>(
  state: SourceTableState<E>,
  time: number,
  limits: TableLimits,
  lastSeen: (entry: E) => number,
  store?: { readonly key: string; readonly entry: E; readonly batch?: TableBatch | undefined },
): SourceTableState<E> {
  const sources =
    store === undefined
      ? state.sources
      : tableSet(state.sources, store.key, store.entry, store.batch);
  const watermark = Math.max(state.watermark, time);
  const kept = maintainTable(sources, limits, watermark, state.sweptAt, lastSeen);
  return { version: 1, watermark, sweptAt: kept.sweptAt, sources: kept.table };
}
