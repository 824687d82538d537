import { DuckDBInstance } from '@duckdb/node-api';
import { PGlite } from '@electric-sql/pglite';
import {
  compileCorrelations,
  compileSigmaRules,
  convertSigmaCorrelation,
  correlationFromDocument,
  parseSigmaYaml,
  type SigmaCorrelationDocument,
  type SigmaRule,
} from '@openmdr/detections';
import { describe, expect, it } from 'vitest';
import { eventRows, loadDuckDbRows, loadPostgresRows } from '../src/index.js';

// The same events through the streaming correlator and through the correlation queries the
// SQL converters write: every correlation type the SQL targets support must fire for the same
// groups. Events arrive in time order, as the stream would see them.
const parsed = parseSigmaYaml(
  `title: Failed logon
id: 10000000-0000-4000-8000-000000000001
logsource: {product: windows, service: security}
detection:
  selection: {EventID: 4625}
  condition: selection
---
title: Successful logon
name: success
id: 10000000-0000-4000-8000-000000000002
logsource: {product: windows, service: security}
detection:
  selection: {EventID: 4624}
  condition: selection
---
title: Many failures
id: 20000000-0000-4000-8000-000000000001
correlation: {type: event_count, rules: [10000000-0000-4000-8000-000000000001], group-by: [TargetUserName], timespan: 2m, condition: {gte: 4}}
---
title: Exactly two failures
id: 20000000-0000-4000-8000-000000000002
correlation: {type: event_count, rules: [10000000-0000-4000-8000-000000000001], group-by: [TargetUserName], timespan: 1m, condition: {eq: 2}}
---
title: Many source addresses
id: 20000000-0000-4000-8000-000000000003
correlation: {type: value_count, rules: [success, 10000000-0000-4000-8000-000000000001], group-by: [TargetUserName], timespan: 5m, condition: {gte: 3, field: IpAddress}}
---
title: Failures then success
id: 20000000-0000-4000-8000-000000000004
correlation: {type: temporal, rules: [10000000-0000-4000-8000-000000000001, success], group-by: [TargetUserName, WorkstationName], timespan: 90s}
---
title: Logon type sum
id: 20000000-0000-4000-8000-000000000005
correlation: {type: value_sum, rules: [success], group-by: [TargetUserName], timespan: 3m, condition: {gt: 20, field: LogonType}}
---
title: Logon type average
id: 20000000-0000-4000-8000-000000000006
correlation: {type: value_avg, rules: [success], group-by: [WorkstationName], timespan: 10m, condition: {gte: 7, lte: 9, field: LogonType}}
---
title: Burst on any account
id: 20000000-0000-4000-8000-000000000007
correlation: {type: event_count, rules: [10000000-0000-4000-8000-000000000001], timespan: 20s, condition: {gte: 5}}
`,
  'correlations.yml',
);
expect(parsed.errors).toEqual([]);
const rules = parsed.documents.filter((d): d is SigmaRule => d.kind === 'rule');
const correlations = parsed.documents
  .filter((d): d is SigmaCorrelationDocument => d.kind === 'correlation')
  .map(correlationFromDocument);

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Enough accounts that a condition holds for some groups and not others. */
const USERS = Array.from({ length: 24 }, (_, index) => `user${index}`);

/** Security-channel logons in time order: bursts of failures, successes, several hosts. */
function logons(seed: number, count: number): Record<string, unknown>[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  let time = Date.parse('2026-12-01T00:00:00Z');
  return Array.from({ length: count }, () => {
    // Mostly seconds apart, sometimes minutes, sometimes the same instant.
    const gap = next();
    time += gap < 0.1 ? 0 : gap < 0.9 ? Math.floor(next() * 4_000) : Math.floor(next() * 400_000);
    return {
      Channel: 'Security',
      EventID: next() < 0.6 ? 4625 : 4624,
      UtcTime: new Date(time).toISOString(),
      TargetUserName: pick(USERS),
      WorkstationName: pick(['WS-1', 'WS-2']),
      IpAddress: pick(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '192.0.2.7']),
      LogonType: pick([2, 3, 3, 10, 11, '']),
    };
  });
}

/** Correlation id → the groups (JSON of the group-by values) the stream alerted on. */
function streamed(events: readonly Record<string, unknown>[]): Map<string, Set<string>> {
  const engine = compileSigmaRules(rules);
  const set = compileCorrelations(correlations, {
    rules: rules.map((rule) => ({ id: rule.id as string, name: rule.name })),
  });
  let state = set.initialState();
  const fired = new Map<string, Set<string>>();
  for (const event of events) {
    for (const match of engine.match(event, { input: 'flat' })) {
      const step = set.step(
        state,
        {
          ruleId: match.ruleId as string,
          ruleName: match.rule.name,
          event,
          timestamp: Date.parse(String(event['UtcTime'])),
        },
        0,
      );
      state = step.state;
      for (const alert of step.alerts) {
        const groups = fired.get(alert.correlationId) ?? new Set<string>();
        groups.add(JSON.stringify(Object.values(alert.group).map((value) => String(value))));
        fired.set(alert.correlationId, groups);
      }
    }
  }
  return fired;
}

function groupsOf(
  rows: readonly Record<string, unknown>[],
  groupBy: readonly string[],
): Set<string> {
  return new Set(rows.map((row) => JSON.stringify(groupBy.map((field) => String(row[field])))));
}

describe('correlations: the SQL queries fire for the same groups as the streaming correlator', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: DuckDB and PGlite agree with the stream for every correlation`, async () => {
      const events = logons(seed, 800);
      const expected = streamed(events);
      const rows = eventRows(events);
      const duck = await (await DuckDBInstance.create(':memory:')).connect();
      await loadDuckDbRows(duck, rows);
      const pg = new PGlite();
      const query = async (sql: string, params?: unknown[]) =>
        pg.query<Record<string, unknown>>(sql, params);
      await loadPostgresRows(query, rows);
      try {
        let fired = 0;
        for (const correlation of correlations) {
          const want = expected.get(correlation.id as string) ?? new Set<string>();
          fired += want.size;
          const duckSql = convertSigmaCorrelation(correlation, rules, 'duckdb').query;
          const duckRows = (await duck.runAndReadAll(duckSql)).getRowObjectsJS();
          expect(
            [...groupsOf(duckRows, correlation.groupBy)].sort(),
            `duckdb ${correlation.title}`,
          ).toEqual([...want].sort());
          const pgSql = convertSigmaCorrelation(correlation, rules, 'postgres').query;
          const pgRows = (await query(pgSql)).rows;
          expect(
            [...groupsOf(pgRows, correlation.groupBy)].sort(),
            `postgres ${correlation.title}`,
          ).toEqual([...want].sort());
        }
        // The events are built so that correlations do fire: the comparison is not vacuous.
        expect(fired).toBeGreaterThan(20);
      } finally {
        duck.closeSync();
        await pg.close();
      }
    });
  }
});
