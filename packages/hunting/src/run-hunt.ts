/**
 * Running a hunt on a runner and collecting its result; the building blocks runners share
 * (planned queries run one by one, a failing query reported and the others run on).
 *
 * @module
 */
import { type Clock, OpenMdrError, systemClock } from '@openmdr/core';
import { HuntError } from './errors.js';
import { eventIdentity, eventTime } from './event-fields.js';
import type {
  Hunt,
  HuntFailure,
  HuntHit,
  HuntQuery,
  HuntResult,
  HuntRunContext,
  HuntRunner,
} from './hunt.js';
import { type HuntPlanOptions, planHunt, validateHunt } from './plan.js';

/** The hit of `event` found by `query`: its time (or `now`) and identity read from it. */
export function huntHit(
  query: HuntQuery,
  event: Readonly<Record<string, unknown>>,
  now: number,
): HuntHit {
  return {
    event,
    rule_id: query.rule_id,
    title: query.title,
    level: query.level,
    author: query.author,
    query: query.query,
    observedAt: eventTime(event) ?? now,
    eventId: eventIdentity(event),
  };
}

/** The failure of a query that threw: the error's code (`HUNT_QUERY_FAILED` without one). */
export function queryFailure(query: HuntQuery, error: unknown): HuntFailure {
  return {
    rule_id: query.rule_id,
    title: query.title,
    stage: 'query',
    code: OpenMdrError.isInstance(error) ? error.code : 'HUNT_QUERY_FAILED',
    reason: error instanceof Error ? error.message : String(error),
    query: query.query,
  };
}

/** Options of {@link runPlannedQueries}. */
export interface PlannedQueriesOptions extends HuntPlanOptions {
  /** Stamps hits whose record has no time. Default: the system clock. */
  readonly clock?: Clock | undefined;
}

/**
 * The hits of a hunt's queries, for runners: plans the hunt ({@link planHunt}), reports each
 * conversion failure and each query to `context`, runs the queries one after the other with
 * `run`, and yields a hit per record. A query that throws is reported as a `query` failure
 * and the next one runs; an abort (`context.signal`) ends the hunt.
 */
export async function* runPlannedQueries(
  hunt: Hunt,
  context: HuntRunContext,
  run: (query: HuntQuery) => AsyncIterable<Readonly<Record<string, unknown>>>,
  options: PlannedQueriesOptions = {},
): AsyncGenerator<HuntHit> {
  const clock = options.clock ?? systemClock;
  const plan = planHunt(hunt, options);
  for (const failure of plan.failures) context.reportFailure(failure);
  for (const query of plan.queries) {
    context.signal?.throwIfAborted();
    context.reportQuery?.(query);
    try {
      for await (const event of run(query)) yield huntHit(query, event, clock.now());
    } catch (error) {
      if (context.signal?.aborted) throw error;
      context.reportFailure(queryFailure(query, error));
    }
  }
}

/** Options of {@link runHunt}. */
export interface RunHuntOptions {
  /** Stamps the run. Default: the system clock. */
  readonly clock?: Clock | undefined;
  /** Cancels the hunt. */
  readonly signal?: AbortSignal | undefined;
}

async function* hitsOf(
  hits: AsyncIterable<HuntHit> | Iterable<HuntHit> | Promise<readonly HuntHit[]>,
): AsyncGenerator<HuntHit> {
  const resolved = await hits;
  yield* resolved as AsyncIterable<HuntHit> | Iterable<HuntHit>;
}

/**
 * Runs a hunt on a runner and collects its result: the hits, the queries run, every rule that
 * could not be converted or whose query failed (with why), and the hit count per rule.
 *
 * @throws {HuntError} `HUNT_INVALID` for a malformed hunt, `HUNT_TARGET_UNSUPPORTED` when the
 *   runner does not run the hunt's target.
 */
export async function runHunt(
  hunt: Hunt,
  runner: HuntRunner,
  options: RunHuntOptions = {},
): Promise<HuntResult> {
  validateHunt(hunt);
  if (!runner.targets.includes(hunt.target)) {
    throw new HuntError(
      'HUNT_TARGET_UNSUPPORTED',
      `the runner runs ${runner.targets.join(', ')}, not ${hunt.target}`,
      { details: { target: hunt.target, targets: [...runner.targets] } },
    );
  }
  const clock = options.clock ?? systemClock;
  const startedAt = clock.now();
  const failures: HuntFailure[] = [];
  const queries: HuntQuery[] = [];
  const hits: HuntHit[] = [];
  const context: HuntRunContext = {
    reportFailure: (failure) => failures.push(failure),
    reportQuery: (query) => queries.push(query),
    signal: options.signal,
  };
  for await (const hit of hitsOf(runner.run(hunt, context))) hits.push(hit);
  const hitsByRule: Record<string, number> = {};
  for (const query of queries) hitsByRule[query.rule_id] = 0;
  for (const hit of hits) hitsByRule[hit.rule_id] = (hitsByRule[hit.rule_id] ?? 0) + 1;
  return { hunt, queries, hits, failures, hitsByRule, startedAt, finishedAt: clock.now() };
}
