import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { testIo } from './test-io.js';

const directory = mkdtempSync(join(tmpdir(), 'openmdr-hunt-'));
const rules = join(directory, 'rules.yml');
writeFileSync(
  rules,
  `title: Whoami
id: 11111111-1111-4111-8111-111111111111
level: medium
logsource: {product: windows, category: process_creation}
detection:
  selection:
    Image|endswith: '\\whoami.exe'
  condition: selection
---
title: Encoded PowerShell
id: 22222222-2222-4222-8222-222222222222
level: high
logsource: {product: windows, category: process_creation}
detection:
  selection:
    Image|endswith: '\\powershell.exe'
    CommandLine|contains: ' -enc '
  condition: selection
---
title: Mimikatz keyword
id: 33333333-3333-4333-8333-333333333333
logsource: {product: windows}
detection:
  keywords:
    - mimikatz
  condition: keywords
---
title: Big transfer
id: 44444444-4444-4444-8444-444444444444
level: low
logsource: {category: proxy}
detection:
  selection:
    bytes|gt: 1000
    dst_ip|cidr: 10.0.0.0/8
  condition: selection
`,
);
const placeholderRules = join(directory, 'placeholder.yml');
writeFileSync(
  placeholderRules,
  `title: Admin logon
id: 55555555-5555-4555-8555-555555555555
level: medium
logsource: {product: windows, category: process_creation}
detection:
  selection:
    User|expand: '%admins%'
  condition: selection
`,
);
const events = join(directory, 'events.jsonl');
writeFileSync(
  events,
  [
    JSON.stringify({ Image: 'C:\\Windows\\System32\\whoami.exe', User: 'alice' }),
    JSON.stringify({
      Image: 'C:\\Windows\\powershell.exe',
      CommandLine: 'powershell -enc SQBFAFgA mimikatz',
      User: 'root-admin',
    }),
    '{not json',
    '',
    JSON.stringify({ bytes: 5000, dst_ip: '10.1.2.3' }),
    JSON.stringify({ bytes: 5, dst_ip: '10.1.2.3' }),
    '[1, 2]',
    JSON.stringify({ Image: 'C:\\WINDOWS\\SYSTEM32\\WHOAMI.EXE', CommandLine: 'MimiKatz' }),
  ].join('\n'),
);

