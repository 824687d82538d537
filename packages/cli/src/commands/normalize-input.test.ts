import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readRecords } from './normalize.js';

describe('readRecords', () => {
  it('reads JSON lines, skipping blank lines, and reports bad lines by number', () => {
    const records = [...readRecords('{"a":1}\n\n{"b":2}\nnot json\n')];
    expect(records).toEqual([
      { line: 1, raw: { a: 1 } },
      { line: 3, raw: { b: 2 } },
      { line: 4, error: expect.any(String) },
    ]);
  });

  it('unpacks an array or a vendor page on one line', () => {
    const page = JSON.stringify({
      meta: { query_time: 0.1 },
      resources: [{ id: 'x' }, { id: 'y' }],
    });
    expect([...readRecords(`[{"id":1},{"id":2}]\n${page}`)].map((record) => record.line)).toEqual([
      1, 1, 2, 2,
    ]);
  });

  it('reads one pretty-printed document: an OData page', () => {
    const page = JSON.stringify(
      { '@odata.context': 'https://graph.example/$metadata', value: [{ id: 'a' }, { id: 'b' }] },
      null,
      2,
    );
    expect([...readRecords(page)]).toEqual([
      { line: 1, raw: { id: 'a' } },
      { line: 2, raw: { id: 'b' } },
    ]);
  });

  it('keeps a plain record that merely has a data array', () => {
    expect([...readRecords('{"data":[1,2]}')]).toEqual([{ line: 1, raw: { data: [1, 2] } }]);
  });

  it('reads a pretty-printed fixture array of vendor records', () => {
    const text = readFileSync(
      new URL('../../../connectors/crowdstrike/src/__fixtures__/alerts.json', import.meta.url),
      'utf8',
    );
    const parsed: unknown = JSON.parse(text);
    const expected = Array.isArray(parsed) ? parsed.length : 1;
    expect([...readRecords(text)].length).toBe(expected);
  });
});
