import type { SimulatorRecord, SimulatorResponse } from '@openmdr/connector-kit/simulator';
import { withMetadata } from '../esql.js';
import { esError, timeOf } from './es-common.js';

/** An ES|QL query the simulator answers with seeded rows (a hunt's query and what it finds). */
export interface ElasticSeededEsql {
  /** The query as the caller gives it to the connector (`FROM logs-* | WHERE …`). */
  query: string;
  /** Its rows (`{ _id, '@timestamp', ...columns }`); served by `@timestamp` and paged. */
  rows: readonly SimulatorRecord[];
}

/**
 * The paging the connector appends to a query: `| WHERE @timestamp >= …` (first page) or
 * `> … OR (== … AND _id > …)` (next pages), optionally `| WHERE @timestamp < …` (a bounded
 * search), `| SORT … | LIMIT n`.
 */
const PAGING =
  /^(.*?) \| WHERE (?:`?@timestamp`? >= TO_DATETIME\("([^"]+)"\)|`?@timestamp`? > TO_DATETIME\("([^"]+)"\) OR \(`?@timestamp`? == TO_DATETIME\("[^"]+"\) AND _id > "([^"]*)"\))(?: \| WHERE `?@timestamp`? < TO_DATETIME\("([^"]+)"\))? \| SORT `?@timestamp`? ASC, _id ASC \| LIMIT (\d+)$/s;

/** A bare source scan, as the connector's streams send: `FROM x METADATA _id, _index`. */
const SOURCE_SCAN = /^FROM\s+[^\s|]+\s+METADATA _id, _index$/i;

const esqlType = (value: unknown, name: string): string => {
  if (name === '@timestamp') return 'date';
  if (typeof value === 'number') return Number.isInteger(value) ? 'long' : 'double';
  if (typeof value === 'boolean') return 'boolean';
  return 'keyword';
};

/** Rows as `POST /_query` answers them: `{ columns, values }`, `null` where a row lacks a column. */
export function esqlResponse(rows: readonly SimulatorRecord[]): SimulatorResponse {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))].sort();
  return {
    body: {
      took: 1,
      is_partial: false,
      columns: columns.map((name) => ({
        name,
        type: esqlType(rows.find((row) => row[name] !== undefined)?.[name], name),
      })),
      values: rows.map((row) => columns.map((name) => row[name] ?? null)),
    },
  };
}

/**
 * The answer to a query when ES|QL queries are seeded: the seeded rows of the query received
 * (compared after the connector's paging clauses are taken off, with `METADATA _id, _index` on
 * both), paged and bounded as asked; `undefined` for a bare source scan (the streams' reads,
 * answered as before); a 400 `verification_exception` naming any other query.
 */
export function seededEsqlAnswer(
  seeds: readonly ElasticSeededEsql[],
  query: string,
): SimulatorResponse | undefined {
  const paging = PAGING.exec(query.trim());
  const source = (paging?.[1] ?? query).trim();
  if (SOURCE_SCAN.test(source)) return undefined;
  const seed = seeds.find((candidate) => {
    try {
      return withMetadata(candidate.query) === source;
    } catch {
      return false;
    }
  });
  if (!seed || !paging) {
    return esError(
      400,
      'verification_exception',
      `Found 1 problem: the simulator has no rows seeded for [${source}]`,
    );
  }
  const [, , first, afterTime, afterId, until, limit] = paging;
  const rows = seed.rows
    .filter((row) => {
      const time = timeOf(row);
      if (until !== undefined && time >= Date.parse(until)) return false;
      if (afterTime !== undefined) {
        const bound = Date.parse(afterTime);
        return time > bound || (time === bound && String(row['_id']) > (afterId ?? ''));
      }
      return time >= Date.parse(first ?? '');
    })
    .sort((a, b) => timeOf(a) - timeOf(b) || (String(a['_id']) < String(b['_id']) ? -1 : 1))
    .slice(0, Number(limit))
    .map((row) => ({ ...row, _index: row['_index'] ?? 'seeded' }));
  return esqlResponse(rows);
}
