import { createHash } from 'node:crypto';
import type { StreamDefinition } from '@openmdr/connector-kit';
import { type IncrementalState, incrementalRead } from '@openmdr/connector-kit';
import type { JsonRecord } from '@openmdr/connector-kit/normalize';
import type { SplunkClient } from './client.js';
import { type SplunkConfig, splunkWebUrl } from './config.js';
import { searchExportResults } from './export-results.js';
import { normalizeSplunkNotable, notableId } from './normalize-notable.js';
import { normalizeSplunkSearchResult } from './normalize-search.js';
import { type SplunkSearchRequest, searchJobResults } from './search-jobs.js';

const DAY_MS = 86_400_000;

/**
 * When a result was indexed, epoch ms: `_indextime` (epoch seconds), else `_time`, else
 * `fallback` (a transforming search's rows carry no time).
 */
export function indexTimeOf(record: JsonRecord, fallback = Number.NaN): number {
  const indexed = Number(record['_indextime']);
  if (Number.isFinite(indexed) && indexed > 0) return indexed * 1000;
  const time = Date.parse(String(record['_time'] ?? ''));
  return Number.isFinite(time) ? time : fallback;
}

/**
 * A search result's id: the bucket and address of the event (`_bkt:_cd`), else a SHA-256 of the
 * row (a transforming search's rows have no address).
 */
export function searchResultId(record: JsonRecord): string {
  const bucket = record['_bkt'];
  const address = record['_cd'];
  if (typeof address === 'string') return `${String(bucket ?? '')}:${address}`;
  return createHash('sha256').update(JSON.stringify(record)).digest('hex');
}

/**
 * Reads the results of `spl` indexed at or after the watermark minus the look-back: one search
 * per run, windowed on `_indextime` (`index_earliest`; `earliest_time` further back by
 * `maxEventLagMs` so that late-indexed events are in), sorted by `_indextime`; results already
 * delivered are skipped by id. `jobs` mode runs a search job and pages it with
 * `offset`/`count`; `export` mode streams the same search from the export endpoint in batches of
 * `pageSize`. The cursor is the same in both.
 */
function windowedSearch(
  session: Parameters<StreamDefinition<SplunkConfig, SplunkClient>['read']>[0],
  state: unknown,
  spl: string,
  idOf: (record: JsonRecord) => string,
  mode: SplunkConfig['searchMode'] = 'jobs',
) {
  const { client, config, context } = session;
  const runStart = client.api.serverNow();
  const request = (since: number): SplunkSearchRequest => ({
    search: `${spl} | sort 0 _indextime`,
    indexEarliest: String(Math.floor(since / 1000)),
    earliestTime: String(Math.floor((since - config.maxEventLagMs) / 1000)),
    latestTime: 'now',
  });
  const timed = (pages: AsyncIterable<{ records: JsonRecord[] }>) =>
    withSearchTime(pages, runStart);
  return incrementalRead<JsonRecord>({
    state: state as IncrementalState | undefined,
    startAt: config.startAt ? Date.parse(config.startAt) : runStart - DAY_MS,
    lookbackMs: config.lookbackMs,
    idOf,
    timeOf: (record) => indexTimeOf(record, runStart),
    pages: (since) =>
      timed(
        mode === 'export'
          ? searchExportResults(
              {
                transport: client.stream,
                app: config.app,
                batchSize: config.pageSize,
                idOf,
                sortedByIndexTime: true,
                signal: session.signal,
              },
              request(since),
            )
          : searchJobResults(
              {
                api: client.api,
                app: config.app,
                pageSize: config.pageSize,
                pollIntervalMs: config.pollIntervalMs,
                jobTimeoutMs: config.jobTimeoutMs,
                sleep: context.sleep,
                now: () => context.clock.now(),
                signal: session.signal,
              },
              request(since),
            ),
      ),
  });
}

/**
 * Rows of a transforming search (`stats`, `timechart`) carry no `_time`: each gets the time the
 * search ran as `info_search_time` (the field `| addinfo` adds), so that it normalises (at that
 * time) instead of being dead-lettered.
 */
export async function* withSearchTime<Page extends { records: JsonRecord[] }>(
  pages: AsyncIterable<Page>,
  searchTimeMs: number,
): AsyncGenerator<Page> {
  const searchTime = (searchTimeMs / 1000).toFixed(3);
  for await (const page of pages) {
    for (const record of page.records) {
      if (record['_time'] === undefined && record['info_search_time'] === undefined) {
        record['info_search_time'] = searchTime;
      }
    }
    yield page;
  }
}

/**
 * The `notables` stream: Enterprise Security notable events (`notableSearch`, default
 * `search index=notable`) through a search job per run, windowed on `_indextime` with a
 * look-back for late indexing; each notable (`event_id`) is delivered once. Normalised to OCSF
 * Detection Finding, linked to Incident Review.
 */
export const notablesStream: StreamDefinition<SplunkConfig, SplunkClient> = {
  read: (session, state) =>
    windowedSearch(session, state, session.config.notableSearch, (record) =>
      String(notableId(record) ?? searchResultId(record)),
    ),
  normalize: (raw, { config }) => normalizeSplunkNotable(raw, { webUrl: splunkWebUrl(config) }),
};

/**
 * The `search` stream: the results of the configured SPL (`search`), windowed like `notables`,
 * through a search job (`searchMode: 'jobs'`, the default) or the streaming export
 * (`searchMode: 'export'`, for large results); nothing when no search is configured.
 * Normalised to OCSF Base Event, CIM fields mapped and every field kept in `unmapped`.
 */
export const searchStream: StreamDefinition<SplunkConfig, SplunkClient> = {
  read: async function* (session, state) {
    const spl = session.config.search;
    if (!spl) {
      yield {
        records: [],
        state: (state as IncrementalState | undefined) ?? { version: 2, seen: [] },
      };
      return;
    }
    yield* windowedSearch(session, state, spl, searchResultId, session.config.searchMode);
  },
  normalize: (raw) => normalizeSplunkSearchResult(raw),
};
