import type { SearchDefinition } from '@openmdr/connector-kit';
import type { JsonRecord } from '@openmdr/connector-kit/normalize';
import type { SplunkClient } from './client.js';
import type { SplunkConfig } from './config.js';
import { searchExportResults } from './export-results.js';
import { type SplunkSearchRequest, searchJobResults } from './search-jobs.js';
import { searchResultId } from './streams.js';

/**
 * The SPL a search job runs for a query: the query itself when it starts with `search` or a
 * generating command (`|`), else `search <query>` (a converted Sigma rule is a bare search
 * expression, `index=… EventCode=…`).
 */
export function splunkSearchText(query: string): string {
  const trimmed = query.trim();
  return /^(search\b|\|)/.test(trimmed) ? trimmed : `search ${trimmed}`;
}

/** The search request of a query over `[from, to)` (epoch ms → epoch seconds, `_time` bounds). */
export function splunkSearchRequest(query: string, from: number, to: number): SplunkSearchRequest {
  return {
    search: splunkSearchText(query),
    earliestTime: String(from / 1000),
    latestTime: String(to / 1000),
  };
}

/**
 * The Splunk search capability (language `splunk`): the query runs over `_time` in
 * `[from, to)` through a search job paged with `offset`/`count` (`searchMode: 'jobs'`, the
 * default) or the streaming export (`searchMode: 'export'`), with the same client, retries and
 * errors as the streams (`SplunkSearchJobError` for a failed job, `SplunkExportError` for a
 * refused export). Results are yielded as Splunk returns them; a result already yielded (same
 * `_bkt:_cd`, as after a re-dispatched job) is not yielded again.
 */
export const splunkSearch: SearchDefinition<SplunkConfig, SplunkClient> = {
  languages: ['splunk'],
  run: async function* (query, options, session) {
    const { client, config, context } = session;
    const request = splunkSearchRequest(query, options.from, options.to);
    const signal = options.signal ?? session.signal;
    const pages: AsyncIterable<{ records: JsonRecord[] }> =
      config.searchMode === 'export'
        ? searchExportResults(
            {
              transport: client.stream,
              app: config.app,
              batchSize: config.pageSize,
              idOf: searchResultId,
              signal,
            },
            request,
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
              signal,
            },
            request,
          );
    const seen = new Set<string>();
    for await (const page of pages) {
      for (const record of page.records) {
        const id = searchResultId(record);
        if (seen.has(id)) continue;
        seen.add(id);
        yield record;
      }
    }
  },
};
