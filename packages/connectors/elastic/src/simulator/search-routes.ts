import {
  liveRecords,
  type SimulatorRecord,
  type SimulatorRequest,
  type SimulatorResponse,
  type SimulatorRoute,
} from '@openmdr/connector-kit/simulator';
import { unmappedFields } from '../ecs.js';
import { esError, globMatch, matches, queryStrings, timeOf } from './es-common.js';
import { type ElasticSeededEsql, seededEsqlAnswer } from './seeded-esql.js';

interface PointInTime {
  indices: string[];
  /** Snapshot of the matching documents, sorted by time then id; position = `_shard_doc`. */
  documents: SimulatorRecord[];
  searches: number;
}

const esqlType = (value: unknown, name: string): string => {
  const sample = Array.isArray(value) ? value[0] : value;
  if (name === '@timestamp') return 'date';
  if (typeof sample === 'number') return Number.isInteger(sample) ? 'long' : 'double';
  if (typeof sample === 'boolean') return 'boolean';
  return 'keyword';
};

/**
 * `POST /_query`: the `FROM` pattern (with `METADATA _id, _index`) and the paging clauses the
 * connector writes (`@timestamp >= TO_DATETIME(…)`, or `> … OR (== … AND _id > …)`), `LIMIT`;
 * other commands are not evaluated. Answers `{ columns, values }`.
 */
function esql(
  request: SimulatorRequest,
  indices: readonly string[],
  seeds: readonly ElasticSeededEsql[] | undefined,
): SimulatorResponse {
  const query = String((request.json as { query?: unknown } | undefined)?.query ?? '');
  const seeded = seeds === undefined ? undefined : seededEsqlAnswer(seeds, query);
  if (seeded) return seeded;
  const from = /^\s*FROM\s+([^\s|]+)/i.exec(query)?.[1];
  if (!from) return esError(400, 'parsing_exception', 'line 1:1: mismatched input, expected FROM');
  const patterns = from.split(',');
  const names = indices.filter((name) => patterns.some((pattern) => globMatch(pattern, name)));
  if (names.length === 0) return esError(400, 'verification_exception', `Unknown index [${from}]`);
  const limit = Number(/\|\s*LIMIT\s+(\d+)\s*$/i.exec(query)?.[1] ?? 1000);
  const first = /`?@timestamp`? >= TO_DATETIME\("([^"]+)"\)/.exec(query);
  const after = /`?@timestamp`? > TO_DATETIME\("([^"]+)"\) OR \(.* AND _id > "([^"]*)"\)/.exec(
    query,
  );
  const rows = names
    .flatMap((name) =>
      liveRecords(request, `/${name}`).map(
        (record): SimulatorRecord => ({ ...record, _index: name }),
      ),
    )
    .filter((record) => {
      const time = timeOf(record);
      if (after) {
        const bound = Date.parse(after[1] ?? '');
        return time > bound || (time === bound && String(record['_id']) > (after[2] ?? ''));
      }
      return first ? time >= Date.parse(first[1] ?? '') : true;
    })
    .sort((a, b) => timeOf(a) - timeOf(b) || (String(a['_id']) < String(b['_id']) ? -1 : 1))
    .slice(0, limit)
    .map((record) => unmappedFields(record, new Set()) ?? {});
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))].sort();
  return {
    body: {
      took: 2,
      is_partial: false,
      columns: columns.map((name) => ({
        name,
        type: esqlType(rows.find((row) => name in row)?.[name], name),
      })),
      values: rows.map((row) => columns.map((name) => row[name] ?? null)),
    },
  };
}

/** Options of {@link searchRoutes}. */
export interface SearchRoutesOptions {
  /** Indices served, by name (each a dataset at `/<name>`). */
  indices: readonly string[];
  /** Searches a point in time serves before it expires (404). Default unlimited. */
  pitExpiresAfterSearches?: number;
  /** Ordinals of `_search` calls answered 429 `es_rejected_execution_exception`. */
  rejectSearches?: readonly number[];
  /**
   * ES|QL queries answered with seeded rows ({@link seededEsqlAnswer}): with seeds, a query
   * that is neither seeded nor a bare source scan is answered 400 `verification_exception`.
   */
  seededEsql?: readonly ElasticSeededEsql[];
  /**
   * Lucene query strings answered with seeded documents: a `_search` whose query holds a
   * `query_string` finds the documents (of the point in time's indices) whose `_id` the seed
   * lists, within the other clauses (the time range); with seeds, a query string not seeded is
   * answered 400 `query_shard_exception`.
   */
  seededLucene?: readonly ElasticSeededLucene[];
}

/** A Lucene query string the simulator answers with seeded documents. */
export interface ElasticSeededLucene {
  /** The query string as the caller gives it. */
  query: string;
  /** The `_id`s of the documents it finds. */
  ids: readonly string[];
}

