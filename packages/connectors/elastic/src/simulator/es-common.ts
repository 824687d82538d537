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

/** Whether a document matches the simple query clauses the simulator understands. */
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
      if (gte === undefined) return true;
      const value = readEcs(document, field);
      const time = typeof value === 'number' ? value : Date.parse(String(value));
      return time >= (typeof gte === 'number' ? gte : Date.parse(String(gte)));
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
