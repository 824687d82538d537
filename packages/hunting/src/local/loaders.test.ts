import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { PGlite } from '@electric-sql/pglite';
import { parseSigmaYaml, type SigmaRule } from '@openmdr/detections';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDuckDbJsonLines, loadDuckDbParquet } from './duckdb-events.js';
import { loadPostgresJsonLines, type SqlQueryFunction } from './postgres-events.js';
import { runLocalHunt } from './run-local-hunt.js';

const directory = mkdtempSync(join(tmpdir(), 'openmdr-hunt-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const lines = [
  JSON.stringify({
    Channel: 'Microsoft-Windows-Sysmon/Operational',
    EventID: 1,
    Image: 'C:\\a\\cmd.exe',
  }),
  'not json',
  '',
  JSON.stringify({
    Channel: 'Microsoft-Windows-Sysmon/Operational',
    EventID: 1,
    Image: 'C:\\a\\calc.exe',
  }),
  JSON.stringify({
    Channel: 'Microsoft-Windows-Sysmon/Operational',
    EventID: 1,
    Image: 'D:\\CMD.EXE',
  }),
];
const file = join(directory, 'events.jsonl');
writeFileSync(file, `${lines.join('\n')}\n`);

const { documents } = parseSigmaYaml(`title: cmd
id: 00000000-0000-4000-8000-000000000010
level: high
logsource: {product: windows, category: process_creation}
detection:
  sel:
    Image|endswith: '\\cmd.exe'
  condition: sel
---
title: unconvertible on PostgreSQL
id: 00000000-0000-4000-8000-000000000011
logsource: {product: windows, category: process_creation}
detection:
  sel:
    CommandLine|re: '\\pL+'
  condition: sel
`);
const rules = documents as SigmaRule[];
const expected = [
  { event: 0, rule_id: '00000000-0000-4000-8000-000000000010', title: 'cmd', level: 'high' },
  { event: 4, rule_id: '00000000-0000-4000-8000-000000000010', title: 'cmd', level: 'high' },
];

describe('local hunts over loaded tables', () => {
  it('DuckDB: JSON lines keep their line numbers; bad lines are reported', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const report = await loadDuckDbJsonLines(connection, file);
    expect(report.rows).toBe(3);
    expect(report.errors).toEqual([{ line: 1, error: expect.stringContaining('not JSON') }]);
    const result = await runLocalHunt({
      rules,
      backend: 'duckdb',
      db: { kind: 'duckdb', connection },
    });
    expect(result.hits).toEqual(expected);
    expect(result.conversionFailures).toEqual([]);
    connection.closeSync();
    instance.closeSync();
  });

  it('DuckDB: Parquet events (read_parquet), line = row number', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const parquet = join(directory, 'events.parquet');
    await connection.run(
      `COPY (SELECT * FROM (VALUES ('Microsoft-Windows-Sysmon/Operational', 1, 'C:\\x\\cmd.exe'), ('Microsoft-Windows-Sysmon/Operational', 1, 'C:\\x\\calc.exe')) AS t("Channel", "EventID", "Image")) TO '${parquet}' (FORMAT parquet)`,
    );
    const report = await loadDuckDbParquet(connection, parquet);
    expect(report.rows).toBe(2);
    const result = await runLocalHunt({
      rules,
      backend: 'duckdb',
      db: { kind: 'duckdb', connection },
    });
    expect(result.hits.map((hit) => hit.event)).toEqual([0]);
    connection.closeSync();
    instance.closeSync();
  });

  it('events from a file path: JSON lines into PGlite, Parquet into DuckDB', async () => {
    const fromJsonLines = await runLocalHunt({ rules, backend: 'postgres', events: file });
    expect(fromJsonLines.hits).toEqual(expected);
    const parquet = join(directory, 'events.parquet');
    const fromParquet = await runLocalHunt({ rules, backend: 'duckdb', events: parquet });
    expect(fromParquet.hits.map((hit) => hit.event)).toEqual([0]);
  });

  it('PostgreSQL through a pg-style query function (PGlite here)', async () => {
    const pglite = new PGlite();
    const query: SqlQueryFunction = (sql, params) => pglite.query(sql, params);
    const report = await loadPostgresJsonLines(query, file, { table: 'hunt_events' });
    expect(report.rows).toBe(3);
    const result = await runLocalHunt({
      rules,
      backend: 'postgres',
      db: { kind: 'postgres', query },
      table: 'hunt_events',
    });
    expect(result.hits).toEqual(expected);
    // The rule PostgreSQL cannot express is reported, not dropped.
    expect(result.conversionFailures.map((failure) => failure.problem.ruleId)).toEqual([
      '00000000-0000-4000-8000-000000000011',
    ]);
    await pglite.close();
  });
});
