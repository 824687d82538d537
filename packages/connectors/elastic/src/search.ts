import type { HttpClient } from '@openmdr/connector-kit';
import { ConnectorHttpError, ConnectorResponseError } from '@openmdr/connector-kit';
import type { JsonRecord } from '@openmdr/connector-kit/normalize';

/** A search hit as Elasticsearch returns it. */
export interface ElasticHit {
  /** Document id. */
  _id: string;
  /** Concrete (backing) index. */
  _index?: string;
  /** The document. */
  _source?: JsonRecord;
  /** Sort values (`[@timestamp epoch ms, _shard_doc]`). */
  sort?: unknown[];
}

/** Options of {@link searchAfterPages}. */
export interface SearchAfterOptions {
  /** Index, alias or pattern (comma-separated for several). */
  index: string;
  /** The time field the read is sorted and filtered by. */
  timeField: string;
  /** Hits with `timeField` at or after this time, epoch ms. */
  since: number;
  /**
   * Hits with `timeField` before this time, epoch ms (a bounded search, as a hunt's); absent:
   * no upper bound.
   */
  until?: number | undefined;
  /** Extra query DSL, combined with the time range in a bool filter. */
  query?: JsonRecord | undefined;
  /** Hits per page. */
  pageSize: number;
  /** `keep_alive` of the point in time. */
  keepAlive: string;
  /** How many times an expired point in time is reopened in one read. Default 3. */
  maxReopens?: number;
}

/** True when an error says the point in time is gone (expired, closed, node restarted). */
export function isPointInTimeGone(error: unknown): boolean {
  if (!(error instanceof ConnectorHttpError) || error.failure !== 'status') return false;
  const body = error.responseBody ?? '';
  return (
    error.status === 404 ||
    body.includes('search_context_missing_exception') ||
    (body.includes('search_phase_execution_exception') && body.includes('No search context'))
  );
}

const searchBody = (options: SearchAfterOptions, since: number): JsonRecord => ({
  query: {
    bool: {
      filter: [
        {
          range: {
            [options.timeField]: {
              gte: new Date(since).toISOString(),
              ...(options.until === undefined ? {} : { lt: new Date(options.until).toISOString() }),
            },
          },
        },
        ...(options.query ? [options.query] : []),
      ],
    },
  },
  sort: [{ [options.timeField]: { order: 'asc', format: 'epoch_millis' } }, { _shard_doc: 'asc' }],
  track_total_hits: false,
});

/**
 * Pages of hits at or after `since`, oldest first, through a point in time
 * (`POST /<index>/_pit?keep_alive=`) and `search_after` on `[timeField, _shard_doc]`.
 *
 * When the point in time is gone (404, `search_context_missing_exception`), a new one is
 * opened and the read resumes at the time of the last hit delivered: the `_shard_doc`
 * tie-breaker of the old point in time means nothing in the new one, so the hits of that
 * instant come again and those already delivered in this read are skipped by `_id` (the
 * incremental state dedups across runs). The point in time is closed at the end.
 */
export async function* searchAfterPages(
  es: HttpClient,
  options: SearchAfterOptions,
): AsyncGenerator<{ records: ElasticHit[] }> {
  const open = async (): Promise<string> => {
    const response = await es.request<{ id?: string }>({
      method: 'POST',
      path: `/${options.index.split(',').map(encodeURIComponent).join(',')}/_pit`,
      query: { keep_alive: options.keepAlive },
    });
    const id = response.data?.id;
    if (typeof id !== 'string' || id === '') {
      throw new ConnectorResponseError('opening a point in time returned no id', {
        details: { index: options.index },
      });
    }
    return id;
  };
  let pitId = await open();
  let since = options.since;
  let searchAfter: unknown[] | undefined;
  let reopens = 0;
  /** Ids delivered at the newest instant delivered, to skip after a reopen. */
  let atLastTime = new Set<string>();
  let lastTime: number | undefined;
  try {
    for (;;) {
      let hits: ElasticHit[];
      try {
        const response = await es.request<{ pit_id?: string; hits?: { hits?: ElasticHit[] } }>({
          method: 'POST',
          path: '/_search',
          json: {
            ...searchBody(options, since),
            size: options.pageSize,
            pit: { id: pitId, keep_alive: options.keepAlive },
            ...(searchAfter ? { search_after: searchAfter } : {}),
          },
        });
        pitId = response.data?.pit_id ?? pitId;
        hits = response.data?.hits?.hits ?? [];
        if (!Array.isArray(hits)) {
          throw new ConnectorResponseError('search response has no hits.hits array');
        }
      } catch (error) {
        if (!isPointInTimeGone(error) || reopens >= (options.maxReopens ?? 3)) throw error;
        reopens += 1;
        pitId = await open();
        if (lastTime !== undefined) since = lastTime;
        searchAfter = undefined;
        continue;
      }
      const fresh = hits.filter((hit) => !atLastTime.has(hit._id));
      for (const hit of fresh) {
        const time = Number(hit.sort?.[0]);
        if (!Number.isFinite(time)) continue;
        if (time !== lastTime) {
          lastTime = time;
          atLastTime = new Set();
        }
        atLastTime.add(hit._id);
      }
      yield { records: fresh };
      const last = hits.at(-1);
      if (hits.length < options.pageSize || !last?.sort) return;
      searchAfter = last.sort;
    }
  } finally {
    await es
      .request({ method: 'DELETE', path: '/_pit', json: { id: pitId }, retry: false })
      .catch(() => undefined);
  }
}
