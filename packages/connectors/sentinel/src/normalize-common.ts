import { NormalizationError } from '@openmdr/connector-kit';
import type { RecordReader } from '@openmdr/connector-kit/normalize';

/** `metadata.product` of every Microsoft Sentinel event. */
export const SENTINEL_PRODUCT = {
  name: 'Microsoft Sentinel',
  vendor_name: 'Microsoft',
} as const;

/** OCSF `verdict_id` of a Sentinel classification; 0 (Unknown) when absent or undetermined. */
export function sentinelVerdictId(classification: string | undefined): number {
  switch (classification?.toLowerCase()) {
    case undefined:
    case 'undetermined':
      return 0;
    case 'falsepositive':
      return 1;
    case 'truepositive':
      return 2;
    case 'benignpositive':
      return 5;
    default:
      return 99;
  }
}

/** The epoch ms of an ISO time, NaN when absent or unparseable. */
export function msOf(value: unknown): number {
  if (typeof value === 'number') return value;
  return typeof value === 'string' ? Date.parse(value) : Number.NaN;
}

/** An ISO-like date-time without a zone (`2022-05-07 12:27:10.171`): Log Analytics means UTC. */
const ZONELESS_ISO = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;

/**
 * Epoch ms of a Log Analytics or ARM time value, read leniently: ISO 8601 with or without a
 * zone (UTC is meant), `2022-05-07 12:27:10.171000+00:00` as pandas exports print it, or epoch
 * ms. Placeholders (`None`, `""`, `0001-01-01T00:00:00`) and anything unparseable give
 * `undefined`, never an error: optional times must not reject a record.
 */
export function lenientTime(value: unknown): number | undefined {
  if (typeof value === 'number')
    return Number.isFinite(value) && value > 0 ? Math.trunc(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  const parsed = Date.parse(ZONELESS_ISO.test(text) ? `${text.replace(' ', 'T')}Z` : text);
  return Number.isNaN(parsed) || parsed <= 0 ? undefined : parsed;
}

/**
 * The first of `paths` that holds a time ({@link lenientTime}).
 *
 * @throws {NormalizationError} (`NORMALIZE_FAILED`) naming the first path when none does.
 */
export function requireLenientTime(reader: RecordReader, paths: readonly string[]): number {
  for (const path of paths) {
    const time = lenientTime(reader.value(path));
    if (time !== undefined) return time;
  }
  const path = reader.pathOf(paths[0] ?? '');
  throw new NormalizationError(`${path} is missing or not a date-time`, { path });
}

/** A JSON value that Log Analytics may give as JSON text (`Owner`, `Labels`, `AdditionalData`). */
export function jsonOf(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (!text.startsWith('{') && !text.startsWith('[')) return value;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return value;
  }
}

/**
 * A list column: an array, a JSON array string (`["T1059"]`) or a comma list
 * (`Execution, Persistence`); empty items and `Unknown` are dropped.
 */
export function listOf(value: unknown): string[] {
  const parsed = jsonOf(value);
  if (Array.isArray(parsed))
    return parsed.filter((item): item is string => typeof item === 'string' && item.trim() !== '');
  if (typeof parsed !== 'string') return [];
  return parsed
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0 && item.toLowerCase() !== 'unknown');
}
