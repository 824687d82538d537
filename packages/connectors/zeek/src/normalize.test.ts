import { readFileSync } from 'node:fs';
import { NormalizationError } from '@openmdr/connector-kit';
import { describeGolden } from '@openmdr/connector-kit/testing';
import { OpenMdrError, validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { normalizeZeek, ZEEK_LOGS, type ZeekLog, zeekNormalizeSources } from './index.js';

const fixtures = new URL('./__fixtures__/', import.meta.url);
const MAIN_LOGS: readonly ZeekLog[] = ['conn', 'dns', 'http', 'ssl', 'notice'];

function records(log: ZeekLog): Record<string, unknown>[] {
  return JSON.parse(readFileSync(new URL(`${log}.json`, fixtures), 'utf8')) as Record<
    string,
    unknown
  >[];
}

function failure(run: () => unknown): unknown {
  try {
    run();
  } catch (caught) {
    return caught;
  }
  return undefined;
}

describe('Zeek logs → OCSF (golden)', () => {
  for (const log of ZEEK_LOGS) {
    describeGolden(fixtures, log, (record) => normalizeZeek(record, log));
  }
});

describe('Zeek TSV logs', () => {
  for (const log of MAIN_LOGS) {
    it(`${log}.log (TSV) normalises exactly as ${log}.json`, () => {
      const lines = readFileSync(new URL(`${log}.log`, fixtures), 'utf8')
        .trimEnd()
        .split('\n');
      const header = lines.filter((line) => line.startsWith('#') && !line.startsWith('#close'));
      const data = lines.filter((line) => !line.startsWith('#'));
      const fromTsv = data.map((text) => normalizeZeek({ text, header, path: `/logs/${log}.log` }));
      expect(fromTsv).toEqual(records(log).map((record) => normalizeZeek(record, log)));
    });
  }

  const header = (fields: string, types: string, extra: string[] = []) => [
    '#separator \\x7c',
    '#set_separator|;',
    '#empty_field|EMPTY',
    '#unset_field|NIL',
    ...extra,
    `#fields|${fields}`,
    `#types|${types}`,
  ];

  it('reads any separator, set separator, empty and unset markers, and \\x escapes', () => {
    const event = normalizeZeek({
      text: '1764979200.5|CabC|192.0.2.1|5353|192.0.2.53|53|udp|a\\x7cb.example.com|A;NS|1.0;2.0|NIL|EMPTY',
      header: header(
        'ts|uid|id.orig_h|id.orig_p|id.resp_h|id.resp_p|proto|query|answers|TTLs|rcode|qtype_name',
        'time|string|addr|port|addr|port|enum|string|vector[string]|vector[interval]|count|string',
        ['#path|dns'],
      ),
    });
    expect(event).toMatchObject({
      class_uid: 4003,
      time: 1_764_979_200_500,
      query: { hostname: 'a|b.example.com' },
      answers: [
        { rdata: 'A', ttl: 1 },
        { rdata: 'NS', ttl: 2 },
      ],
    });
    expect(event['rcode_id']).toBeUndefined();
  });

  it('tells the log of a TSV line by #path, else by the file name', () => {
    const fields = 'ts|uid|id.orig_h|id.orig_p|id.resp_h|id.resp_p|proto|conn_state';
    const types = 'time|string|addr|port|addr|port|enum|string';
    const text = '1764979200|C1|192.0.2.1|1|192.0.2.2|2|tcp|SF';
    expect(
      normalizeZeek({ text, header: header(fields, types, ['#path|conn']) })['class_uid'],
    ).toBe(4001);
    expect(
      normalizeZeek({
        text,
        header: header(fields, types),
        path: '/z/conn.00:00:00-01:00:00.log.gz',
      })['class_uid'],
    ).toBe(4001);
  });

  it('rejects a header without #fields and a line with too many columns, typed', () => {
    const noFields = failure(() =>
      normalizeZeek({ text: 'a\tb', header: ['#separator \\x09', '#path\tconn'] }),
    );
    expect(noFields).toBeInstanceOf(NormalizationError);
    expect((noFields as OpenMdrError).details).toMatchObject({ path: '#fields' });
    const tooMany = failure(() =>
      normalizeZeek({
        text: '1\t2\t3',
        header: ['#separator \\x09', '#fields\tts\tuid', '#types\ttime\tstring'],
      }),
    );
    expect((tooMany as OpenMdrError).details).toMatchObject({ path: '#fields' });
  });
});

describe('Zeek JSON variants', () => {
  const [first] = records('conn');

  it('reads ISO 8601 ts as epoch ts, and Corelight _path/_system_name', () => {
    const epoch = normalizeZeek(first, 'conn');
    const iso = normalizeZeek({
      ...first,
      ts: new Date(Number(first?.['ts']) * 1000).toISOString(),
      _path: 'conn',
      _system_name: 'sensor-dc1',
      _write_ts: '2025-12-06T00:00:01.000000Z',
    });
    expect(iso['time']).toBe(Math.floor(Number(first?.['ts']) * 1000));
    expect(iso['time']).toBe(epoch['time']);
    expect(iso['metadata']).toMatchObject({
      log_name: 'conn',
      loggers: [{ name: 'sensor-dc1' }],
      logged_time: Date.parse('2025-12-06T00:00:01Z'),
    });
  });

  it('tells the log by _path (Corelight variants too) and by shape', () => {
    for (const log of ZEEK_LOGS) {
      const [record] = records(log);
      expect(normalizeZeek({ ...record, _path: log }), log).toEqual(
        normalizeZeek({ ...record, _path: log }, log),
      );
      expect(normalizeZeek(record)['class_uid'], `${log} by shape`).toBe(
        normalizeZeek(record, log)['class_uid'],
      );
    }
    expect(normalizeZeek({ ...first, _path: 'conn_red' })['class_uid']).toBe(4001);
  });

  it('reads a JSON text line and a JSON file line', () => {
    const text = JSON.stringify(first);
    expect(normalizeZeek(text, 'conn')).toEqual(normalizeZeek(first, 'conn'));
    expect(normalizeZeek({ text, header: [], path: '/logs/conn.log' })).toEqual(
      normalizeZeek(first, 'conn'),
    );
  });

  it('the normalize sources pick the log of a record', () => {
    const any = zeekNormalizeSources.find((source) => source.id === 'zeek');
    const dns = zeekNormalizeSources.find((source) => source.id === 'zeek/dns');
    const [query] = records('dns');
    expect(dns?.matches(query)).toBe(true);
    expect(dns?.matches(first)).toBe(false);
    expect(any?.normalize(query)['class_uid']).toBe(4003);
    expect(zeekNormalizeSources).toHaveLength(ZEEK_LOGS.length + 1);
  });
});

describe('tolerance', () => {
  for (const log of ZEEK_LOGS) {
    it(`${log}: every fixture with any one field removed normalises strictly or fails typed`, () => {
      for (const record of records(log)) {
        for (const key of Object.keys(record)) {
          const { [key]: _removed, ...rest } = record;
          let event: Record<string, unknown> | undefined;
          try {
            event = normalizeZeek(rest, log);
          } catch (error) {
            expect(OpenMdrError.isInstance(error), `${log} without ${key}: ${String(error)}`).toBe(
              true,
            );
            expect((error as OpenMdrError).code).toBe('NORMALIZE_FAILED');
            expect((error as OpenMdrError).details?.['path'], `${log} without ${key}`).toBeTruthy();
            continue;
          }
          expect(
            validateOcsfEvent(event, { mode: 'strict' }).errors,
            `${log} without ${key}`,
          ).toEqual([]);
        }
      }
    });
  }

  it('names the missing required field', () => {
    const [conn] = records('conn');
    const { ts: _ts, ...noTs } = conn as Record<string, unknown>;
    expect((failure(() => normalizeZeek(noTs, 'conn')) as OpenMdrError).details).toMatchObject({
      path: 'ts',
    });
    expect(() => normalizeZeek({ ...conn, ts: 'yesterday' }, 'conn')).toThrow(
      /ts is not a Zeek time/,
    );
    const [notice] = records('notice');
    const { note: _note, ...noNote } = notice as Record<string, unknown>;
    expect((failure(() => normalizeZeek(noNote, 'notice')) as OpenMdrError).details).toMatchObject({
      path: 'note',
    });
  });

  it('rejects non-records, unparseable lines and unknown logs without crashing', () => {
    for (const bad of [null, 42, [], 'not json', '[1]', { text: '{oops', header: [] }]) {
      expect(OpenMdrError.isInstance(failure(() => normalizeZeek(bad, 'conn')))).toBe(true);
    }
    expect(
      (failure(() => normalizeZeek({ ts: 1, foo: 'bar' })) as OpenMdrError).details,
    ).toMatchObject({
      path: '_path',
    });
  });
});
