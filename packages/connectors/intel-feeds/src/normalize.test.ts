import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NormalizationError } from '@openmdr/connector-kit';
import { validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { feedRows, splitCsvLine } from './feed-rows.js';
import { feedValueTypeId, normalizeIntelFeedRow } from './normalize.js';

const fixtures = new URL('./__fixtures__/', import.meta.url);
const text = (name: string) => readFileSync(new URL(name, fixtures), 'utf8');
const at = '2026-03-02T10:00:00.000Z';
const listRows = feedRows(
  { name: 'c2-ips', url: 'https://feeds.example/c2-ips.txt', format: 'list' },
  text('c2-ips.txt'),
  at,
);
const csvRows = feedRows(
  { name: 'urls', url: 'https://feeds.example/urls.csv', format: 'csv' },
  text('urls.csv'),
  at,
);

describe('feedRows', () => {
  it('takes list values, skipping the comment banner and blank lines, with file line numbers', () => {
    expect(listRows.map((row) => row.value)).toEqual([
      '198.51.100.23',
      '198.51.100.77',
      '203.0.113.5',
      '203.0.113.0/28',
      '2001:db8::bad:1',
    ]);
    expect(listRows[0]?.line).toBe(10);
  });

  it('reads CSV rows after the header, quoted commas included', () => {
    expect(csvRows).toHaveLength(6);
    expect(csvRows[1]?.value).toBe('http://cdn.example/a,b.exe');
    expect(csvRows[0]?.fields).toMatchObject({ tlp: 'green', confidence: '80' });
    expect(csvRows[0]?.header).toMatch(/^value,first_seen/);
    expect(splitCsvLine('a,"b ""q"", c",')).toEqual(['a', 'b "q", c', '']);
  });
});

describe('normalizeIntelFeedRow', () => {
  const events = [...listRows, ...csvRows].map((row) => normalizeIntelFeedRow(row));

  it('gives strictly valid OSINT Inventory Info events matching rows.ocsf.json', async () => {
    for (const [index, event] of events.entries())
      expect(validateOcsfEvent(event, { mode: 'strict' }).errors, `row ${index}`).toEqual([]);
    await expect(`${JSON.stringify(events, null, 2)}\n`).toMatchFileSnapshot(
      fileURLToPath(new URL('rows.ocsf.json', fixtures)),
    );
  });

  it('detects the kind of each value and maps the optional CSV columns', () => {
    expect(events.map((event) => event.osint[0]?.type_id)).toEqual([
      1, 1, 1, 1, 1, 5, 5, 5, 2, 4, 9,
    ]);
    expect(events[5]?.osint[0]).toMatchObject({
      name: 'Loader drop',
      tlp: 'GREEN',
      confidence_id: 3,
      labels: ['loader', 'malware_download'],
      src_url: 'https://feeds.example/urls.csv',
    });
    expect(events[5]?.unmapped).toMatchObject({ fields: { url_status: 'online' } });
    expect(feedValueTypeId('not an indicator')).toBe(0);
  });

  it('refuses a confidence out of 0–100 with a typed error naming the column', () => {
    const [row] = csvRows;
    expect(() =>
      normalizeIntelFeedRow({ ...row, fields: { ...row?.fields, confidence: '150' } }),
    ).toThrow(NormalizationError);
    expect(() => normalizeIntelFeedRow({ ...row, fetched_at: 'yesterday' })).toThrow(/fetched_at/);
  });
});
