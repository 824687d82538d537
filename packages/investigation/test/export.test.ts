import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTimeline,
  compareEntries,
  csvField,
  DEFAULT_TIMELINE_CSV_COLUMNS,
  parseTimelineJsonLine,
  sortTimelineExternally,
  streamTimelineCsv,
  streamTimelineJsonLines,
  type TimelineEntry,
  timelineToCsv,
  timelineToJsonLines,
} from '../src/index.js';
import { falconItems, windowsItems } from './real-records.js';

/** A small RFC 4180 reader: quoted fields with doubled quotes, commas and line breaks inside. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += char;
  }
  if (field !== '' || row.length > 0) throw new Error('the CSV does not end with CRLF');
  return rows;
}

const entries = buildTimeline([...windowsItems(), ...falconItems()]);

const tricky: TimelineEntry = {
  id: 'x1',
  time: Date.UTC(2024, 0, 2, 3, 4, 5, 6),
  reportedTime: Date.UTC(2024, 0, 2, 3, 4, 5, 6),
  source: '=HYPERLINK("http://evil")',
  type: 'event',
  className: 'Process Activity',
  classUid: 1007,
  host: '+host',
  user: '@user',
  summary: 'Process created: cmd.exe /c "echo a,b"\nnext line',
  entities: ['host:+host'],
  techniques: ['T1059'],
  severity: null,
};

describe('CSV export', () => {
  it('parses back to the entries, one row each, with the plaso/Hayabusa-like header', () => {
    const rows = readCsv(timelineToCsv(entries));
    expect(rows[0]).toEqual([...DEFAULT_TIMELINE_CSV_COLUMNS]);
    expect(rows).toHaveLength(entries.length + 1);
    entries.forEach((entry, index) => {
      const row = rows[index + 1] as string[];
      expect(row).toHaveLength(DEFAULT_TIMELINE_CSV_COLUMNS.length);
      expect(row[0]).toBe(Number.isNaN(entry.time) ? '' : new Date(entry.time).toISOString());
      expect(row[1]).toBe(entry.source);
      expect(row[6]?.replace(/^'(?=[=+\-@])/, '')).toBe(entry.summary);
      expect(row[9]).toBe(entry.id);
      expect(row[10]).toBe(entry.entities.join(' '));
    });
    expect(rows[1]?.[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('quotes per RFC 4180 and defuses formula injection', () => {
    const rows = readCsv(
      timelineToCsv([tricky], { columns: ['Timestamp', 'Source', 'Host', 'User', 'Summary'] }),
    );
    expect(rows[1]).toEqual([
      '2024-01-02T03:04:05.006Z',
      `'=HYPERLINK("http://evil")`,
      "'+host",
      "'@user",
      'Process created: cmd.exe /c "echo a,b"\nnext line',
    ]);
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('plain')).toBe('plain');
  });

  it('streams the same text line by line', async () => {
    let streamed = '';
    for await (const line of streamTimelineCsv(entries)) streamed += line;
    expect(streamed).toBe(timelineToCsv(entries));
  });
});

describe('JSON-lines export', () => {
  it('writes one entry per line and reads back', async () => {
    const text = timelineToJsonLines(entries);
    const lines = text.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(entries.length);
    expect(lines.map(parseTimelineJsonLine)).toEqual(entries);
    let streamed = '';
    for await (const line of streamTimelineJsonLines(entries)) streamed += line;
    expect(streamed).toBe(text);
  });
});

describe('sortTimelineExternally', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'openmdr-sort-test-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  // A deterministic shuffle, so that the input is out of order.
  const shuffled = entries
    .map((entry, index) => ({ entry, key: (index * 7919) % 1009 }))
    .sort((a, b) => a.key - b.key)
    .map(({ entry }) => entry);

  async function* asAsync(list: readonly TimelineEntry[]) {
    yield* list;
  }

  it('spills sorted runs and merges them into timeline order, then removes them', async () => {
    const sorted: TimelineEntry[] = [];
    for await (const entry of sortTimelineExternally(asAsync(shuffled), {
      chunkSize: 16,
      tmpDir: directory,
    })) {
      sorted.push(entry);
    }
    expect(sorted).toHaveLength(entries.length);
    const times = sorted.map((entry) =>
      Number.isNaN(entry.time) ? Number.POSITIVE_INFINITY : entry.time,
    );
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(sorted.map((entry) => entry.id).sort()).toEqual(entries.map((entry) => entry.id).sort());
    // ties in time keep source order, then input order, as buildTimeline does
    const expected = shuffled
      .map((entry, order) => ({ entry, order }))
      .sort((a, b) => compareEntries(a.entry, b.entry, a.order, b.order))
      .map(({ entry }) => entry);
    expect(sorted).toEqual(expected);
    expect(await readdir(directory)).toEqual([]);
  });

  it('cleans up when the reader stops early, and sorts small inputs in memory', async () => {
    for await (const _entry of sortTimelineExternally(shuffled, {
      chunkSize: 8,
      tmpDir: directory,
    }))
      break;
    expect(await readdir(directory)).toEqual([]);
    const small: TimelineEntry[] = [];
    for await (const entry of sortTimelineExternally(shuffled.slice(0, 5), { tmpDir: directory }))
      small.push(entry);
    expect(small).toHaveLength(5);
    expect(await readdir(directory)).toEqual([]);
  });
});
