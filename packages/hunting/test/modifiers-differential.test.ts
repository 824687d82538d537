import { compileSigmaRules } from '@openmdr/detections';
import { describe, expect, it } from 'vitest';
import { runLocalHunt } from '../src/index.js';
import { MODIFIER_EVENTS, modifierRules } from './modifier-rules.js';

const key = (event: number, rule: string | null | undefined) => `${event}:${rule}`;

describe('generated events: SQL hits equal the engine hits for every modifier', () => {
  const rules = modifierRules();
  const engine = compileSigmaRules(rules);
  expect(engine.errors).toEqual([]);
  const expected = new Set<string>();
  MODIFIER_EVENTS.forEach((event, line) => {
    for (const match of engine.match(event, { input: 'flat' }))
      expected.add(key(line, match.ruleId));
  });

  it('the events exercise every rule', () => {
    const matched = new Set([...expected].map((hit) => hit.split(':')[1]));
    const never = rules.filter((rule) => !matched.has(rule.id) && rule.title !== 'linuxOnly');
    expect(never.map((rule) => rule.title)).toEqual([]);
  });

  for (const backend of ['duckdb', 'postgres'] as const) {
    it(`${backend}: equal hits; what does not convert is reported`, async () => {
      const result = await runLocalHunt({ rules, events: MODIFIER_EVENTS, backend });
      expect(result.queryFailures).toEqual([]);
      const failed = new Set(result.conversionFailures.map((failure) => failure.problem.ruleId));
      expect([...failed]).toEqual([]);
      const actual = new Set(result.hits.map((hit) => key(hit.event, hit.rule_id)));
      const wanted = new Set([...expected].filter((hit) => !failed.has(hit.split(':')[1] ?? '')));
      expect([...actual].filter((hit) => !wanted.has(hit)).sort()).toEqual([]);
      expect([...wanted].filter((hit) => !actual.has(hit)).sort()).toEqual([]);
    });
  }

  it('hits are sorted like sigma match: by event, then by rule order', async () => {
    const result = await runLocalHunt({ rules, events: MODIFIER_EVENTS, backend: 'duckdb' });
    const order = new Map(rules.map((rule, index) => [rule.id, index]));
    const ranks = result.hits.map((hit) => [hit.event, order.get(hit.rule_id ?? '') ?? -1]);
    const sorted = [...ranks].sort(
      (a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number),
    );
    expect(ranks).toEqual(sorted);
    expect(result.hits[0]).toMatchObject({ level: 'medium' });
  });
});
