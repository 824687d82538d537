import type { TimelineEntry } from '../timeline/timeline-types.js';

/** A column of the CSV export (plaso/Hayabusa-like names). */
export type TimelineCsvColumn =
  | 'Timestamp'
  | 'ReportedTimestamp'
  | 'Source'
  | 'Host'
  | 'User'
  | 'Type'
  | 'Class'
  | 'Summary'
  | 'Techniques'
  | 'Severity'
  | 'Id'
  | 'Entities'
  | 'DuplicateOf';

/** The default columns, in order. */
export const DEFAULT_TIMELINE_CSV_COLUMNS: readonly TimelineCsvColumn[] = [
  'Timestamp',
  'Source',
  'Host',
  'User',
  'Type',
  'Class',
  'Summary',
  'Techniques',
  'Severity',
  'Id',
  'Entities',
];

/** Options of the CSV export. */
export interface TimelineCsvOptions {
  /** The columns and their order; default {@link DEFAULT_TIMELINE_CSV_COLUMNS}. */
  columns?: readonly TimelineCsvColumn[];
}

/** ISO 8601 UTC with milliseconds (`2019-04-27T15:57:53.368Z`), empty for no time. */
function iso(time: number): string {
  return Number.isFinite(time) ? new Date(time).toISOString() : '';
}

/**
 * One CSV field: a value a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`,
 * a tab or a carriage return) gets a leading apostrophe, then the field is quoted per RFC 4180
 * when it holds a comma, a quote or a line break (quotes doubled).
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function cell(entry: TimelineEntry, column: TimelineCsvColumn): string {
  switch (column) {
    case 'Timestamp':
      return iso(entry.time);
    case 'ReportedTimestamp':
      return iso(entry.reportedTime);
    case 'Source':
      return entry.source;
    case 'Host':
      return entry.host ?? '';
    case 'User':
      return entry.user ?? '';
    case 'Type':
      return entry.type;
    case 'Class':
      return entry.className ?? '';
    case 'Summary':
      return entry.summary;
    case 'Techniques':
      return entry.techniques.join(' ');
    case 'Severity':
      return entry.severity ?? '';
    case 'Id':
      return entry.id;
    case 'Entities':
      return entry.entities.join(' ');
    case 'DuplicateOf':
      return entry.duplicateOf ?? '';
  }
}

/** The CSV header line (with its CRLF). */
export function timelineCsvHeader(options: TimelineCsvOptions = {}): string {
  return `${(options.columns ?? DEFAULT_TIMELINE_CSV_COLUMNS).map(csvField).join(',')}\r\n`;
}

/** One entry as a CSV record line (with its CRLF). */
export function timelineCsvLine(entry: TimelineEntry, options: TimelineCsvOptions = {}): string {
  const columns = options.columns ?? DEFAULT_TIMELINE_CSV_COLUMNS;
  return `${columns.map((column) => csvField(cell(entry, column))).join(',')}\r\n`;
}

/**
 * The timeline as RFC 4180 CSV (CRLF line ends, header first): `Timestamp` in ISO 8601 UTC with
 * milliseconds, `Source`, `Host`, `User`, `Type`, `Class`, `Summary`, `Techniques` and
 * `Entities` space-separated, `Severity`, `Id`; cells a spreadsheet would run as formulas are
 * defused with a leading apostrophe.
 */
export function timelineToCsv(
  entries: Iterable<TimelineEntry>,
  options: TimelineCsvOptions = {},
): string {
  const parts = [timelineCsvHeader(options)];
  for (const entry of entries) parts.push(timelineCsvLine(entry, options));
  return parts.join('');
}

/**
 * The CSV export as a stream of lines (header first), for timelines that do not fit in memory:
 * write each yielded string as it comes.
 */
export async function* streamTimelineCsv(
  entries: AsyncIterable<TimelineEntry> | Iterable<TimelineEntry>,
  options: TimelineCsvOptions = {},
): AsyncGenerator<string> {
  yield timelineCsvHeader(options);
  for await (const entry of entries) yield timelineCsvLine(entry, options);
}
