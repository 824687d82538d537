import { NormalizationError } from '@openmdr/connector-kit';
import type * as z from 'zod';
import { isRecord } from './records.js';

/** The OCSF `metadata.product` of every Entra event. */
export const ENTRA_PRODUCT = { name: 'Microsoft Entra ID', vendor_name: 'Microsoft' } as const;

/**
 * Reads a Graph record leniently with `schema` and checks its id and time fields; returns the
 * record and its time in epoch milliseconds.
 *
 * @throws {NormalizationError} naming the missing or malformed field.
 */
export function checkGraphRecord<Schema extends z.ZodType<Record<string, unknown>>>(
  record: unknown,
  schema: Schema,
  kind: string,
  timeField: string,
): { value: z.output<Schema>; time: number; id: string } {
  if (!isRecord(record)) {
    throw new NormalizationError(`a Microsoft Graph ${kind} must be a JSON object`, { path: '' });
  }
  const value = schema.parse(record);
  const id = value['id'];
  if (typeof id !== 'string' || id.length === 0) {
    throw new NormalizationError(`Microsoft Graph ${kind} has no id`, { path: 'id' });
  }
  const rawTime = value[timeField];
  const time = typeof rawTime === 'string' ? Date.parse(rawTime) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new NormalizationError(`Microsoft Graph ${kind} has no valid ${timeField}`, {
      path: timeField,
    });
  }
  return { value, time, id };
}
