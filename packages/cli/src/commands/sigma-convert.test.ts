import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { testIo } from './test-io.js';

const directory = mkdtempSync(join(tmpdir(), 'openmdr-sigma-convert-'));
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
title: Two fields
id: 22222222-2222-4222-8222-222222222222
logsource: {product: windows, category: process_creation}
detection:
  selection:
    CommandLine|fieldref: ParentCommandLine
  condition: selection
---
title: Many whoami per user
id: 33333333-3333-4333-8333-333333333333
correlation:
  type: event_count
  rules: [11111111-1111-4111-8111-111111111111]
  group-by: [User]
  timespan: 10m
  condition: {gte: 3}
`,
);

describe('openmdr sigma convert', () => {
  it('prints one JSON line per converted rule and correlation', async () => {
    const out = testIo();
    const code = await main(['sigma', 'convert', '--target', 'splunk', '--rules', rules], out.io);
    const lines = out.lines();
    expect(code).toBe(0);
    expect(lines.map((line) => line['rule_id'])).toEqual([
      '11111111-1111-4111-8111-111111111111',
      '22222222-2222-4222-8222-222222222222',
      '33333333-3333-4333-8333-333333333333',
    ]);
    expect(lines[0]).toMatchObject({ title: 'Whoami', target: 'splunk' });
    expect(String(lines[0]?.['query'])).toContain('whoami.exe');
    expect(String(lines[2]?.['query'])).toContain('| streamstats time_window=600s count');
  });

  it('reports what a target cannot express on stderr with the construct and why; exit 1', async () => {
    const out = testIo();
    const code = await main(['sigma', 'convert', '--target', 'lucene', '--rules', rules], out.io);
    expect(code).toBe(1);
    const failures = out.lines(out.err());
    expect(failures.map((line) => line['rule_id'])).toEqual([
      '22222222-2222-4222-8222-222222222222',
      '33333333-3333-4333-8333-333333333333',
    ]);
    expect(failures[0]).toMatchObject({ target: 'lucene', file: rules });
    expect(String(failures[0]?.['construct'])).toContain('fieldref');
    expect(String(failures[1]?.['reason'])).toContain('cannot aggregate');
    expect(out.lines().map((line) => line['rule_id'])).toEqual([
      '11111111-1111-4111-8111-111111111111',
    ]);
  });

  it('merges a --mapping file over the built-in mapping, and names a bad key', async () => {
    const mapping = join(directory, 'mapping.json');
    writeFileSync(mapping, JSON.stringify({ fields: { Image: 'process_path' } }));
    const out = testIo();
    await main(
      ['sigma', 'convert', '--target', 'splunk', '--rules', rules, '--mapping', mapping],
      out.io,
    );
    expect(String(out.lines()[0]?.['query'])).toContain('process_path=');
    const bad = join(directory, 'bad.json');
    writeFileSync(bad, JSON.stringify({ logsources: [{ product: 3 }] }));
    const failed = testIo();
    expect(
      await main(
        ['sigma', 'convert', '--target', 'kql', '--rules', rules, '--mapping', bad],
        failed.io,
      ),
    ).toBe(2);
    expect(failed.err()).toContain("at 'logsources.0.product'");
  });

  it('exits 2 on usage errors', async () => {
    const out = testIo();
    expect(await main(['sigma', 'convert', '--target', 'sql', '--rules', rules], out.io)).toBe(2);
    expect(out.err()).toContain(
      '--target must be one of splunk, esql, lucene, kql, duckdb, postgres',
    );
  });
});
