import { createHash } from 'node:crypto';
import type { StreamDefinition } from '@openmdr/connector-kit';
import { type IncrementalState, incrementalRead } from '@openmdr/connector-kit';
import type { JsonRecord } from '@openmdr/connector-kit/normalize';
import type { SplunkClient } from './client.js';
import { type SplunkConfig, splunkWebUrl } from './config.js';
import { normalizeSplunkNotable, notableId } from './normalize-notable.js';
import { normalizeSplunkSearchResult } from './normalize-search.js';
import { searchJobResults } from './search-jobs.js';

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
 * job per run, windowed on `_indextime` (`index_earliest`; `earliest_time` further back by
 * `maxEventLagMs` so that late-indexed events are in), sorted by `_indextime`, paged with
 * `offset`/`count`; results already delivered are skipped by id.
 */
function windowedSearch(
  session: Parameters<StreamDefinition<SplunkConfig, SplunkClient>['read']>[0],
  state: unknown,
  spl: string,
  idOf: (record: JsonRecord) => string,
) {
  const { client, config, context } = session;
  const runStart = client.api.serverNow();
  return incrementalRead<JsonRecord>({
    state: state as IncrementalState | undefined,
    startAt: config.startAt ? Date.parse(config.startAt) : runStart - DAY_MS,
    lookbackMs: config.lookbackMs,
    idOf,
    timeOf: (record) => indexTimeOf(record, runStart),
    pages: (since) =>
      searchJobResults(
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
        {
          search: `${spl} | sort 0 _indextime`,
          indexEarliest: String(Math.floor(since / 1000)),
          earliestTime: String(Math.floor((since - config.maxEventLagMs) / 1000)),
          latestTime: 'now',
        },
      ),
  });
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
 * The `search` stream: the results of the configured SPL (`search`), windowed like `notables`;
 * nothing when no search is configured. Normalised to OCSF Base Event, CIM fields mapped and
 * every field kept in `unmapped`.
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
    yield* windowedSearch(session, state, spl, searchResultId);
  },
  normalize: (raw) => normalizeSplunkSearchResult(raw),
};
