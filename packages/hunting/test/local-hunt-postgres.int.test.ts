import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileSigmaRules, loadSigmaRules, type SigmaRule } from '@openmdr/detections';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLocalHuntRunner,
  loadPostgresEvents,
  runHunt,
  runLocalHunt,
  type SqlQueryFunction,
} from '../src/index.js';
import { HAS_REGRESSION, REGRESSION_DIR, SIGMA_DIR } from './shared-dir.js';

/**
 * The regression-dev events in a real PostgreSQL server (`OPENMDR_TEST_PG_URL`, set by
 * `.ci/services.sh start`), hunted with the postgres backend: the hits equal the streaming
 * engine's. Skips without the server or without the shared regression set.
 */
const url = process.env['OPENMDR_TEST_PG_URL'];

interface RegressionCase {
  rule_path: string;
  events_flat_file: string;
}

const hitKey = (event: number, ruleId: string | null | undefined) => `${event}\u0000${ruleId}`;

describe.skipIf(!url || !HAS_REGRESSION)('regression-dev on real PostgreSQL', () => {
  const schema = `openmdr_hunt_${randomUUID().replace(/-/g, '')}`;
  let sql: postgres.Sql;
  let query: SqlQueryFunction;
  let rules: SigmaRule[];
  let expected: Set<string>;

  beforeAll(async () => {
    const admin = postgres(url as string, { onnotice: () => {} });
    await admin.unsafe(`CREATE SCHEMA "${schema}"`);
    await admin.end();
    // Every pooled connection reads and writes the test's own schema.
    sql = postgres(url as string, { onnotice: () => {}, connection: { search_path: schema } });
    query = async (text, params) => ({
      rows: [...(await sql.unsafe(text, (params ?? []) as postgres.ParameterOrJSON<never>[]))],
    });
    const cases = readFileSync(join(REGRESSION_DIR, 'cases.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as RegressionCase);
    const loaded = await loadSigmaRules(
      cases.map((c) => join(SIGMA_DIR, 'sigmahq', c.rule_path)),
      { skipStatuses: [] },
    );
    expect(loaded.errors).toEqual([]);
    rules = [...loaded.rules];
    const events = cases.flatMap((c) =>
      readFileSync(join(REGRESSION_DIR, c.events_flat_file), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as unknown),
    );
    const engine = compileSigmaRules(rules);
    expected = new Set();
    events.forEach((event, line) => {
      for (const match of engine.match(event, { input: 'flat' })) {
        expected.add(hitKey(line, match.ruleId));
      }
    });
    const report = await loadPostgresEvents(query, events);
    expect(report.rows).toBe(events.length);
  });

  afterAll(async () => {
    await sql?.end();
    const admin = postgres(url as string, { onnotice: () => {} });
    await admin.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  it('runLocalHunt: every rule converts and runs, and the (event, rule) hits equal the engine', async () => {
    const result = await runLocalHunt({
      rules,
      backend: 'postgres',
      db: { kind: 'postgres', query },
    });
    expect(result.conversionFailures.map((failure) => failure.message)).toEqual([]);
    expect(result.queryFailures).toEqual([]);
    const actual = new Set(result.hits.map((hit) => hitKey(hit.event, hit.rule_id)));
    expect([...actual].filter((hit) => !expected.has(hit)).sort()).toEqual([]);
    expect([...expected].filter((hit) => !actual.has(hit)).sort()).toEqual([]);
    expect(actual.size).toBeGreaterThanOrEqual(rules.length);
  });

  it('createLocalHuntRunner: a hunt of the rules finds the same hits', async () => {
    const result = await runHunt(
      {
        id: 'regression',
        tenant: 'acme',
        name: 'regression-dev',
        rules,
        target: 'postgres',
        range: { from: 0, to: 8.64e15 },
      },
      createLocalHuntRunner({ db: { kind: 'postgres', query }, backend: 'postgres' }),
    );
    expect(result.failures).toEqual([]);
    const actual = new Set(
      result.hits.map((hit) => hitKey(Number(hit.event['_line']), hit.rule_id)),
    );
    expect([...actual].filter((hit) => !expected.has(hit)).sort()).toEqual([]);
    expect([...expected].filter((hit) => !actual.has(hit)).sort()).toEqual([]);
  });
});
