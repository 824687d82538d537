import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';

type Row = Record<string, unknown>;

const fixture = (connector: string, name: string) =>
  JSON.parse(
    readFileSync(
      new URL(`../../../connectors/${connector}/src/__fixtures__/${name}.json`, import.meta.url),
      'utf8',
    ),
  ) as Row[];

const notables = fixture('splunk', 'notables');
const searchResults = fixture('splunk', 'search-results');
const elasticAlerts = fixture('elastic', 'alerts');
const incidents = fixture('sentinel', 'incidents');
const securityAlerts = fixture('sentinel', 'security-alerts');

async function run(argv: string[], stdin: string) {
  let stdout = '';
  const code = await main(argv, {
    stdin: Readable.from([stdin]),
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: () => true },
  });
  return {
    code,
    lines: stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Row),
  };
}

/** Runs `normalize --validate` and checks every output is a strictly valid event. */
async function normalize(source: string, stdin: string) {
  const result = await run(['normalize', '--source', source, '--validate', '-'], stdin);
  for (const event of result.lines) {
    expect(event).not.toHaveProperty('error');
    expect(validateOcsfEvent(event, { mode: 'strict' }).ok).toBe(true);
  }
  return { ...result, classes: result.lines.map((event) => event['class_uid']) };
}

const jsonLines = (values: readonly unknown[]) =>
  values.map((value) => JSON.stringify(value)).join('\n');
const pretty = (value: unknown) => JSON.stringify(value, null, 2);
const times = (count: number, value: number) => Array.from({ length: count }, () => value);

/** A document's fields as ES|QL returns them: flat dotted names, arrays as multi-values. */
function flatten(value: Row, prefix = '', into: Row = {}): Row {
  for (const [key, field] of Object.entries(value)) {
    const name = `${prefix}${key}`;
    if (field !== null && typeof field === 'object' && !Array.isArray(field)) {
      flatten(field as Row, `${name}.`, into);
    } else if (!Array.isArray(field) || field.every((item) => typeof item !== 'object')) {
      into[name] = field;
    }
  }
  return into;
}

/** Records as a result table: `columns` (union of fields) and `rows` (`null` where absent). */
function table(records: readonly Row[], typeOf: (value: unknown) => string) {
  const names = [...new Set(records.flatMap((record) => Object.keys(record)))];
  const columns = names.map((name) => ({
    name,
    type: typeOf(records.find((record) => record[name] !== undefined)?.[name]),
  }));
  const rows = records.map((record) => names.map((name) => record[name] ?? null));
  return { columns, rows };
}

const esqlType = (value: unknown) =>
  typeof value === 'number' ? 'long' : typeof value === 'boolean' ? 'boolean' : 'keyword';
const kqlType = (value: unknown) =>
  typeof value === 'number' ? 'real' : typeof value === 'boolean' ? 'bool' : 'string';

