/**
 * A hunt runner over a tenant's stored OCSF events (the `events` log stream), in memory: Sigma
 * rules are matched natively with the detections engine, no database needed.
 *
 * @module
 */
import type { TenantStore } from '@openmdr/core';
import { compileSigmaRules } from '@openmdr/detections';
import {
  eventIdentity,
  eventTime,
  type Hunt,
  type HuntHit,
  type HuntRunContext,
  type HuntRunner,
  ruleIdOf,
} from '@openmdr/hunting';

/** Options of {@link createMemoryHuntRunner}. */
export interface MemoryHuntRunnerOptions {
  /** The tenant's store. */
  readonly store: TenantStore;
  /** The log stream of OCSF events. Default `events` (what the quickstart's pipeline writes). */
  readonly stream?: string | undefined;
  /** At most this many of the newest events are searched. Default 100 000. */
  readonly maxEvents?: number | undefined;
  /** How events are read by the Sigma engine: `ocsf` (default) or `flat`. */
  readonly input?: 'ocsf' | 'flat' | undefined;
}

const PAGE = 1_000;

/**
 * A {@link HuntRunner} that matches a hunt's Sigma rules against the events of one tenant's
 * store in memory. It declares the SQL targets (`duckdb`, `postgres`) a local hunt names, but
 * evaluates the rules themselves, so no conversion is needed; raw queries are reported as
 * failures. Hunts of another tenant than the store's are refused (reported, nothing searched).
 */
export function createMemoryHuntRunner(options: MemoryHuntRunnerOptions): HuntRunner {
  const stream = options.stream ?? 'events';
  const maxEvents = options.maxEvents ?? 100_000;
  const input = options.input ?? 'ocsf';
  return {
    targets: ['duckdb', 'postgres'],
    async run(hunt: Hunt, context: HuntRunContext): Promise<HuntHit[]> {
      const fail = (rule_id: string, title: string, code: string, reason: string) =>
        context.reportFailure({ rule_id, title, stage: 'query', code, reason });
      if (hunt.tenant !== options.store.tenant) {
        fail(hunt.id, hunt.name, 'HUNT_TENANT_MISMATCH', 'the hunt is for another tenant');
        return [];
      }
      if (hunt.query !== undefined) {
        fail(
          hunt.query.id ?? `${hunt.id}:query`,
          hunt.query.title ?? hunt.name,
          'HUNT_TARGET_UNSUPPORTED',
          'the in-memory runner matches Sigma rules, not raw queries',
        );
        return [];
      }
      const engines = [];
      for (const rule of hunt.rules ?? []) {
        const rule_id = ruleIdOf(rule);
        const engine = compileSigmaRules([rule], { placeholders: hunt.placeholders ?? {} });
        const error = engine.errors[0];
        if (error !== undefined) {
          context.reportFailure({
            rule_id,
            title: rule.title,
            stage: 'conversion',
            code: error.code,
            reason: error.message,
          });
          continue;
        }
        const query = `sigma:${rule_id}`;
        context.reportQuery?.({
          rule_id,
          title: rule.title,
          level: rule.level,
          author: rule.author,
          query,
          rule,
        });
        engines.push({ rule, rule_id, query, engine });
      }
      const hits: HuntHit[] = [];
      const last = await options.store.log.lastSequence(stream);
      let from = Math.max(1, last - maxEvents + 1);
      while (from <= last) {
        context.signal?.throwIfAborted();
        const to = Math.min(last, from + PAGE - 1);
        const entries = await options.store.log.read<never>(stream, { from, to });
        for (const entry of entries) {
          const event = entry.data as unknown as Record<string, unknown>;
          if (typeof event !== 'object' || event === null) continue;
          const time = eventTime(event) ?? entry.at;
          if (time < hunt.range.from || time >= hunt.range.to) continue;
          for (const { rule, rule_id, query, engine } of engines) {
            if (engine.match(event, { input }).length === 0) continue;
            hits.push({
              event,
              rule_id,
              title: rule.title,
              level: rule.level,
              author: rule.author,
              query,
              observedAt: time,
              eventId: eventIdentity(event),
            });
          }
        }
        from = to + 1;
      }
      return hits;
    },
  };
}
