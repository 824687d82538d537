import type { TimelineEntry } from '../timeline/timeline-types.js';

/** One entry as a JSON line (with its `\n`); a time that is not a number is written as `null`. */
export function timelineJsonLine(entry: TimelineEntry): string {
  return `${JSON.stringify(entry)}\n`;
}

/** The timeline as JSON lines: one entry object per line, in order. */
export function timelineToJsonLines(entries: Iterable<TimelineEntry>): string {
  let out = '';
  for (const entry of entries) out += timelineJsonLine(entry);
  return out;
}

/** The JSON-lines export as a stream of lines, for timelines that do not fit in memory. */
export async function* streamTimelineJsonLines(
  entries: AsyncIterable<TimelineEntry> | Iterable<TimelineEntry>,
): AsyncGenerator<string> {
  for await (const entry of entries) yield timelineJsonLine(entry);
}

/**
 * Reads one JSON line back into an entry (a `null` time, as JSON writes NaN, becomes NaN again).
 */
export function parseTimelineJsonLine(line: string): TimelineEntry {
  const entry = JSON.parse(line) as TimelineEntry;
  if (entry.time === null) entry.time = Number.NaN;
  if (entry.reportedTime === null) entry.reportedTime = Number.NaN;
  return entry;
}
