import type { StreamDefinition } from '@openmdr/connector-kit';
import { type IncrementalState, incrementalRead } from '@openmdr/connector-kit';
import type { JsonRecord } from '@openmdr/connector-kit/normalize';
import type { ElasticClient } from './client.js';
import { alertsIndexOf, type ElasticConfig } from './config.js';
import { readEcs } from './ecs.js';
import { esqlPages } from './esql.js';
import { normalizeElasticAlert } from './normalize-alert.js';
import { normalizeElasticDocument } from './normalize-document.js';
import { type ElasticHit, searchAfterPages } from './search.js';

const DAY_MS = 86_400_000;

/**
 * A hit as the streams deliver it: the document with its `_id` and `_index` beside its fields
 * (ECS fields never start with `_`).
 */
export function documentOf(hit: ElasticHit): JsonRecord {
  return { _id: hit._id, ...(hit._index ? { _index: hit._index } : {}), ...hit._source };
}

function incrementalSearch(
  client: ElasticClient,
  config: ElasticConfig,
  state: unknown,
  index: string,
  timeField: string,
  query: JsonRecord | undefined,
  esql?: string,
) {
  const timeOf = (document: JsonRecord): number => {
    const value = readEcs(document, timeField);
    return typeof value === 'number' ? value : Date.parse(String(value));
  };
  return incrementalRead<JsonRecord>({
    state: state as IncrementalState | undefined,
    startAt: config.startAt ? Date.parse(config.startAt) : client.es.serverNow() - DAY_MS,
    lookbackMs: config.lookbackMs,
    idOf: (document) => String(document['_id']),
    timeOf,
    pages: (since) => {
      if (esql !== undefined) {
        return esqlPages(client.es, { query: esql, timeField, since, pageSize: config.pageSize });
      }
      const pages = searchAfterPages(client.es, {
        index,
        timeField,
        since,
        query,
        pageSize: config.pageSize,
        keepAlive: config.keepAlive,
      });
      return (async function* () {
        for await (const page of pages) yield { records: page.records.map(documentOf) };
      })();
    },
  });
}

/**
 * The `alerts` stream: Elastic Security detection alerts of the space
 * (`.alerts-security.alerts-<space>`), oldest `@timestamp` first, through a point in time and
 * `search_after` on `[@timestamp, _shard_doc]`; each run re-reads `lookbackMs` for late alerts
 * and skips alerts already delivered by `_id`.
 */
export const alertsStream: StreamDefinition<ElasticConfig, ElasticClient> = {
  read: ({ client, config }, state) =>
    incrementalSearch(client, config, state, alertsIndexOf(config.space), '@timestamp', undefined),
  normalize: (raw, { client }) =>
    normalizeElasticAlert(raw, client.kibanaSpaceUrl ? { kibanaUrl: client.kibanaSpaceUrl } : {}),
};

/**
 * The `search` stream: the documents of the configured index pattern matching its query DSL,
 * oldest first by its time field, read like `alerts` — or the rows of its ES|QL query
 * (`POST /_query`, keyset paging on time and `_id`). Alert documents (with `kibana.alert.*`
 * fields) become Detection Findings; other documents keep their fields in `unmapped`.
 */
export const searchStream: StreamDefinition<ElasticConfig, ElasticClient> = {
  read: ({ client, config }, state) => {
    const search = config.search;
    return incrementalSearch(
      client,
      config,
      state,
      search?.index ?? alertsIndexOf(config.space),
      search?.timeField ?? '@timestamp',
      search?.query as JsonRecord | undefined,
      search?.esql,
    );
  },
  normalize: (raw, { client }) => normalizeElasticDocument(raw, client.kibanaSpaceUrl),
};
