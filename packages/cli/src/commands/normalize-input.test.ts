import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readRecords } from './normalize.js';
import { pageRecords } from './normalize-envelopes.js';

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

  it('skips Splunk messages lines and preview rows, and keeps a record that merely has messages', () => {
    const text = [
      '{"preview":false,"messages":[{"type":"INFO","text":"Search auto-finalized"}]}',
      '{"preview":true,"offset":0,"result":{"_time":"1"}}',
      '{"preview":false,"offset":0,"lastrow":true,"result":{"_time":"2"}}',
      '{"messages":["hello"],"user":"x"}',
    ].join('\n');
    expect([...readRecords(text)]).toEqual([
      { line: 3, raw: { _time: '2' } },
      { line: 4, raw: { messages: ['hello'], user: 'x' } },
    ]);
  });

  it('takes a value array for an ARM page only with nextLink or ARM resources in it', () => {
    const resource = { id: '/subscriptions/s/x', name: 'x', properties: { title: 't' } };
    expect(pageRecords({ value: [resource] })).toEqual([resource]);
    expect(pageRecords({ value: [{ a: 1 }], nextLink: null })).toEqual([{ a: 1 }]);
    expect(pageRecords({ value: [] })).toEqual([]);
    expect(pageRecords({ value: [], name: 'x' })).toBeUndefined();
    expect(pageRecords({ value: [{ id: 'x' }], name: 'metric' })).toBeUndefined();
    expect(pageRecords({ value: ['a', 'b'], key: 'tags' })).toBeUndefined();
  });

  it('turns ES|QL and Log Analytics rows into records keyed by column name', () => {
    expect(
      pageRecords({
        columns: [
          { name: '@timestamp', type: 'date' },
          { name: 'host.name', type: 'keyword' },
        ],
        values: [
          ['2026-03-02T08:00:00.000Z', 'ws-1'],
          ['2026-03-02T08:01:00.000Z', null],
        ],
      }),
    ).toEqual([
      { '@timestamp': '2026-03-02T08:00:00.000Z', 'host.name': 'ws-1' },
      { '@timestamp': '2026-03-02T08:01:00.000Z' },
    ]);
    expect(
      pageRecords({
        tables: [
          {
            name: 'PrimaryResult',
            columns: [
              { name: 'TimeGenerated', type: 'datetime' },
              { name: 'Computer', type: 'string' },
            ],
            rows: [['2025-11-03T08:00:00Z', 'ws-014']],
          },
        ],
      }),
    ).toEqual([{ TimeGenerated: '2025-11-03T08:00:00Z', Computer: 'ws-014' }]);
  });

  it('takes no record of any connector fixture for an envelope', () => {
    const connectors = new URL('../../../connectors/', import.meta.url);
    let checked = 0;
    for (const connector of readdirSync(connectors)) {
      const directory = new URL(`${connector}/src/__fixtures__/`, connectors);
      let files: string[];
      try {
        files = readdirSync(directory).filter(
          (file) => file.endsWith('.json') && !file.endsWith('.ocsf.json'),
        );
      } catch {
        continue;
      }
      for (const file of files) {
        const parsed: unknown = JSON.parse(readFileSync(new URL(file, directory), 'utf8'));
        for (const record of Array.isArray(parsed) ? parsed : [parsed]) {
          expect(pageRecords(record), `${connector}/${file}`).toBeUndefined();
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});
