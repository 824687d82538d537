import {
  ConnectorHttpError,
  ConnectorSearchError,
  type SearchDefinition,
} from '@openmdr/connector-kit';
import type { ElasticClient } from './client.js';
import type { ElasticConfig } from './config.js';
import { esqlPages } from './esql.js';
import { searchAfterPages } from './search.js';
import { documentOf } from './streams.js';

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

/** The index pattern Lucene searches use when neither the caller nor the config names one. */
export const ELASTIC_DEFAULT_SEARCH_INDEX = 'logs-*';

/**
 * The Elastic search capability. Language `esql` (the default): the ES|QL query (`FROM … |
 * WHERE …`, as the Sigma `esql` target writes it) runs over `[from, to)` of its time field (the
 * `search` config's `timeField`, default `@timestamp`) through `POST /_query`, keyset-paged on
 * time and `_id` like the `search` stream (the reader adds `METADATA _id, _index`); rows are
 * yielded keyed by column. Language `lucene`: the query string runs as a `query_string` query
 * in a bool filter with the time range, over `options.source` (else the `search` config's
 * index, else `logs-*`), through a point in time and `search_after` like the streams;
 * documents are yielded with `_id` and `_index` beside their fields. A query Elasticsearch
 * refuses (400: `parsing_exception`, `verification_exception`, `query_shard_exception`) is a
 * `ConnectorSearchError` with the reason.
 */
export const elasticSearch: SearchDefinition<ElasticConfig, ElasticClient> = {
  languages: ['esql', 'lucene'],
  run: async function* (query, options, { client, config }) {
    const timeField = config.search?.timeField ?? '@timestamp';
    const pages: AsyncIterable<{ records: Record<string, unknown>[] }> =
      options.language === 'lucene'
        ? (async function* () {
            for await (const page of searchAfterPages(client.es, {
              index: options.source ?? config.search?.index ?? ELASTIC_DEFAULT_SEARCH_INDEX,
              timeField,
              since: options.from,
              until: options.to,
              query: { query_string: { query } },
              pageSize: config.pageSize,
              keepAlive: config.keepAlive,
            })) {
              yield { records: page.records.map(documentOf) };
            }
          })()
        : esqlPages(client.es, {
            query,
            timeField,
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
        throw new ConnectorSearchError(
          `Elasticsearch refused the ${options.language === 'lucene' ? 'Lucene' : 'ES|QL'} query: ${reason}`,
          {
            details: { status: 400, reason },
            cause: error,
          },
        );
      }
      throw error;
    }
  },
};