describe('openmdr hunt', () => {
  for (const backend of ['duckdb', 'postgres']) {
    it(`prints the hits of \`sigma match\`, same format and order (${backend})`, async () => {
      const match = testIo();
      const matchCode = await main(
        ['sigma', 'match', '--rules', rules, '--events', events],
        match.io,
      );
      const hunt = testIo();
      const code = await main(
        ['hunt', '--backend', backend, '--rules', rules, '--events', events],
        hunt.io,
      );
      expect(hunt.out()).toBe(match.out());
      expect(hunt.lines().map((hit) => [hit['event'], hit['rule_id']])).toEqual([
        [0, '11111111-1111-4111-8111-111111111111'],
        [1, '22222222-2222-4222-8222-222222222222'],
        [1, '33333333-3333-4333-8333-333333333333'],
        [4, '44444444-4444-4444-8444-444444444444'],
        [7, '11111111-1111-4111-8111-111111111111'],
        [7, '33333333-3333-4333-8333-333333333333'],
      ]);
      expect(hunt.lines()[1]).toEqual({
        event: 1,
        rule_id: '22222222-2222-4222-8222-222222222222',
        title: 'Encoded PowerShell',
        level: 'high',
      });
      // Bad event lines: the same stderr lines as `sigma match`, and exit 1.
      expect(code).toBe(1);
      expect(matchCode).toBe(1);
      expect(hunt.lines(hunt.err())).toEqual(match.lines(match.err()));
      expect(hunt.lines(hunt.err()).map((line) => line['event'])).toEqual([2, 6]);
    });
  }

  it('reads events from stdin and exits 0 when all is well', async () => {
    const out = testIo(`${JSON.stringify({ Image: 'x\\whoami.exe' })}\n`);
    const code = await main(
      ['hunt', '--backend', 'duckdb', '--rules', rules, '--events', '-'],
      out.io,
    );
    expect(code).toBe(0);
    expect(out.err()).toBe('');
    expect(out.lines()).toEqual([
      {
        event: 0,
        rule_id: '11111111-1111-4111-8111-111111111111',
        title: 'Whoami',
        level: 'medium',
      },
    ]);
  });

  it('reports a rule without placeholder values as a conversion failure; --placeholders gives them', async () => {
    const without = testIo();
    expect(
      await main(
        ['hunt', '--backend', 'postgres', '--rules', placeholderRules, '--events', events],
        without.io,
      ),
    ).toBe(1);
    const failure = without.lines(without.err()).find((line) => 'rule_id' in line);
    expect(failure).toMatchObject({
      rule_id: '55555555-5555-4555-8555-555555555555',
      title: 'Admin logon',
      target: 'postgres',
      file: placeholderRules,
    });
    expect(Object.keys(failure ?? {})).toEqual([
      'rule_id',
      'title',
      'target',
      'construct',
      'reason',
      'file',
      'line',
    ]);
    const values = join(directory, 'placeholders.json');
    writeFileSync(values, JSON.stringify({ admins: ['root-admin', 'bob'] }));
    for (const backend of ['duckdb', 'postgres']) {
      const out = testIo();
      await main(
        [
          'hunt',
          '--backend',
          backend,
          '--rules',
          placeholderRules,
          '--events',
          events,
          '--placeholders',
          values,
        ],
        out.io,
      );
      expect(out.lines().map((hit) => hit['event'])).toEqual([1]);
    }
    const convert = testIo();
    expect(
      await main(
        [
          'sigma',
          'convert',
          '--target',
          'splunk',
          '--rules',
          placeholderRules,
          '--placeholders',
          values,
        ],
        convert.io,
      ),
    ).toBe(0);
    expect(String(convert.lines()[0]?.['query'])).toContain('root-admin');
  });

  it('exits 2 on usage errors, naming a bad placeholder key', async () => {
    const cases: [string[], string][] = [
      [['hunt', '--rules', rules, '--events', events], '--backend duckdb|postgres is required'],
      [
        ['hunt', '--backend', 'sqlite', '--rules', rules, '--events', events],
        '--backend must be duckdb or postgres',
      ],
      [['hunt', '--backend', 'duckdb', '--events', events], '--rules needs at least one'],
      [['hunt', '--backend', 'duckdb', '--rules', rules], '--events FILE|- is required'],
      [
        ['hunt', '--backend', 'duckdb', '--rules', rules, '--events', events, '--input', 'winlog'],
        '--input must be flat or ocsf',
      ],
      [['hunt', '--backend', 'duckdb', '--bogus'], "unknown option '--bogus'"],
    ];
    const bad = join(directory, 'bad-placeholders.json');
    writeFileSync(bad, JSON.stringify({ admins: ['a'], hosts: ['h', 3] }));
    cases.push([
      ['hunt', '--backend', 'duckdb', '--rules', rules, '--events', events, '--placeholders', bad],
      "'hosts' must be an array of strings",
    ]);
    cases.push([
      ['sigma', 'convert', '--target', 'kql', '--rules', rules, '--placeholders', bad],
      "'hosts' must be an array of strings",
    ]);
    const list = join(directory, 'list-placeholders.json');
    writeFileSync(list, '["a"]');
    cases.push([
      ['hunt', '--backend', 'duckdb', '--rules', rules, '--events', events, '--placeholders', list],
      'must be a JSON object',
    ]);
    for (const [args, message] of cases) {
      const out = testIo();
      expect(await main(args, out.io), args.join(' ')).toBe(2);
      expect(out.err()).toContain(message);
    }
  });
});
