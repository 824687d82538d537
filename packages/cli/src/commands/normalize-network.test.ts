import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';

const fixtureText = (connector: string, name: string) =>
  readFileSync(
    new URL(`../../../connectors/${connector}/src/__fixtures__/${name}`, import.meta.url),
    'utf8',
  );

async function run(argv: string[], input: string) {
  let stdout = '';
  const code = await main(argv, {
    stdin: Readable.from([input]),
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: () => true },
  });
  return {
    code,
    lines: stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

const jsonLines = (text: string) =>
  (JSON.parse(text) as unknown[]).map((record) => JSON.stringify(record)).join('\n');

describe('openmdr normalize --source for the network sensors', () => {
  it.each([
    ['zeek/conn', 'conn', 4001],
    ['zeek/dns', 'dns', 4003],
    ['zeek/http', 'http', 4002],
    ['zeek', 'notice', 2004],
  ] as const)(
    '--source %s reads Zeek JSON and TSV alike (%s.log)',
    async (source, log, classUid) => {
      const fromJson = await run(
        ['normalize', '--source', source, '--validate', '-'],
        jsonLines(fixtureText('zeek', `${log}.json`)),
      );
      const fromTsv = await run(
        ['normalize', '--source', source, '--validate', '-'],
        fixtureText('zeek', `${log}.log`),
      );
      expect(fromJson.code).toBe(0);
      expect(fromTsv.code).toBe(0);
      expect(fromTsv.lines).toHaveLength(fromJson.lines.length);
      for (const event of fromTsv.lines) {
        expect(event['class_uid']).toBe(classUid);
        expect(validateOcsfEvent(event, { mode: 'strict' }).ok).toBe(true);
      }
    },
  );

  it.each([
    ['alert', 2004],
    ['flow', 4001],
    ['dns', 4003],
  ] as const)('--source suricata reads EVE %s records', async (eventType, classUid) => {
    const { code, lines } = await run(
      ['normalize', '--source', 'suricata', '--validate', '-'],
      jsonLines(fixtureText('suricata', `${eventType}.json`)),
    );
    expect(code).toBe(0);
    expect(lines.length).toBeGreaterThanOrEqual(15);
    for (const event of lines) expect(event['class_uid']).toBe(classUid);
  });

  it.each([
    ['darktrace/model-breaches', 'model-breaches'],
    ['darktrace', 'ai-analyst-incidents'],
  ] as const)('--source %s reads Darktrace %s', async (source, file) => {
    const { code, lines } = await run(
      ['normalize', '--source', source, '--validate', '-'],
      jsonLines(fixtureText('darktrace', `${file}.json`)),
    );
    expect(code).toBe(0);
    expect(lines.length).toBeGreaterThanOrEqual(10);
    for (const event of lines) expect(event['class_uid']).toBe(2004);
  });
});
