import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { testIo } from './test-io.js';

const directory = mkdtempSync(join(tmpdir(), 'openmdr-sigma-cli-'));
const good = join(directory, 'good.yml');
writeFileSync(
  good,
  `title: Whoami
id: 11111111-1111-4111-8111-111111111111
level: medium
logsource: {product: windows, category: process_creation}
detection:
  selection:
    Image|endswith: '\\whoami.exe'
  condition: selection
`,
);
const placeholder = join(directory, 'placeholder.yml');
writeFileSync(
  placeholder,
  `title: Admin logon outside admin workstations
id: 33333333-3333-4333-8333-333333333333
logsource: {product: windows, service: security}
detection:
  selection:
    EventID: 4624
  filter:
    IpAddress|expand: '%Admins_Workstations%'
  condition: selection and not filter
`,
);
const bad = join(directory, 'bad.yml');
writeFileSync(
  bad,
  `title: Bad
id: 22222222-2222-4222-8222-222222222222
logsource: {product: windows}
detection:
  selection:
    Image|contians: x
  condition: selection
`,
);

describe('openmdr sigma check', () => {
  it('prints one line per rule and a summary; exit 0 even with bad rules', async () => {
    const run = testIo();
    expect(await main(['sigma', 'check', directory], run.io)).toBe(0);
    const lines = run.lines();
    expect(lines).toContainEqual({
      path: good,
      id: '11111111-1111-4111-8111-111111111111',
      ok: true,
    });
    const failed = lines.find((line) => line['path'] === bad);
    expect(failed).toMatchObject({
      ok: false,
      error: { code: 'SIGMA_RULE_INVALID', line: 6, key: 'detection.selection.Image|contians' },
    });
    expect(lines.find((line) => line['path'] === placeholder)).toMatchObject({
      ok: true,
      warning: {
        code: 'SIGMA_PLACEHOLDER_UNRESOLVED',
        line: 8,
        key: 'detection.filter.IpAddress|expand',
      },
    });
    expect(lines.at(-1)).toEqual({ summary: { rules: 3, ok: 2, failed: 1, inert: 1 } });
  });

  it('exits 2 without paths', async () => {
    expect(await main(['sigma', 'check'], testIo().io)).toBe(2);
  });
});

describe('openmdr sigma match', () => {
  it('prints one line per match with the 0-based event line, from stdin', async () => {
    const events = [
      JSON.stringify({
        Channel: 'Microsoft-Windows-Sysmon/Operational',
        EventID: 1,
        Image: 'C:\\Windows\\whoami.exe',
      }),
      JSON.stringify({
        Channel: 'Microsoft-Windows-Sysmon/Operational',
        EventID: 1,
        Image: 'C:\\Windows\\cmd.exe',
      }),
      'not json',
      JSON.stringify({
        Event: {
          System: { Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1 },
          EventData: { Image: 'C:\\x\\WHOAMI.EXE' },
        },
      }),
    ].join('\n');
    const run = testIo(events);
    expect(await main(['sigma', 'match', '--rules', good, '--events', '-'], run.io)).toBe(1);
    expect(run.lines()).toEqual([
      {
        event: 0,
        rule_id: '11111111-1111-4111-8111-111111111111',
        title: 'Whoami',
        level: 'medium',
      },
    ]);
    expect(run.err()).toContain('"event":2');
    const winlog = testIo(events.split('\n')[3]);
    expect(
      await main(
        ['sigma', 'match', '--rules', good, '--events', '-', '--input', 'winlog'],
        winlog.io,
      ),
    ).toBe(0);
    expect(winlog.lines()).toHaveLength(1);
  });

  it('reports inert rules (placeholders without values) on stderr, exit code unchanged', async () => {
    const run = testIo(
      JSON.stringify({ Channel: 'Security', EventID: 4624, IpAddress: '10.0.0.1' }),
    );
    expect(await main(['sigma', 'match', '--rules', placeholder, '--events', '-'], run.io)).toBe(0);
    expect(run.lines()).toEqual([]);
    expect(JSON.parse(run.err())).toMatchObject({
      rule_warning: { code: 'SIGMA_PLACEHOLDER_UNRESOLVED' },
    });
  });

  it('exits 2 on usage errors', async () => {
    expect(await main(['sigma', 'match', '--events', '-'], testIo().io)).toBe(2);
    expect(
      await main(
        ['sigma', 'match', '--rules', good, '--events', '-', '--input', 'xml'],
        testIo().io,
      ),
    ).toBe(2);
  });
});
