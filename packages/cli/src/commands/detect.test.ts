import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { detectCommand } from './detect.js';

function io() {
  let stdout = '';
  let stderr = '';
  return {
    io: {
      stdin: new PassThrough(),
      stdout: { write: (chunk: string) => (stdout += chunk) },
      stderr: { write: (chunk: string) => (stderr += chunk) },
    },
    out: () => stdout,
    err: () => stderr,
  };
}

const directory = mkdtempSync(join(tmpdir(), 'openmdr-detect-'));
const rule = join(directory, 'rule.yml');
writeFileSync(
  rule,
  `title: Encoded PowerShell
id: 2f0f2b7a-1111-4222-8333-944444444444
status: stable
author: OpenMDR tests
tags:
  - attack.execution
  - attack.t1059.001
logsource:
  category: process_creation
  product: windows
detection:
  selection:
    CommandLine|contains: ' -enc '
  condition: selection
level: high
`,
);
const intel = join(directory, 'iocs.csv');
writeFileSync(intel, 'value,type,confidence,tlp\n198.51.100.7,ip,90,amber\nnot-an-indicator!,,,\n');
const T0 = Date.parse('2026-01-01T00:00:00Z');
const base = {
  metadata: { version: '1.8.0', product: { name: 'edr' } },
  device: { hostname: 'ws-01', type_id: 2 },
  actor: { user: { name: 'alice' } },
  severity_id: 1,
};
const events = join(directory, 'events.jsonl');
writeFileSync(
  events,
  [
    JSON.stringify({
      ...base,
      class_uid: 1007,
      activity_id: 1,
      time: T0,
      process: { pid: 1, name: 'powershell.exe', cmd_line: 'powershell -enc SQBFAFgA' },
    }),
    JSON.stringify({
      ...base,
      class_uid: 4001,
      activity_id: 6,
      time: T0 + 60_000,
      src_endpoint: { ip: '10.0.0.5' },
      dst_endpoint: { ip: '198.51.100.7' },
    }),
    '{not json',
    '',
  ].join('\n'),
);

describe('openmdr detect', () => {
  it('prints scored findings and incidents as JSON lines and reports bad input', async () => {
    const capture = io();
    const code = await detectCommand.run(
      [
        '--rules',
        rule,
        '--intel',
        intel,
        '--events',
        events,
        '--input',
        'ocsf',
        '--tenant',
        'acme',
      ],
      capture.io,
    );
    expect(code).toBe(1); // a rejected indicator and a bad event line
    const lines = capture
      .out()
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            kind: string;
            finding?: Record<string, unknown>;
            incident?: Record<string, unknown>;
          },
      );
    const findings = lines
      .filter((line) => line.kind === 'finding')
      .map((line) => line.finding as Record<string, unknown>);
    const incidents = lines
      .filter((line) => line.kind === 'incident')
      .map((line) => line.incident as Record<string, unknown>);
    expect(findings.map((finding) => (finding['finding_info'] as { title: string }).title)).toEqual(
      ['Encoded PowerShell', 'Threat intelligence match: 198.51.100.7'],
    );
    for (const item of [...findings, ...incidents])
      expect(validateOcsfEvent(item, { mode: 'strict' }).ok).toBe(true);
    expect(findings[0]).toMatchObject({
      severity_id: 4,
      unmapped: { rule_author: 'OpenMDR tests' },
      metadata: { tenant_uid: 'acme' },
    });
    expect(typeof findings[0]?.['risk_score']).toBe('number');
    expect(findings[1]?.['osint']).toEqual([
      expect.objectContaining({ tlp: 'AMBER', value: '198.51.100.7' }),
    ]);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ class_uid: 2005, count: 2 });
    expect(capture.err()).toContain('indicator rejected');
    expect(capture.err()).toContain(`${events}:3: not JSON`);
  });

  it('exits 2 on usage errors', async () => {
    await expect(detectCommand.run(['--rules', rule], io().io)).rejects.toThrow(
      '--events is required',
    );
    await expect(
      detectCommand.run(['--rules', rule, '--events', events, '--input', 'xml'], io().io),
    ).rejects.toThrow('--input must be');
  });
});
