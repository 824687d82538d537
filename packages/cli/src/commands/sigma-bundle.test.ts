import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { testIo } from './test-io.js';

function rules(): string {
  const directory = mkdtempSync(join(tmpdir(), 'openmdr-sigma-bundle-cli-'));
  writeFileSync(
    join(directory, 'whoami.yml'),
    `title: Whoami
id: 11111111-1111-4111-8111-111111111111
status: test
author: Jane Doe
level: medium
logsource: {product: windows, category: process_creation}
detection:
  selection:
    Image|endswith: '\\whoami.exe'
  condition: selection
`,
  );
  writeFileSync(
    join(directory, 'old.yml'),
    `title: Old
id: 22222222-2222-4222-8222-222222222222
status: deprecated
logsource: {product: windows, category: process_creation}
detection:
  selection:
    Image|endswith: '\\old.exe'
  condition: selection
`,
  );
  return directory;
}

const events = (directory: string): string => {
  const file = join(directory, 'events.jsonl');
  writeFileSync(file, '{"Image":"C:\\\\Windows\\\\System32\\\\whoami.exe"}\n{"Image":"x.exe"}\n');
  return file;
};

describe('openmdr sigma bundle', () => {
  it('writes a bundle that sigma match accepts as --rules', async () => {
    const directory = rules();
    const out = join(mkdtempSync(join(tmpdir(), 'openmdr-bundle-out-')), 'rules.json.gz');
    const run = testIo();
    expect(await main(['sigma', 'bundle', '--rules', directory, '--out', out], run.io)).toBe(0);
    const [summary] = run.lines();
    expect(summary).toMatchObject({ rules: 1, filters: 0, correlations: 0, skipped: 1, errors: 0 });
    expect(summary?.['bytes']).toBe(readFileSync(out).length);
    const match = testIo();
    const code = await main(
      ['sigma', 'match', '--rules', out, '--events', events(directory)],
      match.io,
    );
    expect([code, match.err()]).toEqual([0, '']);
    expect(match.lines()).toEqual([
      {
        event: 0,
        rule_id: '11111111-1111-4111-8111-111111111111',
        title: 'Whoami',
        level: 'medium',
      },
    ]);
  });

  it('keeps deprecated rules with --include-deprecated', async () => {
    const directory = rules();
    const out = join(directory, '..', `${Date.now()}-all.json`);
    const run = testIo();
    await main(
      ['sigma', 'bundle', '--rules', directory, '--out', out, '--include-deprecated'],
      run.io,
    );
    expect(run.lines()[0]).toMatchObject({ rules: 2, skipped: 0 });
  });

  it('fails on a stale bundle, naming the changed file', async () => {
    const directory = rules();
    const out = join(mkdtempSync(join(tmpdir(), 'openmdr-bundle-out-')), 'rules.json');
    await main(['sigma', 'bundle', '--rules', directory, '--out', out], testIo().io);
    writeFileSync(
      join(directory, 'whoami.yml'),
      `${readFileSync(join(directory, 'whoami.yml'))}#\n`,
    );
    const stale = testIo();
    const code = await main(
      ['sigma', 'match', '--rules', out, '--events', events(directory)],
      stale.io,
    );
    expect(code).toBe(2);
    const lines = stale.err().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^openmdr sigma match: .*whoami\.yml changed.*openmdr sigma bundle/);
  });

  it.each([
    [['--out', 'x.json'], /--rules/],
    [['--rules', 'a'], /--out/],
    [['--rules', 'a', '--out'], /option '--out' needs a value/],
    [['--rules', 'a', '--out', 'x', '--fast'], /unknown option '--fast'/],
    [['--rules', '/nonexistent/rules', '--out', 'x'], /cannot read/],
  ])('exits 2 on bad usage: %j', async (args, message) => {
    const run = testIo();
    expect(await main(['sigma', 'bundle', ...args], run.io)).toBe(2);
    expect(run.err()).toMatch(message);
  });
});
