import { NormalizationError } from '@openmdr/connector-kit';
import {
  type JsonRecord,
  type SeverityIdValue,
  severityIdOf,
} from '@openmdr/connector-kit/normalize';

/**
 * The values of a result field: Splunk returns a single value as a string and a multi-valued
 * field as an array of strings; clients that re-encode results (SOAR platforms, `json_rows`
 * readers) also send numbers. Empty values are left out.
 */
export function fieldValues(record: JsonRecord, key: string): string[] {
  const value = record[key];
  const list = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (const item of list) {
    if (typeof item === 'string' && item.trim().length > 0) out.push(item);
    else if (typeof item === 'number' && Number.isFinite(item)) out.push(String(item));
  }
  return out;
}

/** The first value of a single- or multi-valued result field. */
export function firstValue(record: JsonRecord, key: string): string | undefined {
  return fieldValues(record, key)[0];
}

/** The first of several fields that has a value. */
export function firstOf(record: JsonRecord, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = firstValue(record, key);
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * UTC offsets of the time-zone abbreviations `%Z` writes in a search's `time_format` that
 * `Date.parse` does not know (it knows UTC, GMT and the US zones).
 */
const ZONES: Readonly<Record<string, string>> = {
  UTC: '+00:00',
  GMT: '+00:00',
  Z: '+00:00',
  WET: '+00:00',
  WEST: '+01:00',
  BST: '+01:00',
  CET: '+01:00',
  CEST: '+02:00',
  MET: '+01:00',
  MEST: '+02:00',
  EET: '+02:00',
  EEST: '+03:00',
  MSK: '+03:00',
  IST: '+05:30',
  SGT: '+08:00',
  HKT: '+08:00',
  JST: '+09:00',
  KST: '+09:00',
  AEST: '+10:00',
  AEDT: '+11:00',
  NZST: '+12:00',
  NZDT: '+13:00',
  EST: '-05:00',
  EDT: '-04:00',
  CST: '-06:00',
  CDT: '-05:00',
  MST: '-07:00',
  MDT: '-06:00',
  PST: '-08:00',
  PDT: '-07:00',
  AKST: '-09:00',
  AKDT: '-08:00',
  HST: '-10:00',
};

/** `2013-02-11 10:43:01.060 PST`, `2013-02-11 10:43:01 +0100`: a date, a time, a zone. */
const SPACED =
  /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*([A-Za-z]{1,5}|[+-]\d{2}:?\d{2})?$/;

/**
 * Epoch milliseconds of a Splunk time value, or `NaN`: ISO 8601 with an offset (the REST API's
 * default, `2020-08-24T12:10:17.000-07:00`), epoch seconds with a fraction (`1596545116`,
 * `1564419060.000000000`, `time_format=%s.%Q`, `_indextime`), epoch milliseconds, a date and a
 * time with a zone abbreviation or offset (`2013-02-11 10:43:01.060 PST`; none is UTC), or
 * `ctime`'s `07/27/2022 14:32:18` (UTC).
 */
export function splunkTimeOf(value: string | number): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return Number.NaN;
    // seconds until the year 5138, milliseconds after
    return Math.trunc(Math.abs(value) < 1e11 ? value * 1000 : value);
  }
  const text = value.trim();
  if (/^\d{1,11}(\.\d+)?$/.test(text)) return Math.trunc(Number(text) * 1000);
  if (/^\d{12,14}$/.test(text)) return Number(text);
  // `ctime` and `security_content_ctime` write `%m/%d/%Y %H:%M:%S`, without a zone: read as UTC
  const ctime = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)$/.exec(text);
  if (ctime) return Date.parse(`${ctime[3]}-${ctime[1]}-${ctime[2]}T${ctime[4]}Z`);
  const spaced = SPACED.exec(text);
  if (spaced) {
    const [, date, time, zone] = spaced;
    const offset =
      zone === undefined
        ? '+00:00'
        : /^[+-]/.test(zone)
          ? zone.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2')
          : ZONES[zone.toUpperCase()];
    if (offset !== undefined) return Date.parse(`${date}T${time}${offset}`);
  }
  return Date.parse(text);
}

/**
 * The time of a result: the first of `keys` that has a value that is a time (`_time` first), in
 * epoch milliseconds; `undefined` when none has. The later keys are fallbacks: a value of theirs
 * that is no time (`info_max_time=+Infinity` of an all-time search) is passed over.
 *
 * @throws {NormalizationError} naming the first key when its value is not a date-time.
 */
export function splunkTime(record: JsonRecord, keys: readonly string[]): number | undefined {
  for (const [index, key] of keys.entries()) {
    const raw = Array.isArray(record[key]) ? (record[key] as unknown[])[0] : record[key];
    if (typeof raw !== 'string' && typeof raw !== 'number') continue;
    if (typeof raw === 'string' && raw.trim() === '') continue;
    const time = splunkTimeOf(raw);
    if (!Number.isNaN(time)) return time;
    if (index === 0) {
      throw new NormalizationError(`${key} is not a date-time: ${String(raw).slice(0, 64)}`, {
        path: key,
      });
    }
  }
  return undefined;
}

/**
 * The time of a result, as {@link splunkTime} finds it.
 *
 * @throws {NormalizationError} naming the first key when its value is not a date-time, or when
 *   no key has a time.
 */
export function requireSplunkTime(record: JsonRecord, keys: readonly string[]): number {
  const time = splunkTime(record, keys);
  if (time !== undefined) return time;
  const key = keys[0] ?? '_time';
  throw new NormalizationError(`${key} is missing (a date-time is required)`, { path: key });
}

/**
 * OCSF `severity_id` of an ES urgency or severity: the names ES uses (`informational`, `low`,
 * `medium`, `high`, `critical`, `unknown`, any case, `info`), or a number 0–6 as some searches
 * and SOAR platforms send; 99 (Other) for any other word.
 */
export function splunkSeverityId(value: string | undefined): SeverityIdValue {
  if (value === undefined) return 0;
  const text = value.trim();
  if (/^[0-6]$/.test(text)) return Number(text) as SeverityIdValue;
  return severityIdOf(text);
}