describe('openmdr normalize --source splunk', () => {
  it('reads a search results page ({preview, init_offset, messages, fields, results})', async () => {
    const results = [...notables, ...searchResults];
    const page = {
      preview: false,
      init_offset: 0,
      messages: [],
      fields: [...new Set(results.flatMap((result) => Object.keys(result)))].map((name) => ({
        name,
      })),
      results,
      highlighted: {},
    };
    const { code, classes, lines } = await normalize('splunk', pretty(page));
    expect(code).toBe(0);
    expect(classes).toEqual([...times(notables.length, 2004), ...times(searchResults.length, 0)]);
    expect(lines[0]).toMatchObject({ finding_info: { title: expect.any(String) } });
  });

  it('reads output_mode=json_rows results ({fields, rows}), a leading byte order mark ignored', async () => {
    const { columns, rows } = table(searchResults, kqlType);
    const page = {
      preview: false,
      init_offset: 0,
      messages: [{ type: 'DEBUG', text: 'base lispy: [ AND index::main ]' }],
      fields: columns.map((column) => column.name),
      rows,
    };
    const { code, classes, lines } = await normalize(
      'splunk/search',
      `\uFEFF${JSON.stringify(page)}`,
    );
    expect(code).toBe(0);
    expect(classes).toEqual(times(searchResults.length, 0));
    expect(lines[0]).toMatchObject({ unmapped: { EventCode: '4625' } });
  });

  it('reads a jobs/export stream: result lines, lastrow, messages lines and previews', async () => {
    const stream = [
      { preview: true, offset: 0, result: notables[0] },
      {
        preview: false,
        messages: [
          { type: 'INFO', text: 'Your timerange was substituted based on your search string' },
        ],
      },
      ...notables.map((result, offset) => ({
        preview: false,
        offset,
        ...(offset === notables.length - 1 ? { lastrow: true } : {}),
        result,
      })),
      { preview: false, messages: [{ type: 'WARN', text: 'Search results might be incomplete' }] },
    ];
    const { code, classes } = await normalize('splunk/notables', jsonLines(stream));
    expect(code).toBe(0);
    expect(classes).toEqual(times(notables.length, 2004));
  });

  it('exits 0 on an export stream whose only other line carries messages and no result', async () => {
    const stream = [
      { preview: false, messages: [{ type: 'INFO', text: 'Search auto-finalized' }] },
      { preview: false, offset: 0, lastrow: true, result: searchResults[0] },
    ];
    const { code, classes } = await normalize('splunk/search', jsonLines(stream));
    expect(code).toBe(0);
    expect(classes).toEqual([0]);
    const empty = await normalize('splunk', jsonLines([stream[0]]));
    expect(empty).toMatchObject({ code: 0, lines: [] });
  });
});

describe('openmdr normalize --source elastic', () => {
  const hits = elasticAlerts.map((hit, index) => ({
    ...hit,
    _score: null,
    sort: [Date.parse(String((hit['_source'] as Row)['@timestamp'])), index],
  }));
  const searchResponse = (page: readonly Row[]) => ({
    took: 12,
    timed_out: false,
    _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
    hits: { total: { value: hits.length, relation: 'eq' }, max_score: null, hits: page },
  });

  it('reads a search response ({took, hits: {total, hits}})', async () => {
    const { code, classes, lines } = await normalize(
      'elastic/alerts',
      pretty(searchResponse(hits)),
    );
    expect(code).toBe(0);
    expect(classes).toEqual(times(hits.length, 2004));
    expect(lines[0]).toMatchObject({
      finding_info: { title: 'Suspicious PowerShell Encoded Command' },
    });
  });

  it('reads point-in-time pages ({pit_id, hits}), an empty last page included', async () => {
    const pitId =
      '46ToAwMDaWR5BXV1aWQyKwZub2RlXzMAAAAAAAAAACoBYwADaWR4BXV1aWQxAgZub2RlXzEAAAAAAAAAAAEBYQADaWR5';
    const pages = [hits.slice(0, 8), hits.slice(8), []].map((page) => ({
      pit_id: pitId,
      ...searchResponse(page),
    }));
    const { code, classes } = await normalize('elastic', jsonLines(pages));
    expect(code).toBe(0);
    expect(classes).toEqual(times(hits.length, 2004));
  });

  it('reads an async search response ({id, is_running, response})', async () => {
    const response = {
      id: 'FmRldE8zREVEUzA2ZVpUeGs2ejJFUFEaMkZ5QTVrSTZSaVN3WlNFVmtlWHJsdzoxMDc=',
      is_partial: false,
      is_running: false,
      start_time_in_millis: 1772438400000,
      expiration_time_in_millis: 1772870400000,
      response: searchResponse(hits.slice(0, 3)),
    };
    const { code, classes } = await normalize('elastic', JSON.stringify(response));
    expect(code).toBe(0);
    expect(classes).toEqual([2004, 2004, 2004]);
  });

  it('reads an ES|QL response ({columns, values}): a record per row, dotted names kept', async () => {
    const documents = elasticAlerts.map((hit) => ({
      _id: hit['_id'],
      _index: hit['_index'],
      ...flatten(hit['_source'] as Row),
    }));
    const logRow = {
      '@timestamp': '2026-03-02T08:05:00.000Z',
      'event.action': 'logged-in',
      'host.name': 'ws-100',
      message: 'user logged in',
    };
    const { columns, rows } = table([...documents, logRow], esqlType);
    const response = {
      took: 28,
      is_partial: false,
      columns: columns.map((column) =>
        column.name === '@timestamp' ? { ...column, type: 'date' } : column,
      ),
      values: rows,
    };
    const { code, classes, lines } = await normalize('elastic', JSON.stringify(response));
    expect(code).toBe(0);
    expect(classes).toEqual([...times(documents.length, 2004), 0]);
    expect(lines[0]).toMatchObject({
      finding_info: { title: 'Suspicious PowerShell Encoded Command' },
    });
    expect(lines.at(-1)).toMatchObject({
      time: Date.parse('2026-03-02T08:05:00.000Z'),
      device: { hostname: 'ws-100' },
      unmapped: { 'event.action': 'logged-in' },
    });
  });
});

