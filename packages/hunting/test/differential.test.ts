import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileSigmaRules, loadSigmaRules, type SigmaRule } from '@openmdr/detections';
import { beforeAll, describe, expect, it } from 'vitest';
import { type LocalHuntResult, runLocalHunt } from '../src/index.js';
import { ACTIVE_RULE_FOLDERS, HAS_REGRESSION, REGRESSION_DIR, SIGMA_DIR } from './shared-dir.js';

interface RegressionCase {
  rule_path: string;
  events_flat_file: string;
}

const hitKey = (event: number, ruleId: string | null | undefined) => `${event}\u0000${ruleId}`;

/** The engine's hits, as `openmdr sigma match` computes them (flat input). */
function engineHits(rules: readonly SigmaRule[], events: readonly unknown[]): Set<string> {
  const engine = compileSigmaRules(rules);
  const hits = new Set<string>();
  events.forEach((event, line) => {
    for (const match of engine.match(event, { input: 'flat' }))
      hits.add(hitKey(line, match.ruleId));
  });
  return hits;
}

function sqlHits(result: LocalHuntResult): Set<string> {
  return new Set(result.hits.map((hit) => hitKey(hit.event, hit.rule_id)));
}

describe.skipIf(!HAS_REGRESSION)('regression-dev: SQL hits equal the engine hits', () => {
  let rules: SigmaRule[];
  let events: unknown[];
  let expected: Set<string>;
  beforeAll(async () => {
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
    events = cases.flatMap((c) =>
      readFileSync(join(REGRESSION_DIR, c.events_flat_file), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as unknown),
    );
    expected = engineHits(rules, events);
  });

  for (const backend of ['duckdb', 'postgres'] as const) {
    it(`${backend}: every rule converts and the (event, rule) hits are equal`, async () => {
      const result = await runLocalHunt({ rules, events, backend, input: 'flat' });
      expect(result.conversionFailures.map((failure) => failure.message)).toEqual([]);
      expect(result.queryFailures).toEqual([]);
      const actual = sqlHits(result);
      expect([...actual].filter((hit) => !expected.has(hit)).sort()).toEqual([]);
      expect([...expected].filter((hit) => !actual.has(hit)).sort()).toEqual([]);
      // Every case's rule matches at least one of its events.
      expect(actual.size).toBeGreaterThanOrEqual(rules.length);
    });
  }
});

describe.skipIf(!HAS_REGRESSION || ACTIVE_RULE_FOLDERS.length === 0)(
  'every active SigmaHQ rule over the regression events',
  () => {
    let rules: SigmaRule[];
    let events: unknown[];
    let expected: Set<string>;
    beforeAll(async () => {
      rules = [...(await loadSigmaRules(ACTIVE_RULE_FOLDERS)).rules];
      const cases = readFileSync(join(REGRESSION_DIR, 'cases.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as RegressionCase);
      events = cases.flatMap((c) =>
        readFileSync(join(REGRESSION_DIR, c.events_flat_file), 'utf8')
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map((line) => JSON.parse(line) as unknown),
      );
      expected = engineHits(rules, events);
    });

    for (const backend of ['duckdb', 'postgres'] as const) {
      it(`${backend}: converts all but unresolved placeholders, runs every query, equal hits`, async () => {
        const result = await runLocalHunt({ rules, events, backend, input: 'flat' });
        expect(result.queryFailures).toEqual([]);
        const reasons = result.conversionFailures.map((failure) => failure.problem.reason);
        expect(reasons.filter((reason) => !/has no configured value/.test(reason))).toEqual([]);
        expect(result.queries.length).toBeGreaterThan(rules.length * 0.99);
        const converted = new Set(result.queries.map((query) => query.ruleId));
        const wanted = new Set(
          [...expected].filter((hit) => converted.has(hit.split('\u0000')[1] ?? '')),
        );
        const actual = sqlHits(result);
        expect([...actual].filter((hit) => !wanted.has(hit)).sort()).toEqual([]);
        expect([...wanted].filter((hit) => !actual.has(hit)).sort()).toEqual([]);
      }, 120_000);
    }
  },
);
