import { compileSigmaRules, parseSigmaYaml, type SigmaRule } from '@openmdr/detections';
import { describe, expect, it } from 'vitest';
import { runLocalHunt } from '../src/index.js';

const process = (
  path: string,
  cmd: string,
  parent: string,
  extra: Record<string, unknown> = {},
) => ({
  class_uid: 1007,
  activity_id: 1,
  device: { hostname: 'ws1', os: { type_id: 100 } },
  metadata: { log_provider: 'Microsoft-Windows-Security-Auditing', event_code: '4688' },
  process: {
    file: { path, name: path.split('\\').pop() },
    cmd_line: cmd,
    parent_process: { file: { path: parent } },
  },
  ...extra,
});

/** OCSF Process Activity events (launch), one file event, and one Linux process. */
const EVENTS: readonly unknown[] = [
  process('C:\\Windows\\System32\\cmd.exe', 'cmd /c whoami', 'C:\\Windows\\explorer.exe'),
  process(
    'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    'powershell -enc AAAA',
    'C:\\Windows\\System32\\cmd.exe',
  ),
  process('C:\\Tools\\x.exe', 'x.exe', 'C:\\Windows\\System32\\cmd.exe', {
    unmapped: { OriginalFileName: 'psexec.c' },
  }),
  { ...process('/usr/bin/bash', 'bash -c id', '/usr/sbin/sshd'), device: { os: { type_id: 200 } } },
  {
    class_uid: 1001,
    activity_id: 1,
    device: { os: { type_id: 100 } },
    actor: { process: { file: { path: 'C:\\Windows\\System32\\cmd.exe' } } },
    file: { path: 'C:\\Users\\Public\\evil.ps1', type_id: 1 },
  },
];

const { documents } = parseSigmaYaml(
  [
    ['cmd', 'process_creation', `Image|endswith: '\\cmd.exe'`],
    ['encoded', 'process_creation', `CommandLine|contains: ' -enc '`],
    ['parent', 'process_creation', `ParentImage|endswith: '\\cmd.exe'`],
    ['unmapped', 'process_creation', `OriginalFileName: 'psexec.c'`],
    ['file', 'file_event', `TargetFilename|endswith: '.ps1'`],
    ['file image', 'file_event', `Image|endswith: '\\cmd.exe'`],
  ]
    .map(
      ([title, category, item], index) =>
        `title: ${title}\nid: 00000000-0000-4000-8000-0000000001${String(index).padStart(2, '0')}\nlogsource: {product: windows, category: ${category}}\ndetection:\n  sel:\n    ${item}\n  condition: sel\n`,
    )
    .join('---\n'),
);
const rules = documents as SigmaRule[];

describe('OCSF events with dotted columns: SQL hits equal the engine hits', () => {
  const engine = compileSigmaRules(rules);
  const expected = new Set<string>();
  EVENTS.forEach((event, line) => {
    for (const match of engine.match(event, { input: 'ocsf' }))
      expected.add(`${line}:${match.ruleId}`);
  });

  it('the engine finds every rule', () => {
    expect(new Set([...expected].map((hit) => hit.split(':')[1])).size).toBe(rules.length);
  });

  for (const backend of ['duckdb', 'postgres'] as const) {
    it(backend, async () => {
      const result = await runLocalHunt({ rules, events: EVENTS, backend, input: 'ocsf' });
      expect(result.conversionFailures).toEqual([]);
      expect(result.queryFailures).toEqual([]);
      expect(new Set(result.hits.map((hit) => `${hit.event}:${hit.rule_id}`))).toEqual(expected);
    });
  }
});
