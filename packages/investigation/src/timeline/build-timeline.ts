import { InvestigationError } from '../error-codes.js';
import { obj } from './ocsf-read.js';
import { rawTimelineEntry, timelineEntry } from './timeline-entry.js';
import type { ClockSkew, TimelineEntry } from './timeline-types.js';

/** An OCSF event or finding tagged with the source it came from (overriding its metadata). */
export interface TaggedTimelineEvent {
  event: Readonly<Record<string, unknown>>;
  source?: string;
}

/** A record that could not be normalised: it still gets a line (see `rawTimelineEntry`). */
export interface RawTimelineRecord {
  raw: unknown;
  reason: string;
  source?: string;
}

/** What {@link buildTimeline} takes: OCSF events and findings, bare or tagged, and raw records. */
export type TimelineItem =
  | Readonly<Record<string, unknown>>
  | TaggedTimelineEvent
  | RawTimelineRecord;

/** A time range, epoch ms, both ends inclusive; an absent end is open. */
export interface TimeWindow {
  from?: number;
  to?: number;
}

/** Options of {@link buildTimeline}. */
export interface BuildTimelineOptions {
  /** Per-source offsets added to the reported times (`time` = `reportedTime` + offset). */
  clockSkew?: readonly ClockSkew[];
  /** Keep only entries whose corrected time lies in the window (entries without time are dropped). */
  window?: TimeWindow;
  /** Keep only entries that touch at least one of these graph node ids. */
  entities?: readonly string[];
  /**
   * What to do with a record seen more than once: `drop` (default) keeps the first in timeline
   * order, `mark` keeps every entry and sets `duplicateOf` on the later ones.
   */
  duplicates?: 'drop' | 'mark';
}

/** Checks a window and returns it with open ends as ±Infinity. */
export function checkWindow(window: TimeWindow | undefined): { from: number; to: number } {
  const from = window?.from ?? Number.NEGATIVE_INFINITY;
  const to = window?.to ?? Number.POSITIVE_INFINITY;
  if (Number.isNaN(from) || Number.isNaN(to) || from > to) {
    throw new InvestigationError(
      'INVESTIGATION_INVALID',
      `the time window is inverted or not a number (from ${String(window?.from)}, to ${String(window?.to)})`,
    );
  }
  return { from, to };
}

function entryOf(item: TimelineItem, offsets: ReadonlyMap<string, number>): TimelineEntry {
  const record = item as Record<string, unknown>;
  if ('raw' in record && typeof record['reason'] === 'string' && !('class_uid' in record)) {
    const raw = item as RawTimelineRecord;
    const entry = rawTimelineEntry(
      raw.raw,
      raw.reason,
      raw.source === undefined ? {} : { source: raw.source },
    );
    return withOffset(entry, offsets);
  }
  const tagged = obj(record['event']) !== undefined && !('class_uid' in record);
  const event = tagged
    ? (item as TaggedTimelineEvent).event
    : (item as Readonly<Record<string, unknown>>);
  const source = tagged ? (item as TaggedTimelineEvent).source : undefined;
  return withOffset(timelineEntry(event, source === undefined ? {} : { source }), offsets);
}

function withOffset(entry: TimelineEntry, offsets: ReadonlyMap<string, number>): TimelineEntry {
  const offset = offsets.get(entry.source);
  if (offset !== undefined) entry.time = entry.reportedTime + offset;
  return entry;
}

/**
 * The key two copies of one record share: for a record with its own uid, the uid with the host
 * and reported time (a uid such as a Windows EventRecordID is only unique per log and host); for
 * a record without uid, its source, reported time, summary and host.
 */
export function duplicateKey(entry: TimelineEntry): string {
  const host = entry.host?.toLowerCase() ?? '';
  return entry.id.startsWith('sha256:')
    ? `d\u0000${entry.source}\u0000${entry.reportedTime}\u0000${entry.summary}\u0000${host}`
    : `u\u0000${entry.id}\u0000${host}\u0000${entry.reportedTime}`;
}

/**
 * Compares two entries in timeline order: corrected time (entries without time last), then
 * source, then `order` (the record order) — a total, stable order.
 */
export function compareEntries(a: TimelineEntry, b: TimelineEntry, orderA = 0, orderB = 0): number {
  const ta = Number.isNaN(a.time) ? Number.POSITIVE_INFINITY : a.time;
  const tb = Number.isNaN(b.time) ? Number.POSITIVE_INFINITY : b.time;
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (a.source !== b.source) return a.source < b.source ? -1 : 1;
  return orderA - orderB;
}

/**
 * Builds the super-timeline of events and findings from any number of sources: one entry per
 * record (see `timelineEntry`), each source's clock offset applied (`reportedTime` kept), then
 * the window and entity filters, ordered by corrected time, source and record order, and
 * duplicates dropped or marked.
 * @throws {InvestigationError} (`INVESTIGATION_INVALID`) for an inverted window.
 */
export function buildTimeline(
  items: Iterable<TimelineItem>,
  options: BuildTimelineOptions = {},
): TimelineEntry[] {
  const window = checkWindow(options.window);
  const offsets = new Map((options.clockSkew ?? []).map((skew) => [skew.source, skew.offsetMs]));
  const wanted = options.entities === undefined ? undefined : new Set(options.entities);
  const windowed = options.window !== undefined;
  const kept: { entry: TimelineEntry; order: number }[] = [];
  let order = 0;
  for (const item of items) {
    const entry = entryOf(item, offsets);
    order += 1;
    if (windowed && !(entry.time >= window.from && entry.time <= window.to)) continue;
    if (wanted !== undefined && !entry.entities.some((id) => wanted.has(id))) continue;
    kept.push({ entry, order });
  }
  kept.sort((a, b) => compareEntries(a.entry, b.entry, a.order, b.order));
  const mode = options.duplicates ?? 'drop';
  const seen = new Map<string, string>();
  const out: TimelineEntry[] = [];
  for (const { entry } of kept) {
    const key = duplicateKey(entry);
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, entry.id);
      out.push(entry);
    } else if (mode === 'mark') {
      entry.duplicateOf = first;
      out.push(entry);
    }
  }
  return out;
}
