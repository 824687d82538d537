import { ManualClock } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import type { Hunt, HuntRunner } from './hunt.js';
import { fakeConverter, RUNDLL_RULE, UNSUPPORTED_RULE } from './hunting.test-helpers.js';
import { runHunt, runPlannedQueries } from './run-hunt.js';

const hunt: Hunt = {
  id: 'h1',
  tenant: 'acme',
  name: 'rundll32',
  rules: [RUNDLL_RULE, UNSUPPORTED_RULE],
  target: 'duckdb',
  range: { from: 0, to: 100 },
};
const convert = fakeConverter({ [RUNDLL_RULE.id ?? '']: 'SELECT * FROM events' });

describe('runHunt', () => {
  it('collects the hits of an async runner, the queries run and every failure', async () => {
    const clock = new ManualClock(50);
    const runner: HuntRunner = {
      targets: ['duckdb'],
      run: (planned, context) =>
        runPlannedQueries(
          planned,
          context,
          async function* (query) {
            yield { id: 1, query: query.query };
            yield { id: 2, time: 1_700_000_000_000 };
          },
          { convert, clock },
        ),
    };
    const result = await runHunt(hunt, runner, { clock });
    expect(result.queries.map((query) => query.rule_id)).toEqual([RUNDLL_RULE.id]);
    expect(result.hits.map((hit) => hit.observedAt)).toEqual([50, 1_700_000_000_000]);
    expect(result.failures.map((failure) => failure.rule_id)).toEqual([UNSUPPORTED_RULE.id]);
    expect(result).toMatchObject({ startedAt: 50, finishedAt: 50 });
  });

  it('reports a query that throws and runs the next one', async () => {
    const second = { ...RUNDLL_RULE, id: '5f1b2c3d-0000-4000-8000-00000000000f' };
    const runner: HuntRunner = {
      targets: ['duckdb'],
      run: (planned, context) =>
        runPlannedQueries(
          planned,
          context,
          async function* (query) {
            if (query.rule_id === RUNDLL_RULE.id) throw new Error('table events does not exist');
            yield { ok: true };
          },
          {
            convert: fakeConverter({ [RUNDLL_RULE.id ?? '']: 'q1', [second.id]: 'q2' }),
          },
        ),
    };
    const result = await runHunt({ ...hunt, rules: [RUNDLL_RULE, second] }, runner);
    expect(result.failures).toEqual([
      {
        rule_id: RUNDLL_RULE.id,
        title: RUNDLL_RULE.title,
        stage: 'query',
        code: 'HUNT_QUERY_FAILED',
        reason: 'table events does not exist',
        query: 'q1',
      },
    ]);
    expect(result.hitsByRule).toEqual({ [RUNDLL_RULE.id ?? '']: 0, [second.id]: 1 });
  });

  it('takes a runner that returns an array, and stops on abort', async () => {
    const arrayRunner: HuntRunner = { targets: ['duckdb'], run: () => [] };
    expect((await runHunt(hunt, arrayRunner)).hits).toEqual([]);
    const controller = new AbortController();
    controller.abort();
    const runner: HuntRunner = {
      targets: ['duckdb'],
      run: (planned, context) =>
        runPlannedQueries(planned, context, async function* () {}, { convert }),
    };
    await expect(runHunt(hunt, runner, { signal: controller.signal })).rejects.toThrow();
  });
});
