import {
  convertSigmaRule,
  parseSigmaYaml,
  SigmaConversionError,
  type SigmaRule,
} from '@openmdr/detections';
import { describe, expect, it } from 'vitest';
import { eventRow, inputMapping } from '../src/index.js';
import { GOLDEN_CASES } from './golden-cases.js';
import { GOLDEN_SQL } from './golden-sql.js';

function rule(
  name: string,
  body: string,
  logsource = '{product: windows, category: process_creation}',
): SigmaRule {
  const detection = body.startsWith('keywords:')
    ? `  ${body}\n  condition: keywords`
    : `  sel:\n    ${body}\n  condition: sel`;
  const yaml = `title: 'g ${name}'\nid: 00000000-0000-4000-8000-000000000001\nlogsource: ${logsource}\ndetection:\n${detection}\n`;
  const { documents, errors } = parseSigmaYaml(yaml);
  expect(errors).toEqual([]);
  return documents[0] as SigmaRule;
}

function predicate(target: 'duckdb' | 'postgres', name: string, body: string): string {
  try {
    return convertSigmaRule(rule(name, body), target, { predicateOnly: true }).query;
  } catch (error) {
    if (!SigmaConversionError.isInstance(error)) throw error;
    return `UNSUPPORTED: ${error.message}`;
  }
}

describe('SQL backends: golden predicates per modifier and condition form', () => {
  for (const target of ['duckdb', 'postgres'] as const) {
    it.each(GOLDEN_CASES.map(([name, body]) => [name, body] as const))(
      `${target}: %s`,
      (name, body) => {
        expect(predicate(target, name, body)).toBe(GOLDEN_SQL[name]?.[target]);
      },
    );
  }

  it('renders the whole query: _line from the table, logsource over _logsources, the predicate', () => {
    const r = rule('q', `Image|endswith: '\\cmd.exe'`, '{product: windows, service: security}');
    expect(convertSigmaRule(r, 'duckdb').query).toBe(
      `SELECT "_line" FROM "events" WHERE ("_logsources" IS NULL OR regexp_matches(array_to_string("_logsources", chr(10)), '(?m)^windows\\|[^|\\n]*\\|security$')) AND (ends_with(lower("Image"), '\\cmd.exe'))`,
    );
    expect(convertSigmaRule(r, 'postgres').query).toBe(
      `SELECT "_line" FROM "events" WHERE ("_logsources" IS NULL OR EXISTS (SELECT 1 FROM unnest("_logsources") AS _k WHERE split_part(_k, '|', 1) = 'windows' AND split_part(_k, '|', 3) = 'security')) AND (lower("Image") LIKE '%\\\\cmd.exe' ESCAPE '\\')`,
    );
  });

  it('condition forms: not, 1 of, all of', () => {
    const yaml = `title: forms
id: 00000000-0000-4000-8000-000000000002
logsource: {category: process_creation}
detection:
  sel_a:
    Image|endswith: a.exe
  sel_b:
    - CommandLine|contains: x
    - CommandLine|contains: y
  filter:
    User: SYSTEM
  condition: (1 of sel_* or all of sel_*) and not filter
`;
    const { documents } = parseSigmaYaml(yaml);
    const r = documents[0] as SigmaRule;
    const selA = `(ends_with(_l0, 'a.exe') OR ends_with(_l1, 'a.exe'))`;
    const selB = `(contains(_l2, 'x') OR contains(_l2, 'y'))`;
    // DuckDB binds each column lowered more than once a single time per row.
    expect(convertSigmaRule(r, 'duckdb', { predicateOnly: true }).query).toBe(
      `list_transform([lower("Image")], _l0 -> list_transform([lower("NewProcessName")], _l1 -> list_transform([lower("CommandLine")], _l2 -> (((${selA} OR ${selB}) OR (${selA} AND ${selB})) AND NOT coalesce(lower("User") = 'system', false)))[1])[1])[1]`,
    );
    const pgA = `(lower("Image") LIKE '%a.exe' OR lower("NewProcessName") LIKE '%a.exe')`;
    const pgB = `(lower("CommandLine") LIKE '%x%' OR lower("CommandLine") LIKE '%y%')`;
    expect(convertSigmaRule(r, 'postgres', { predicateOnly: true }).query).toBe(
      `(((${pgA} OR ${pgB}) OR (${pgA} AND ${pgB})) AND NOT coalesce(lower("User") = 'system', false))`,
    );
  });
});

describe('event table rows', () => {
  it('flattens nested objects, stringifies scalars, keeps nulls, routes and collects keywords', () => {
    const row = eventRow(
      {
        Channel: 'Microsoft-Windows-Sysmon/Operational',
        EventID: 1,
        Image: 'C:\\x.exe',
        Flag: true,
        Parent: null,
        Nested: { Deep: 'v', 'a.b': 1 },
        'Nested.Deep': 'flat wins',
        List: ['a', 2],
      },
      7,
      inputMapping('flat'),
    );
    expect(row.line).toBe(7);
    expect(row.logsources).toEqual(['windows|process_creation|sysmon']);
    expect(row.nulls).toEqual(['Parent']);
    expect(Object.fromEntries(row.fields)).toEqual({
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      EventID: '1',
      Image: 'C:\\x.exe',
      Flag: 'true',
      'Nested.Deep': 'flat wins',
      'Nested.a.b': '1',
      List: '["a",2]',
    });
    expect(row.keywords).toContain('flat wins');
    expect(row.keywords).toContain('1');
  });

  it('an event with nothing to route on reaches every rule (NULL _logsources)', () => {
    expect(eventRow({ Image: 'x' }, 0, inputMapping('flat')).logsources).toBeUndefined();
  });
});
