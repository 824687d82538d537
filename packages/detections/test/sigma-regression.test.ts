import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileSigmaRules, loadSigmaRules, type SigmaEngine } from '../src/index.js';
import { HAS_SIGMA_CORPUS, SIGMA_DIR } from './shared-dir.js';

interface RegressionCase {
  case_id: string;
  rule_id: string;
  rule_path: string;
  expected: { rule_matches: boolean; min_match_count: number };
  events_file: string;
  events_flat_file: string;
}

const regressionDir = join(SIGMA_DIR, 'regression-dev');
const cases: RegressionCase[] = HAS_SIGMA_CORPUS
  ? readFileSync(join(regressionDir, 'cases.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as RegressionCase)
  : [];

function readEvents(file: string): unknown[] {
  return readFileSync(join(regressionDir, file), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);
}

describe.skipIf(!HAS_SIGMA_CORPUS)('regression-dev: every case matches its rule', () => {
  let engine: SigmaEngine;
  beforeAll(async () => {
    const loaded = await loadSigmaRules(
      cases.map((c) => join(SIGMA_DIR, 'sigmahq', c.rule_path)),
      { skipStatuses: [] },
    );
    expect(loaded.errors).toEqual([]);
    engine = compileSigmaRules(loaded.rules);
    expect(engine.errors).toEqual([]);
  });

  const count = (rows: unknown[], ruleId: string, input: string) =>
    rows.filter((event) => engine.match(event, { input }).some((m) => m.ruleId === ruleId)).length;

  it.each(cases.map((c) => [c.rule_path, c] as const))('flat: %s', (_path, c) => {
    expect(count(readEvents(c.events_flat_file), c.rule_id, 'flat')).toBeGreaterThanOrEqual(
      c.expected.min_match_count,
    );
  });

  it.each(cases.map((c) => [c.rule_path, c] as const))('winlog: %s', (_path, c) => {
    expect(count(readEvents(c.events_file), c.rule_id, 'winlog')).toBeGreaterThanOrEqual(
      c.expected.min_match_count,
    );
  });

  it('routing changes nothing: the naive engine finds the same matches', async () => {
    const loaded = await loadSigmaRules(
      cases.map((c) => join(SIGMA_DIR, 'sigmahq', c.rule_path)),
      { skipStatuses: [] },
    );
    const naive = compileSigmaRules(loaded.rules, { routing: 'logsource' });
    for (const c of cases) {
      for (const event of readEvents(c.events_flat_file)) {
        const routed = engine.match(event).map((m) => m.ruleId);
        expect(routed).toEqual(naive.match(event).map((m) => m.ruleId));
      }
    }
  });

  it('compiling on demand changes nothing: same matches and evidence, rules compiled per route', async () => {
    const loaded = await loadSigmaRules(
      cases.map((c) => join(SIGMA_DIR, 'sigmahq', c.rule_path)),
      { skipStatuses: [] },
    );
    const onDemand = compileSigmaRules(loaded.rules, { validated: true });
    const eager = compileSigmaRules(loaded.rules, { validated: true, compileOnDemand: false });
    const seen = (matches: ReturnType<SigmaEngine['match']>) =>
      matches.map((m) => ({ ruleId: m.ruleId, evidence: m.evidence }));
    let matched = 0;
    // Cases in turn, flat then winlog: routes (and the fields their rules read) appear between
    // events, as they do in a stream.
    for (const c of cases) {
      for (const [file, input] of [
        [c.events_flat_file, 'flat'],
        [c.events_file, 'winlog'],
      ] as const) {
        for (const event of readEvents(file)) {
          const expected = seen(eager.match(event, { input }));
          expect(seen(onDemand.match(event, { input }))).toEqual(expected);
          matched += expected.length;
        }
      }
    }
    expect(matched).toBeGreaterThan(cases.length);
    expect(onDemand.errors).toEqual([]);
  });
});
