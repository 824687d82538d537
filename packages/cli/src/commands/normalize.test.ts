import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';
import {
  createNormalizeCommand,
  type NormalizeSource,
  windowsNormalizeSource,
} from './normalize.js';

async function run(argv: string[], stdin = '') {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdin: Readable.from([stdin]),
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
  });
  return { code, lines: stdout.split('\n').filter((line) => line !== ''), stderr };
}

// The Windows records come from the shared regression set (`../shared` beside the repository,
// or OPENMDR_SHARED_DIR); without it these tests are skipped, as the other corpus tests are.
const sharedDirectory =
  process.env['OPENMDR_SHARED_DIR'] ??
  fileURLToPath(new URL('../../../../../shared/', import.meta.url));
const eventsDirectory = join(sharedDirectory, 'sigma', 'regression-dev', 'events');
const sysmonFile = join(eventsDirectory, '271de298-cc0e-4842-acd8-079a0a99ea65.jsonl');
const sysmonRecord = existsSync(sysmonFile) ? readFileSync(sysmonFile, 'utf8').trim() : '';

describe.skipIf(sysmonRecord === '')('openmdr normalize', () => {
  it('writes one valid OCSF event per record read from standard input', async () => {
    const { code, lines } = await run(
      ['normalize', '--source', 'windows', '-'],
      `${sysmonRecord}\n\n${sysmonRecord}\n`,
    );
    expect(code).toBe(0);
    expect(lines).toHaveLength(2);
    const event = JSON.parse(lines[0] as string) as Record<string, unknown>;
    expect(event).toMatchObject({
      class_uid: 1007,
      process: { file: { path: 'C:\\Windows\\System32\\cmd.exe' } },
    });
    expect(validateOcsfEvent(event, { mode: 'strict' }).ok).toBe(true);
    expect(event.raw_data).toBeUndefined();
  });

  it('writes an error line for each record it cannot normalise and exits 1', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'openmdr-normalize-'));
    const file = join(directory, 'records.jsonl');
    writeFileSync(
      file,
      [sysmonRecord, '{"Event":{"System":{"EventID":1}}}', 'not json', sysmonRecord].join('\n'),
    );
    const { code, lines } = await run([
      'normalize',
      '--source=windows',
      '--raw-data',
      '--validate',
      file,
    ]);
    expect(code).toBe(1);
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[1] as string)).toEqual({
      error: {
        code: 'NORMALIZE_FAILED',
        message: 'Event.System.Provider has no Name',
        path: 'Event.System.Provider.#attributes.Name',
      },
      line: 2,
    });
    expect(JSON.parse(lines[2] as string)).toMatchObject({
      error: { code: 'INVALID_JSON' },
      line: 3,
    });
    expect(JSON.parse(lines[3] as string)).toMatchObject({
      class_uid: 1007,
      raw_data: expect.any(String),
    });
  });

  it('rejects a missing or unknown source and an unreadable file as usage errors', async () => {
    expect((await run(['normalize'])).code).toBe(2);
    const unknown = await run(['normalize', '--source', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown source 'nope' (known: windows");
    expect((await run(['normalize', '--source', 'windows', '/nonexistent/file.jsonl'])).code).toBe(
      2,
    );
  });

  it('takes further sources from a registry', async () => {
    const upper: NormalizeSource = {
      id: 'test',
      summary: 'test records',
      normalize: (raw) => {
        if (typeof raw !== 'object' || raw === null) throw new TypeError('not an object');
        return { ...(raw as Record<string, unknown>), normalized: true };
      },
    };
    const command = createNormalizeCommand([windowsNormalizeSource, upper]);
    let stdout = '';
    const code = await command.run(['--source', 'test'], {
      stdin: Readable.from(['{"a":1}\n2\n']),
      stdout: { write: (chunk: string) => (stdout += chunk) },
      stderr: { write: () => true },
    });
    expect(code).toBe(1);
    expect(
      stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([
      { a: 1, normalized: true },
      { error: { code: 'NORMALIZE_FAILED', message: 'not an object' }, line: 2 },
    ]);
  });
});
