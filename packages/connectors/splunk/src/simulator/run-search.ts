import type { SimulatorRecord, SimulatorRequest } from '@openmdr/connector-kit/simulator';
import { liveRecords } from '@openmdr/connector-kit/simulator';
import { type SplunkSeededSearch, seededResults, seededSearchOutcome } from './seeded-searches.js';

/** The dataset of an index (`index:notable`): the events a search of that index finds. */
export const splunkIndexDataset = (index: string): string => `index:${index}`;

/** SPL commands the simulator knows; any other makes the job fail, as Splunk's parser does. */
const KNOWN_COMMANDS = new Set([
  'search',
  'sort',
  'eval',
  'where',
  'fields',
  'table',
  'head',
  'rename',
  'dedup',
  'lookup',
]);

const seconds = (value: string | null | undefined): number | undefined => {
  if (value === null || value === undefined || value === '' || value === 'now') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
};

const indexTime = (record: SimulatorRecord): number => {
  const indexed = Number(record['_indextime']);
  return Number.isFinite(indexed) ? indexed : Date.parse(String(record['_time'])) / 1000;
};

/** The failure of a search Splunk could not parse, or undefined. */
export function parseFailure(search: string): string | undefined {
  if (!/^\s*(search\b|\|)/.test(search)) return "Unknown search command ''.";
  for (const segment of search.split('|').slice(1)) {
    const command = segment.trim().split(/\s+/)[0] ?? '';
    if (!KNOWN_COMMANDS.has(command)) return `Unknown search command '${command}'.`;
  }
  return undefined;
}

/** The events of a dispatched search: its index, time bounds, sorted by index time. */
export function runSearch(request: SimulatorRequest, form: URLSearchParams): SimulatorRecord[] {
  const search = form.get('search') ?? '';
  const index = /\bindex=("?)([\w-]+)\1/.exec(search)?.[2] ?? 'main';
  const indexEarliest = seconds(form.get('index_earliest'));
  const indexLatest = seconds(form.get('index_latest'));
  const earliest = seconds(form.get('earliest_time'));
  const latest = seconds(form.get('latest_time'));
  return liveRecords(request, splunkIndexDataset(index))
    .filter((record) => {
      const indexed = indexTime(record);
      const time = Date.parse(String(record['_time'])) / 1000;
      return (
        (indexEarliest === undefined || indexed >= indexEarliest) &&
        (indexLatest === undefined || indexed < indexLatest) &&
        (earliest === undefined || time >= earliest) &&
        (latest === undefined || time < latest)
      );
    })
    .sort(
      (left, right) =>
        indexTime(left) - indexTime(right) ||
        String(left['_cd'] ?? left['event_id']).localeCompare(
          String(right['_cd'] ?? right['event_id']),
        ),
    )
    .map((record) => ({ ...record }));
}

/**
 * How the simulator answers a search: a seeded search's results in its time bounds, an index
 * scan ({@link runSearch}), or the failure of a search Splunk cannot parse or that was not
 * seeded (when searches are seeded).
 */
export function answerSearch(
  request: SimulatorRequest,
  form: URLSearchParams,
  seeds: readonly SplunkSeededSearch[] | undefined,
): { results: SimulatorRecord[]; failure?: string } {
  const search = form.get('search') ?? '';
  const outcome = seededSearchOutcome(seeds, search);
  if (outcome.kind === 'seeded') {
    return {
      results: seededResults(
        outcome.results,
        seconds(form.get('earliest_time')),
        seconds(form.get('latest_time')),
      ),
    };
  }
  if (outcome.kind === 'unseeded') return { results: [], failure: outcome.failure };
  const failure = parseFailure(search);
  return failure ? { results: [], failure } : { results: runSearch(request, form) };
}
