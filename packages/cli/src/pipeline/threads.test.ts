import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testIo } from '../commands/test-io.js';
import { main } from '../main.js';
import { createChunkPool } from './chunk-pool.js';
import { CHUNK_BYTES } from './jsonl-chunks.js';
import { WorkerFailedError } from './worker-error.js';

const directory = mkdtempSync(join(tmpdir(), 'openmdr-threads-'));
const rule = (name: string, text: string) => {
  writeFileSync(join(directory, `${name}.yml`), text);
  return join(directory, `${name}.yml`);
};
const whoami = rule(
  'whoami',
  `title: Whoami
id: 11111111-1111-4111-8111-111111111111
level: medium
status: test
logsource: {product: windows, category: process_creation}
detection:
  selection:
    Image|endswith: '\\whoami.exe'
  condition: selection
`,
);
const encoded = rule(
  'encoded',
  `title: Encoded PowerShell
id: 22222222-2222-4222-8222-222222222222
level: high
logsource: {product: windows, category: process_creation}
detection:
  selection:
    CommandLine|contains: ' -enc '
  condition: selection
`,
);

/** A Sysmon process creation as exported ({"Event":{"System","EventData"}}). */
function winlog(index: number): string {
  const image = [
    'C:\\Windows\\System32\\whoami.exe',
    'C:\\Windows\\notepad.exe',
    'C:\\x\\powershell.exe',
  ][index % 3] as string;
  return JSON.stringify({
    Event: {
      System: {
        Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon' } },
        EventID: 1,
        Channel: 'Microsoft-Windows-Sysmon/Operational',
        Computer: `host-${index % 7}.example.org`,
        TimeCreated: { '#attributes': { SystemTime: '2026-01-02T03:04:05.000Z' } },
      },
      EventData: {
        Data: [
          { '#attributes': { Name: 'UtcTime' }, '#text': '2026-01-02 03:04:05.000' },
          { '#attributes': { Name: 'ProcessId' }, '#text': String(1000 + index) },
          { '#attributes': { Name: 'Image' }, '#text': image },
          {
            '#attributes': { Name: 'CommandLine' },
            '#text': `${image} ${index % 5 === 0 ? '-enc AAAA' : '/all'} ${'x'.repeat(300)}`,
          },
          { '#attributes': { Name: 'User' }, '#text': `CORP\\user${index % 4}` },
        ],
      },
    },
  });
}

// More than two chunks of lines, with a bad line and a non-object in later chunks.
const lines = Array.from({ length: Math.ceil((2.5 * CHUNK_BYTES) / 700) }, (_, index) =>
  winlog(index),
);
lines[2500] = '{"Event": broken';
lines[3400] = '[1, 2]';
lines[3401] = '';
const events = join(directory, 'events.jsonl');
writeFileSync(events, `${lines.join('\n')}\n`);

async function run(args: string[], stdin = '') {
  const io = testIo(stdin);
  const code = await main(args, io.io);
  return { code, out: io.out(), err: io.err() };
}

describe('--threads', () => {
  it('sigma match: ordered output from workers equals --threads 1, from a file and stdin', async () => {
    const args = ['sigma', 'match', '--rules', whoami, encoded, '--input', 'winlog'];
    const single = await run([...args, '--events', events, '--threads', '1']);
    expect(single.code).toBe(1);
    expect(single.err).toContain('{"event":2500,"error":"not JSON');
    expect(single.err).toContain('{"event":3400,"error":"not a JSON object"}');
    const matched = single.out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).event as number);
    expect(matched.length).toBeGreaterThan(lines.length / 3);
    expect(matched.at(-1)).toBeGreaterThan(3400);
    expect(matched).toEqual([...matched].sort((a, b) => a - b));
    expect(await run([...args, '--events', events, '--threads', '2'])).toEqual(single);
    const text = `${lines.join('\n')}\n`;
    expect(await run([...args, '--events', '-', '--threads', '2'], text)).toEqual(single);
  });

  it('normalize: ordered output from workers equals --threads 1', async () => {
    const single = await run(['normalize', '--source', 'windows', '--threads', '1', events]);
    expect(single.code).toBe(1);
    const output = single.out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    // The blank line is skipped; the array line is two records (errors: they are no Event records).
    expect(output.length).toBe(lines.length);
    expect(output[2500]).toMatchObject({ error: { code: 'INVALID_JSON' }, line: 2501 });
    expect(output[0].class_uid).toBe(1007);
    expect(await run(['normalize', '--source', 'windows', '--threads', '2', events])).toEqual(
      single,
    );
    expect(
      await run(
        ['normalize', '--source', 'windows', '--threads', '2', '-'],
        `${lines.join('\n')}\n`,
      ),
    ).toEqual(single);
  });

  it('detect: ordered findings from workers equal --threads 1', async () => {
    const args = ['detect', '--rules', whoami, encoded, '--input', 'winlog', '--events', events];
    const single = await run([...args, '--threads', '1']);
    expect(single.code).toBe(1);
    expect(single.err).toContain(`${events}:2501: not JSON`);
    expect(single.err).toContain(`${events}:3401: not a JSON object`);
    expect(single.out).toContain('"kind":"finding"');
    expect(await run([...args, '--threads', '2'])).toEqual(single);
  });

  it('a worker that cannot start is a clear error, not a hang', async () => {
    const pool = createChunkPool<string, string>({
      base: import.meta.url,
      worker: 'no-such-worker',
      setup: {},
      threads: 2,
      local: async () => (task) => task,
    });
    const started = await pool.ready().catch((error: unknown) => error);
    expect(WorkerFailedError.isInstance(started)).toBe(true);
    expect((started as WorkerFailedError).code).toBe('CLI_WORKER_FAILED');
    await expect(pool.run('x')).rejects.toThrow(/worker/);
    await pool.close();
  });
});
