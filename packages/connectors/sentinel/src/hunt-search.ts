import {
  ConnectorHttpError,
  ConnectorSearchError,
  type SearchDefinition,
} from '@openmdr/connector-kit';
import type { SentinelClient } from './client.js';
import type { SentinelConfig } from './config.js';
import { kqlPages, rowId } from './streams.js';

/** The message of a Log Analytics error body (`error.message`, its inner error's too). */
function queryError(body: string | undefined): { code?: string; message: string } {
  try {
    const parsed = JSON.parse(body ?? '') as {
      error?: { code?: unknown; message?: unknown; innererror?: { message?: unknown } };
    };
    const message = [parsed.error?.message, parsed.error?.innererror?.message]
      .filter((part): part is string => typeof part === 'string')
      .join(': ');
    const code = typeof parsed.error?.code === 'string' ? parsed.error.code : undefined;
    return { ...(code ? { code } : {}), message: message || 'no message' };
  } catch {
    return { message: 'no message' };
  }
}

/**
 * The Sentinel search capability (language `kql`): the KQL (a table expression, as the Sigma
 * `kql` target writes it: `SecurityEvent | where …`) runs through the Log Analytics query API
 * over `TimeGenerated` in `[from, to)` (the same bound as `timespan`), paged like the `query`
 * stream (`order by TimeGenerated asc | take queryRowLimit`, a full page continuing from its
 * last `TimeGenerated`); rows seen twice at a page boundary are yielded once. A partial result
 * throws (`ConnectorResponseError`); a query the service refuses (400 `BadArgumentError`, a
 * semantic error) is a `ConnectorSearchError` with the service's message.
 */
export const sentinelSearch: SearchDefinition<SentinelConfig, SentinelClient> = {
  languages: ['kql'],
  run: async function* (query, options, { client, config }) {
    const seen = new Set<string>();
    try {
      for await (const page of kqlPages(client, config, query, options.from, options.to)) {
        for (const row of page.records) {
          const id = rowId(row);
          if (seen.has(id)) continue;
          seen.add(id);
          yield row;
        }
        options.signal?.throwIfAborted();
      }
    } catch (error) {
      if (ConnectorHttpError.isInstance(error) && error.status === 400) {
        const refusal = queryError(error.responseBody);
        throw new ConnectorSearchError(`Log Analytics refused the query: ${refusal.message}`, {
          details: { status: 400, ...refusal },
          cause: error,
        });
      }
      throw error;
    }
  },
};
