import { InvestigationError } from '../error-codes.js';
import { duplicateKey } from '../timeline/build-timeline.js';
import { timelineEntry } from '../timeline/timeline-entry.js';
import type { ExpansionSource, RelatedQuery } from './expansion-types.js';

const NODE_KINDS = new Set([
  'process',
  'host',
  'user',
  'session',
  'ip',
  'domain',
  'url',
  'file',
  'registry_key',
  'cloud_resource',
  'finding',
]);

/** The bounds of an expansion. */
export interface ExpansionBounds {
  /** How many rounds of pulling (the seed's entities are round 1); 0 pulls nothing. */
  depth: number;
  /** The time range to search, epoch ms, both ends inclusive. */
  window: { from: number; to: number };
  /** Stop once this many distinct events are collected (seed events included). */
  maxEvents: number;
}

/** What an expansion may spend. */
export interface ExpansionBudget {
  /** At most this many source queries in all. */
  maxQueries?: number;
  /** Stop at this time (epoch ms, by `now`): running queries are aborted, their events kept. */
  deadline?: number;
  /** Entities per query: a larger frontier is asked for in batches; default 200. */
  entitiesPerQuery?: number;
}

/** Options of {@link expandInvestigation}. */
export interface ExpandInvestigationOptions {
  /**
   * Where to start: graph node ids (`host:ws-01`, `ip:203.0.113.7`), or an OCSF finding or event
   * (kept as the first event, its entities the first frontier).
   */
  seed: string | readonly string[] | Readonly<Record<string, unknown>>;
  /** The sources to pull from, each queried once per frontier batch. */
  sources: readonly ExpansionSource[];
  bounds: ExpansionBounds;
  budget?: ExpansionBudget;
  /** Cancels the expansion (reported as `aborted`). */
  signal?: AbortSignal;
  /** The clock for the deadline; default `Date.now`. */
  now?: () => number;
}

/** Why an expansion stopped. */
export type ExpansionStop =
  | 'exhausted'
  | 'depth'
  | 'max-events'
  | 'deadline'
  | 'budget'
  | 'aborted';

/** What one source did during an expansion. */
export interface ExpansionSourceReport {
  name: string;
  /** Queries sent. */
  queries: number;
  /** Records it yielded. */
  returned: number;
  /** Of those, records not seen before (from it or another source). */
  added: number;
  /** Its failures, by round; the expansion went on without it for that query. */
  errors: { depth: number; message: string; code?: string }[];
}

/** The result of {@link expandInvestigation}. */
export interface ExpansionResult {
  /** The distinct events collected, seed first, in the order they arrived. */
  events: Record<string, unknown>[];
  /** Every entity reached (seed entities included), in discovery order. */
  entities: string[];
  /** Rounds completed. */
  depth: number;
  /** Why it stopped. */
  stoppedBy: ExpansionStop;
  /** Queries sent in all. */
  queries: number;
  /** Per source, in the order given. */
  sources: ExpansionSourceReport[];
}

function checkOptions(options: ExpandInvestigationOptions): void {
  const { depth, window, maxEvents } = options.bounds;
  const bad = (message: string) => new InvestigationError('INVESTIGATION_INVALID', message);
  if (!Number.isInteger(depth) || depth < 0)
    throw bad(`depth must be a non-negative integer, not ${depth}`);
  if (!Number.isInteger(maxEvents) || maxEvents < 0) {
    throw bad(`maxEvents must be a non-negative integer, not ${maxEvents}`);
  }
  if (!(Number.isFinite(window.from) && Number.isFinite(window.to) && window.from <= window.to)) {
    throw bad(`the window must be finite and not inverted (from ${window.from}, to ${window.to})`);
  }
  const names = new Set<string>();
  for (const source of options.sources) {
    if (names.has(source.name)) throw bad(`two sources are named ${source.name}`);
    names.add(source.name);
  }
}

function seedEntities(seed: ExpandInvestigationOptions['seed']): string[] {
  const ids =
    typeof seed === 'string' ? [seed] : Array.isArray(seed) ? (seed as string[]) : undefined;
  if (ids === undefined) return [];
  for (const id of ids) {
    const kind = typeof id === 'string' ? id.slice(0, id.indexOf(':')) : '';
    if (!NODE_KINDS.has(kind) || id.length <= kind.length + 1) {
      throw new InvestigationError(
        'INVESTIGATION_INVALID',
        `a seed must be a graph node id such as host:<name> or ip:<address>, not ${JSON.stringify(id)}`,
      );
    }
  }
  return [...new Set(ids)];
}

