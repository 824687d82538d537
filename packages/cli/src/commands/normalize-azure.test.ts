import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';

type Row = Record<string, unknown>;

const fixture = (connector: string, name: string) =>
  JSON.parse(
    readFileSync(
      new URL(`../../../connectors/${connector}/src/__fixtures__/${name}.json`, import.meta.url),
      'utf8',
    ),
  ) as Row[];

async function run(argv: string[], stdin: string) {
  let stdout = '';
  const code = await main(argv, {
    stdin: Readable.from([stdin]),
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: () => undefined },
  });
  const lines = stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Row);
  return { code, lines };
}

describe('openmdr normalize: Azure Monitor and Defender streaming deliveries', () => {
  it('unwraps an Event Hubs {records} batch of Entra diagnostic records (entra/diagnostic)', async () => {
    const records = fixture('entra', 'diagnostic-records');
    const golden = fixture('entra', 'diagnostic-records.ocsf');
    const batch = `${JSON.stringify({ records: records.slice(0, 10) })}\n${JSON.stringify({ records: records.slice(10) })}\n`;
    const { code, lines } = await run(['normalize', '--source', 'entra/diagnostic', '-'], batch);
    expect(code).toBe(0);
    expect(lines).toEqual(golden);
  });

  it('reads a storage blob of one diagnostic record per line through --source entra', async () => {
    const records = fixture('entra', 'diagnostic-records');
    const blob = records.map((record) => JSON.stringify(record)).join('\n');
    const { code, lines } = await run(['normalize', '--source', 'entra', '--validate', '-'], blob);
    expect(code).toBe(0);
    expect(lines).toHaveLength(records.length);
  });

  it('unwraps a Defender XDR streaming API batch (defender/hunting)', async () => {
    const records = fixture('defender', 'hunting-records');
    const golden = fixture('defender', 'hunting-records.ocsf');
    const { code, lines } = await run(
      ['normalize', '--source', 'defender', '-'],
      JSON.stringify({ records }, null, 2),
    );
    expect(code).toBe(0);
    expect(lines).toEqual(golden);
    for (const line of lines) expect(validateOcsfEvent(line, { mode: 'strict' }).ok).toBe(true);
  });

  it('unwraps an Okta event hook delivery and reads events without uuid', async () => {
    const [, hook] = fixture('okta', 'deliveries/logs-deliveries');
    const [first] = fixture('okta', 'logs');
    const { uuid: _uuid, ...withoutUuid } = first as Row;
    const input = `${JSON.stringify(hook)}\n${JSON.stringify(withoutUuid)}\n`;
    const { code, lines } = await run(['normalize', '--source', 'okta', '-'], input);
    expect(code).toBe(0);
    expect(lines.map((line) => line['class_uid'])).toEqual([3002, 3001, 3002]);
    expect(lines[2]).toMatchObject({ metadata: { debug: [expect.stringMatching(/no uuid/)] } });
  });
});
