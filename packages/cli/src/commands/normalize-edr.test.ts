import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';

const fixture = (connector: string, name: string) =>
  JSON.parse(
    readFileSync(
      new URL(`../../../connectors/${connector}/src/__fixtures__/${name}.json`, import.meta.url),
      'utf8',
    ),
  ) as unknown[];

async function run(argv: string[], records: readonly unknown[]) {
  let stdout = '';
  const code = await main(argv, {
    stdin: Readable.from([records.map((record) => JSON.stringify(record)).join('\n')]),
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: () => true },
  });
  return {
    code,
    lines: stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line)),
  };
}

describe('openmdr normalize --source for the EDR connectors', () => {
  const cases = [
    ['crowdstrike', 'crowdstrike/alerts', 'alerts', 2004],
    ['crowdstrike', 'crowdstrike/hosts', 'hosts', 5001],
    ['defender', 'defender/alerts', 'endpoint-alerts', 2004],
    ['defender', 'defender/machines', 'machines', 5001],
    ['defender', 'defender/xdr-alerts', 'xdr-alerts', 2004],
    ['defender', 'defender/incidents', 'incidents', 2005],
    ['sentinelone', 'sentinelone/threats', 'threats', 2004],
    ['sentinelone', 'sentinelone/agents', 'agents', 5001],
  ] as const;

  it.each(cases)(
    '%s: --source %s writes one valid event per record',
    async (connector, source, file, classUid) => {
      const records = fixture(connector, file);
      const { code, lines } = await run(
        ['normalize', '--source', source, '--validate', '-'],
        records,
      );
      expect(code).toBe(0);
      expect(lines).toHaveLength(records.length);
      for (const event of lines) {
        expect(event.class_uid).toBe(classUid);
        expect(validateOcsfEvent(event, { mode: 'strict' }).ok).toBe(true);
      }
    },
  );

  it('tells the streams apart with the connector id alone and reports bad records', async () => {
    const records = [
      ...fixture('defender', 'machines').slice(0, 2),
      { unrelated: true },
      ...fixture('defender', 'incidents').slice(0, 2),
    ];
    const { code, lines } = await run(['normalize', '--source', 'defender', '-'], records);
    expect(code).toBe(1);
    expect(lines.map((line) => line.class_uid ?? line.error.code)).toEqual([
      5001,
      5001,
      'NORMALIZE_FAILED',
      2005,
      2005,
    ]);
    expect(lines[2]).toMatchObject({ line: 3, error: { path: '(record)' } });
  });
});