/**
 * Elasticsearch search routes: point in time open (a snapshot, `_shard_doc` = position), search
 * with `search_after` on `[@timestamp, _shard_doc]`, expiry (404
 * `search_phase_execution_exception` / `search_context_missing_exception`), 429
 * `es_rejected_execution_exception` with `Retry-After`, close, and ES|QL `POST /_query`.
 */
export function searchRoutes(options: SearchRoutesOptions): SimulatorRoute[] {
  const pits = new Map<string, PointInTime>();
  let searches = 0;
  let pitCount = 0;
  return [
    {
      method: 'POST',
      path: '/:index/_pit',
      handle: (request) => {
        const requested = decodeURIComponent(request.params['index'] ?? '').split(',');
        const indices = options.indices.filter((name) =>
          requested.some((pattern) => globMatch(pattern, name)),
        );
        if (indices.length === 0) {
          return esError(
            404,
            'index_not_found_exception',
            `no such index [${requested.join(',')}]`,
          );
        }
        if (!request.query.get('keep_alive')) {
          return esError(
            400,
            'action_request_validation_exception',
            'Validation Failed: 1: [keep_alive] is not specified;',
          );
        }
        pitCount += 1;
        const id = Buffer.from(`pit-${pitCount}-${Math.random().toString(36).slice(2)}`).toString(
          'base64',
        );
        const documents = indices
          .flatMap((name) =>
            liveRecords(request, `/${name}`).map(
              (record): SimulatorRecord => ({ ...record, _index: name }),
            ),
          )
          .sort(
            (a, b) => timeOf(a) - timeOf(b) || String(a['_id']).localeCompare(String(b['_id'])),
          );
        pits.set(id, { indices, documents, searches: 0 });
        return { body: { id } };
      },
    },
    {
      method: 'POST',
      path: '/_search',
      handle: (request) => {
        searches += 1;
        if (options.rejectSearches?.includes(searches)) {
          return {
            ...esError(
              429,
              'es_rejected_execution_exception',
              'rejected execution of coordinating operation',
            ),
            headers: { 'retry-after': '1' },
          };
        }
        const body = (request.json ?? {}) as {
          pit?: { id?: string };
          size?: number;
          search_after?: unknown[];
          query?: unknown;
        };
        const pit = body.pit?.id ? pits.get(body.pit.id) : undefined;
        if (!pit) {
          return esError(
            404,
            'search_phase_execution_exception',
            'No search context found for id',
            'search_context_missing_exception',
          );
        }
        pit.searches += 1;
        if (
          options.pitExpiresAfterSearches !== undefined &&
          pit.searches > options.pitExpiresAfterSearches
        ) {
          pits.delete(body.pit?.id ?? '');
          return esError(
            404,
            'search_phase_execution_exception',
            'No search context found for id',
            'search_context_missing_exception',
          );
        }
        const strings = options.seededLucene === undefined ? [] : queryStrings(body.query);
        let seededIds: ReadonlySet<string> | undefined;
        if (strings.length > 0) {
          const seed = options.seededLucene?.find((candidate) => strings.includes(candidate.query));
          if (!seed) {
            return esError(
              400,
              'search_phase_execution_exception',
              `the simulator has no documents seeded for [${strings.join('] [')}]`,
              'query_shard_exception',
            );
          }
          seededIds = new Set(seed.ids);
        }
        const after = body.search_after;
        const afterDoc = Array.isArray(after) ? Number(after[1]) : -1;
        const hits = pit.documents
          .map((document, position) => ({ document, position }))
          .filter(
            ({ document, position }) =>
              position > afterDoc &&
              matches(document, body.query) &&
              (seededIds === undefined || seededIds.has(String(document['_id']))),
          )
          .slice(0, body.size ?? 10)
          .map(({ document, position }) => {
            const { _id, _index, ...source } = document;
            return {
              _index: String(_index).startsWith('.alerts-')
                ? `.internal${String(_index)}-000001`
                : `.ds-${String(_index)}-000001`,
              _id: String(_id),
              _score: null,
              _source: source,
              sort: [timeOf(document), position],
            };
          });
        return {
          body: {
            pit_id: body.pit?.id,
            took: 1,
            timed_out: false,
            _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
            hits: { max_score: null, hits },
          },
        };
      },
    },
    {
      method: 'POST',
      path: '/_query',
      handle: (request) => esql(request, options.indices, options.seededEsql),
    },
    {
      method: 'DELETE',
      path: '/_pit',
      handle: (request) => {
        const id = (request.json as { id?: string } | undefined)?.id;
        const freed = id !== undefined && pits.delete(id);
        return freed
          ? { body: { succeeded: true, num_freed: 1 } }
          : { status: 404, body: { succeeded: true, num_freed: 0 } };
      },
    },
  ];
}
