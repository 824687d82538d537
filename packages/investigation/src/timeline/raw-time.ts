import { at } from './ocsf-read.js';

const RAW_TIME_PATHS = [
  'Event.System.TimeCreated.#attributes.SystemTime',
  'Event.System.TimeCreated.SystemTime',
  'System.TimeCreated.#attributes.SystemTime',
  'System.TimeCreated.SystemTime',
  'TimeCreated.SystemTime',
  'TimeCreated',
  '@timestamp',
  'timestamp',
  'time',
  'ts',
  'EventTime',
  'eventTime',
] as const;

/**
 * Reads one time value: epoch seconds (`ts` of Zeek, below 10^11) or milliseconds as a number or
 * numeric string, or an ISO 8601 / `YYYY-MM-DD hh:mm:ss[.fff]` text (read as UTC without a zone).
 */
export function parseTimeValue(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return value < 1e11 ? Math.round(value * 1000) : Math.round(value);
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return parseTimeValue(Number(text));
  let iso = text.replace(' ', 'T');
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(iso)) iso += 'Z';
  // Date keeps milliseconds only: cut longer fractions (Windows writes 7 digits).
  iso = iso.replace(/(\.\d{3})\d+/, '$1');
  const parsed = Date.parse(iso);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/**
 * The time of a raw (not normalised) record, epoch ms: the Windows `TimeCreated` system time
 * (`Event.System.TimeCreated.#attributes.SystemTime` or `TimeCreated.SystemTime`), else
 * `@timestamp`, `timestamp`, `time`, `ts` (Zeek epoch seconds), `EventTime`; `undefined` when
 * none is readable.
 */
export function rawRecordTime(record: unknown): number | undefined {
  for (const path of RAW_TIME_PATHS) {
    const value = at(record, path);
    if (value === undefined) continue;
    const parsed = parseTimeValue(value);
    if (parsed !== undefined) return parsed;
  }
  return undefined;
}
