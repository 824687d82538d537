import {
  ConnectorHttpError,
  ConnectorSearchError,
  type SearchDefinition,
} from '@openmdr/connector-kit';
import type { ElasticClient } from './client.js';
import type { ElasticConfig } from './config.js';
import { esqlPages } from './esql.js';

/** The reason of an Elasticsearch error body (`error.reason`), when it has one. */
function esReason(body: string | undefined): string | undefined {
  if (!body) return undefined;
  try {
    const parsed = JSON.parse(body) as { error?: { type?: unknown; reason?: unknown } };
    const reason = parsed.error?.reason;
    const type = parsed.error?.type;
    if (typeof reason !== 'string') return undefined;
    return typeof type === 'string' ? `${type}: ${reason}` : reason;
  } catch {
    return undefined;
  }
}

/**
 * The Elastic search capability (language `esql`): the ES|QL query (`FROM … | WHERE …`, as the
 * Sigma `esql` target writes it) runs over `[from, to)` of its time field (the `search`
 * config's `timeField`, default `@timestamp`) through `POST /_query`, keyset-paged on time and
 * `_id` like the `search` stream (the reader adds `METADATA _id, _index`); rows are yielded
 * keyed by column. A query Elasticsearch refuses (400: `parsing_exception`,
 * `verification_exception`) is a `ConnectorSearchError` with the reason.
 */
export const elasticSearch: SearchDefinition<ElasticConfig, ElasticClient> = {
  languages: ['esql'],
  run: async function* (query, options, { client, config }) {
    const pages = esqlPages(client.es, {
      query,
      timeField: config.search?.timeField ?? '@timestamp',
      since: options.from,
      until: options.to,
      pageSize: config.pageSize,
    });
    const seen = new Set<string>();
    try {
      for await (const page of pages) {
        for (const row of page.records) {
          const id = `${String(row['_index'] ?? '')}/${String(row['_id'] ?? JSON.stringify(row))}`;
          if (seen.has(id)) continue;
          seen.add(id);
          yield row;
          options.signal?.throwIfAborted();
        }
      }
    } catch (error) {
      if (ConnectorHttpError.isInstance(error) && error.status === 400) {
        const reason = esReason(error.responseBody) ?? 'no reason given';
        throw new ConnectorSearchError(`Elasticsearch refused the ES|QL query: ${reason}`, {
          details: { status: 400, reason },
          cause: error,
        });
      }
      throw error;
    }
  },
};
