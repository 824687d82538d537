import { isRecord } from '@openmdr/connector-kit/normalize';
import type { SimulatorRecord, SimulatorResponse } from '@openmdr/connector-kit/simulator';
import { readEcs } from '../ecs.js';

/** An Elasticsearch error body. */
export function esError(
  status: number,
  type: string,
  reason: string,
  rootType = type,
): SimulatorResponse {
  return {
    status,
    body: { error: { root_cause: [{ type: rootType, reason }], type, reason }, status },
  };
}

/** Whether an index name matches an index pattern (`logs-*`). */
export const globMatch = (pattern: string, name: string): boolean =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  ).test(name);

/** The `@timestamp` of a document, epoch ms. */
export const timeOf = (record: SimulatorRecord): number => {
  const value = readEcs(record, '@timestamp');
  return typeof value === 'number' ? value : Date.parse(String(value));
};

/** The `query_string` queries of a query DSL clause (in `bool` filters and musts). */
export function queryStrings(clause: unknown): string[] {
  if (!isRecord(clause)) return [];
  const direct = isRecord(clause['query_string']) ? clause['query_string']['query'] : undefined;
  if (typeof direct === 'string') return [direct];
  if (!isRecord(clause['bool'])) return [];
  return ['filter', 'must']
    .flatMap((key) => {
      const items = (clause['bool'] as Record<string, unknown>)[key];
      return Array.isArray(items) ? items : [items];
    })
    .flatMap(queryStrings);
}

/**
 * Whether a document matches the simple query clauses the simulator understands (`term`,
 * `terms`, `range` with `gte`/`lt`, `bool`); other clauses (`query_string`) match anything.
 */
export function matches(document: SimulatorRecord, clause: unknown): boolean {
  if (!isRecord(clause)) return true;
  if (isRecord(clause['term'])) {
    return Object.entries(clause['term']).every(([field, value]) => {
      const expected = isRecord(value) ? value['value'] : value;
      return readEcs(document, field) === expected;
    });
  }
  if (isRecord(clause['terms'])) {
    return Object.entries(clause['terms']).every(
      ([field, values]) => Array.isArray(values) && values.includes(readEcs(document, field)),
    );
  }
  if (isRecord(clause['range'])) {
    return Object.entries(clause['range']).every(([field, bounds]) => {
      const gte = isRecord(bounds) ? bounds['gte'] : undefined;
      const lt = isRecord(bounds) ? bounds['lt'] : undefined;
      const value = readEcs(document, field);
      const time = typeof value === 'number' ? value : Date.parse(String(value));
      const bound = (limit: unknown) =>
        typeof limit === 'number' ? limit : Date.parse(String(limit));
      return (gte === undefined || time >= bound(gte)) && (lt === undefined || time < bound(lt));
    });
  }
  if (isRecord(clause['bool'])) {
    const filter = clause['bool']['filter'];
    const must = clause['bool']['must'];
    return [
      ...(Array.isArray(filter) ? filter : [filter]),
      ...(Array.isArray(must) ? must : [must]),
    ]
      .filter((item) => item !== undefined)
      .every((item) => matches(document, item));
  }
  return true;
}