describe('openmdr normalize --source sentinel', () => {
  const nextLink =
    'https://management.azure.com/subscriptions/33333333-3333-4333-8333-333333333333/resourceGroups/rg-soc/providers/Microsoft.OperationalInsights/workspaces/law-soc/providers/Microsoft.SecurityInsights/incidents?api-version=2025-09-01&$top=8&$skipToken=M3wxNzcyNDM4NDAw';

  it('reads ARM list pages ({value, nextLink}), the last one without nextLink', async () => {
    const pages = [{ value: incidents.slice(0, 8), nextLink }, { value: incidents.slice(8) }];
    const lines = await normalize('sentinel/incidents', jsonLines(pages));
    expect(lines.code).toBe(0);
    expect(lines.classes).toEqual(times(incidents.length, 2005));
    const last = await normalize('sentinel', pretty(pages[1]));
    expect(last.code).toBe(0);
    expect(last.classes).toEqual(times(incidents.length - 8, 2005));
  });

  it('reads a single ARM resource as one record', async () => {
    const { code, classes } = await normalize('sentinel', pretty(incidents[0]));
    expect(code).toBe(0);
    expect(classes).toEqual([2005]);
  });

  it('reads a Log Analytics query response ({tables: [{name, columns, rows}]})', async () => {
    const alerts = { name: 'PrimaryResult', ...table(securityAlerts, kqlType) };
    alerts.columns = alerts.columns.map((column) =>
      /Time/.test(column.name) ? { ...column, type: 'datetime' } : column,
    );
    const { code, classes } = await normalize('sentinel', JSON.stringify({ tables: [alerts] }));
    expect(code).toBe(0);
    expect(classes).toEqual(times(securityAlerts.length, 2004));

    const heartbeat = {
      tables: [
        {
          name: 'PrimaryResult',
          columns: [
            { name: 'TimeGenerated', type: 'datetime' },
            { name: 'Computer', type: 'string' },
            { name: 'OSType', type: 'string' },
            { name: 'Type', type: 'string' },
          ],
          rows: [['2025-11-03T08:00:00Z', 'ws-014.corp.example.com', 'Windows', 'Heartbeat']],
        },
      ],
    };
    const rows = await normalize('sentinel/query', pretty(heartbeat));
    expect(rows.code).toBe(0);
    expect(rows.lines).toEqual([
      expect.objectContaining({
        class_uid: 0,
        time: Date.parse('2025-11-03T08:00:00Z'),
        unmapped: expect.objectContaining({ Computer: 'ws-014.corp.example.com' }),
      }),
    ]);
  });

  it('still reports a record an envelope cannot carry, with exit 1', async () => {
    const { code, lines } = await run(
      ['normalize', '--source', 'sentinel', '--validate', '-'],
      jsonLines([{ value: [incidents[0], { unrelated: true }], nextLink }]),
    );
    expect(code).toBe(1);
    expect(lines.map((line) => line['class_uid'] ?? (line['error'] as Row)['code'])).toEqual([
      2005,
      'NORMALIZE_FAILED',
    ]);
  });
});