/**
 * Expands an investigation from a seed, breadth-first and bounded: each round asks every source
 * for the events related to the frontier (the entities first reached in the round before), adds
 * the events not yet seen (same id, host and time: seen), and takes their new entities as the
 * next frontier. It stops when nothing new is reached (`exhausted`), after `bounds.depth`
 * rounds, at `bounds.maxEvents` events, at the budget's deadline or query count, or when
 * `signal` aborts. A failing source is reported (`sources[].errors`) and the others' events are
 * still used. Sources of one round are queried concurrently.
 * @throws {InvestigationError} (`INVESTIGATION_INVALID`) for a seed that is not a node id, a
 *   negative bound, an inverted window or two sources of one name.
 */
export async function expandInvestigation(
  options: ExpandInvestigationOptions,
): Promise<ExpansionResult> {
  checkOptions(options);
  const now = options.now ?? Date.now;
  const { depth: maxDepth, window, maxEvents } = options.bounds;
  const budget = options.budget ?? {};
  const batchSize = Math.max(1, budget.entitiesPerQuery ?? 200);
  const events: Record<string, unknown>[] = [];
  const seenEvents = new Set<string>();
  const entities = new Set<string>();
  const reports: ExpansionSourceReport[] = options.sources.map((source) => ({
    name: source.name,
    queries: 0,
    returned: 0,
    added: 0,
    errors: [],
  }));

  /** Adds an event when new; returns its entities not reached before. */
  const add = (event: Record<string, unknown>, fresh: string[]): boolean => {
    const entry = timelineEntry(event);
    const key = duplicateKey(entry);
    if (seenEvents.has(key)) return false;
    seenEvents.add(key);
    events.push(event);
    for (const id of entry.entities) {
      if (!entities.has(id)) {
        entities.add(id);
        fresh.push(id);
      }
    }
    return true;
  };

  let frontier = seedEntities(options.seed);
  for (const id of frontier) entities.add(id);
  if (typeof options.seed === 'object' && !Array.isArray(options.seed)) {
    const fresh: string[] = [];
    add(options.seed as Record<string, unknown>, fresh);
    frontier = fresh;
  }

  let queries = 0;
  let depth = 0;
  let stoppedBy: ExpansionStop | undefined;
  const limitReached = (): ExpansionStop | undefined => {
    if (options.signal?.aborted) return 'aborted';
    if (events.length >= maxEvents) return 'max-events';
    if (budget.deadline !== undefined && now() >= budget.deadline) return 'deadline';
    return undefined;
  };

  while (stoppedBy === undefined) {
    if (frontier.length === 0) {
      stoppedBy = 'exhausted';
      break;
    }
    if (depth >= maxDepth) {
      stoppedBy = 'depth';
      break;
    }
    stoppedBy = limitReached();
    if (stoppedBy !== undefined) break;
    depth += 1;
    const next: string[] = [];
    for (let start = 0; start < frontier.length && stoppedBy === undefined; start += batchSize) {
      const batch = frontier.slice(start, start + batchSize);
      if (budget.maxQueries !== undefined && queries + options.sources.length > budget.maxQueries) {
        stoppedBy = 'budget';
        break;
      }
      const controller = new AbortController();
      const onAbort = () => controller.abort(options.signal?.reason);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const timer =
        budget.deadline === undefined
          ? undefined
          : setTimeout(
              () => controller.abort(new Error('deadline')),
              Math.max(0, budget.deadline - now()),
            );
      const query: RelatedQuery = {
        entities: batch,
        from: window.from,
        to: window.to,
        limit: Math.max(0, maxEvents - events.length),
      };
      try {
        await Promise.all(
          options.sources.map(async (source, index) => {
            const report = reports[index] as ExpansionSourceReport;
            report.queries += 1;
            queries += 1;
            try {
              for await (const record of source.related(query, controller.signal)) {
                if (controller.signal.aborted) break;
                report.returned += 1;
                if (events.length >= maxEvents) break;
                if (add(record, next)) report.added += 1;
              }
            } catch (error) {
              if (controller.signal.aborted) return;
              const code = (error as { code?: unknown }).code;
              report.errors.push({
                depth,
                message: error instanceof Error ? error.message : String(error),
                ...(typeof code === 'string' ? { code } : {}),
              });
            }
          }),
        );
      } finally {
        if (timer !== undefined) clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
      }
      stoppedBy = limitReached();
    }
    frontier = next;
  }
  return { events, entities: [...entities], depth, stoppedBy, queries, sources: reports };
}
