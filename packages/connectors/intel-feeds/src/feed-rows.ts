import { createHash } from 'node:crypto';
import type { IntelFeed } from './config.js';

/**
 * One indicator row of a feed, as the `rows` stream delivers it: the row's text as the feed
 * wrote it (for `@openmdr/detections`' `loadIndicatorList` / `loadIndicatorCsv`, see
 * `feedTexts`), the value it names, and where it stands.
 */
export type IntelFeedRow = {
  /** The feed's name (from the config). */
  feed: string;
  /** The feed's URL. */
  url: string;
  /** The feed's format. */
  format: 'list' | 'csv';
  /** 1-based line number in the file as fetched. */
  line: number;
  /** The row's text, comments included, as in the file. */
  text: string;
  /** The indicator it names: the line without its comment, or the CSV value column. */
  value: string;
  /** CSV only: the header line, to load the row with its columns. */
  header?: string;
  /** CSV only: the row's fields by column name. */
  fields?: Record<string, string>;
  /** When the feed was fetched (ISO 8601, by the server's `Date` when it sent one). */
  fetched_at: string;
};

/** Splits one CSV line (RFC 4180: quoted fields, doubled quotes; no line breaks inside quotes). */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index] as string;
    if (quoted) {
      if (char === '"' && line[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      fields.push(field.trim());
      field = '';
    } else field += char;
  }
  fields.push(field.trim());
  return fields;
}

/** The value of a list line: the line without a `#` comment (whole-line or after whitespace). */
function listValue(line: string): string {
  const trimmed = line.trim();
  if (trimmed.startsWith('#') || trimmed.startsWith('//') || trimmed.startsWith(';')) return '';
  return trimmed.replace(/\s+#.*$/, '').trim();
}

/**
 * The indicator rows of a fetched feed, in file order: list lines with a value; CSV rows after
 * the header (the first line that is not a `#` comment) with a non-empty value column. Blank
 * lines and comments are not rows.
 */
export function feedRows(feed: IntelFeed, content: string, fetchedAt: string): IntelFeedRow[] {
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  const rows: IntelFeedRow[] = [];
  const base = { feed: feed.name, url: feed.url, format: feed.format, fetched_at: fetchedAt };
  if (feed.format === 'list') {
    lines.forEach((text, index) => {
      const value = listValue(text);
      if (value !== '') rows.push({ ...base, line: index + 1, text, value });
    });
    return rows;
  }
  let header: string | undefined;
  let columns: string[] = [];
  let column = 0;
  lines.forEach((text, index) => {
    const trimmed = text.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    if (header === undefined) {
      header = text;
      columns = splitCsvLine(text).map((name) => name.toLowerCase());
      const wanted = feed.valueColumn?.toLowerCase();
      const found = wanted
        ? columns.indexOf(wanted)
        : [columns.indexOf('value'), columns.indexOf('indicator')].find((at) => at >= 0);
      column = found === undefined || found < 0 ? 0 : found;
      return;
    }
    const values = splitCsvLine(text);
    const value = values[column] ?? '';
    if (value === '') return;
    const fields = Object.fromEntries(columns.map((name, at) => [name, values[at] ?? '']));
    rows.push({ ...base, line: index + 1, text, value, header, fields });
  });
  return rows;
}

/** A short, stable digest of a row's text: how the state remembers which rows were delivered. */
export function rowDigest(row: Pick<IntelFeedRow, 'text'>): string {
  return createHash('sha256').update(row.text.trim()).digest('base64url').slice(0, 12);
}

/**
 * Rebuilds the text of each feed from delivered rows (the CSV header first), for the loaders of
 * `@openmdr/detections`: `format === 'csv' ? loadIndicatorCsv(text, { source: url }) :
 * loadIndicatorList(text, { source: url })`. Feeds keep the order of their first row.
 */
export function feedTexts(
  rows: readonly IntelFeedRow[],
): Array<{ feed: string; url: string; format: 'list' | 'csv'; text: string }> {
  const byFeed = new Map<string, { url: string; format: 'list' | 'csv'; lines: string[] }>();
  for (const row of rows) {
    let entry = byFeed.get(row.feed);
    if (entry === undefined) {
      entry = { url: row.url, format: row.format, lines: row.header ? [row.header] : [] };
      byFeed.set(row.feed, entry);
    }
    entry.lines.push(row.text);
  }
  return [...byFeed].map(([feed, { url, format, lines }]) => ({
    feed,
    url,
    format,
    text: `${lines.join('\n')}\n`,
  }));
}
