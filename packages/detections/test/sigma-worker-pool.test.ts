import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSigmaWorkerPool, SigmaWorkerError } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'openmdr-sigma-pool-'));
writeFileSync(
  join(dir, 'whoami.yml'),
  `title: Whoami
id: 11111111-1111-4111-8111-111111111111
author: Tester
logsource: { product: windows, category: process_creation }
detection:
  selection: { Image|endswith: '\\whoami.exe' }
  condition: selection
level: medium
tags: [attack.discovery]
`,
);
writeFileSync(
  join(dir, 'encoded.yml'),
  `title: Encoded PowerShell
id: 22222222-2222-4222-8222-222222222222
logsource: { product: windows, category: process_creation }
detection:
  selection: { CommandLine|contains: ' -enc ' }
  condition: selection
level: high
`,
);

const event = (image: string, commandLine: string) =>
  JSON.stringify({
    EventID: 1,
    Channel: 'Microsoft-Windows-Sysmon/Operational',
    Image: image,
    CommandLine: commandLine,
  });
const lines = [
  event('C:\\Windows\\System32\\whoami.exe', 'whoami /all'),
  '',
  'not json',
  '[1,2]',
  event('C:\\x\\powershell.exe', 'powershell -enc AAAA'),
  event('C:\\x\\notepad.exe', 'notepad'),
  `${event('C:\\Windows\\whoami.exe', 'whoami -enc x')}\r`,
];
const text = `${lines.join('\n')}\n`;

const pools: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const pool of pools) await pool.close();
});

describe('createSigmaWorkerPool', () => {
  it('gives the same results from two worker threads as in-process', async () => {
    const inProcess = createSigmaWorkerPool({ rules: [dir], threads: 1 });
    const workers = createSigmaWorkerPool({ rules: [dir], threads: 2 });
    pools.push(inProcess, workers);
    expect(inProcess.threads).toBe(0);
    expect(workers.threads).toBe(2);
    const report = await workers.ready();
    expect(report).toEqual(await inProcess.ready());
    expect(report.rules.map((rule) => rule.title).sort()).toEqual(['Encoded PowerShell', 'Whoami']);

    const expected = await inProcess.matchLines(text);
    expect(expected.lines).toBe(7);
    expect(expected.events).toBe(4);
    expect(
      expected.results.map((result) => [
        result.line,
        'error' in result ? result.error.slice(0, 8) : result.matches.map((match) => match.title),
      ]),
    ).toEqual([
      [0, ['Whoami']],
      [2, 'not JSON'],
      [3, 'not a JS'],
      [4, ['Encoded PowerShell']],
      [6, expect.arrayContaining(['Whoami', 'Encoded PowerShell'])],
    ]);
    const whoami = expected.results[0] as unknown as {
      matches: { author?: string; tags: string[]; evidence: unknown[] }[];
    };
    expect(whoami.matches[0]?.author).toBe('Tester');
    expect(whoami.matches[0]?.tags).toEqual(['attack.discovery']);
    expect(whoami.matches[0]?.evidence.length).toBeGreaterThan(0);

    // Many overlapping chunks (bytes and text) come back each with its own result.
    const chunks = Array.from({ length: 12 }, (_, index) =>
      index % 2 === 0 ? new TextEncoder().encode(text) : text,
    );
    const results = await Promise.all(chunks.map((chunk) => workers.matchLines(chunk)));
    for (const result of results) expect(result).toEqual(expected);

    const events = lines.slice(4).map((line) => JSON.parse(line));
    expect(await workers.matchBatch(events)).toEqual(await inProcess.matchBatch(events));
  });

  it('rejects with a SigmaWorkerError when a worker fails, not a hang', async () => {
    const pool = createSigmaWorkerPool({ rules: [dir], threads: 2, input: 'no-such-input' });
    pools.push(pool);
    await pool.ready();
    const failure = await pool.matchLines(text).catch((error: unknown) => error);
    expect(SigmaWorkerError.isInstance(failure)).toBe(true);
    expect((failure as SigmaWorkerError).code).toBe('SIGMA_WORKER_FAILED');
    expect((failure as Error).message).toContain("no field mapping for input 'no-such-input'");
  });
});
