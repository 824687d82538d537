import type { SimulatorRecord } from '@openmdr/connector-kit/simulator';

/** A search the simulator answers with seeded results (a hunt's query and what it finds). */
export interface SplunkSeededSearch {
  /** The search as the client sends it, with or without its leading `search` command. */
  search: string;
  /** Its results, each with `_time` (ISO 8601) and `_cd`; served when `_time` is in range. */
  results: readonly SimulatorRecord[];
}

/** What the simulator does with a dispatched search when searches are seeded. */
export type SeededSearchOutcome =
  | { readonly kind: 'seeded'; readonly results: readonly SimulatorRecord[] }
  | { readonly kind: 'unseeded'; readonly failure: string }
  | { readonly kind: 'index' };

const bare = (search: string): string => search.trim().replace(/^search\s+/, '');

/** A search of a whole index, as the connector's streams run (`search index=x | sort 0 _indextime`). */
const INDEX_SCAN = /^\s*search\s+index=("?)[\w-]+\1\s*(\|\s*sort\s+0\s+_indextime\s*)?$/;

/**
 * How a dispatched search is answered: a seeded search (compared with the search received,
 * after its leading `search` command) with its results; a plain index scan as before; any other
 * search fails with a `FATAL` message naming it — so a test proves the exact query was sent.
 * `undefined` seeds: every search is an index scan, as without seeding.
 */
export function seededSearchOutcome(
  seeds: readonly SplunkSeededSearch[] | undefined,
  search: string,
): SeededSearchOutcome {
  if (seeds === undefined) return { kind: 'index' };
  const seed = seeds.find((candidate) => bare(candidate.search) === bare(search));
  if (seed) return { kind: 'seeded', results: seed.results };
  if (INDEX_SCAN.test(search)) return { kind: 'index' };
  return {
    kind: 'unseeded',
    failure: `Error in 'search' command: the simulator has no results seeded for: ${search}`,
  };
}

/** The seeded results with `_time` in `[earliest, latest)` (epoch seconds), in `_time` order. */
export function seededResults(
  results: readonly SimulatorRecord[],
  earliest: number | undefined,
  latest: number | undefined,
): SimulatorRecord[] {
  const time = (record: SimulatorRecord) => Date.parse(String(record['_time'])) / 1000;
  return results
    .filter(
      (record) =>
        (earliest === undefined || time(record) >= earliest) &&
        (latest === undefined || time(record) < latest),
    )
    .sort((left, right) => time(left) - time(right))
    .map((record) => ({ ...record }));
}
