import { NormalizationError } from '@openmdr/connector-kit';

/** A Suricata EVE timestamp, read. */
export interface EveTime {
  /** Epoch milliseconds (the microseconds Suricata writes are truncated). */
  readonly ms: number;
  /** The sensor's offset from UTC, minutes (`-0400` → -240). */
  readonly offsetMinutes: number;
  /** The same instant as RFC 3339 in the sensor's local time, milliseconds and `±HH:MM` offset. */
  readonly rfc3339: string;
}

const EVE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/**
 * Reads an EVE timestamp: `2024-03-01T12:00:00.123456-0400` (Suricata's local time with an offset
 * without a colon), `…+05:30`, `…Z`, or no offset at all (the certificate validity times Suricata
 * logs in UTC). `undefined` for anything else.
 */
export function parseEveTime(text: string): EveTime | undefined {
  return parseSuricataForm(text) ?? parseAnyForm(text);
}

/** The value of the decimal digits of `text` from `start` to `end`, or -1 if one is not a digit. */
function digitsAt(text: string, start: number, end: number): number {
  let value = 0;
  for (let index = start; index < end; index += 1) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

const DASH = 45;
const PLUS = 43;

/**
 * The form Suricata writes, `2024-03-01T12:00:00.123456-0400` (six fraction digits, an offset
 * without a colon), read by position without a regular expression; `undefined` for any other
 * form, which {@link parseAnyForm} reads. Both give the same result for this form.
 */
function parseSuricataForm(text: string): EveTime | undefined {
  if (text.length !== 31 || text.charCodeAt(19) !== 46) return undefined;
  if (text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':') return undefined;
  if (text[16] !== ':') return undefined;
  const signCode = text.charCodeAt(26);
  if (signCode !== DASH && signCode !== PLUS) return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 7);
  const day = digitsAt(text, 8, 10);
  const hour = digitsAt(text, 11, 13);
  const minute = digitsAt(text, 14, 16);
  const second = digitsAt(text, 17, 19);
  const millis = digitsAt(text, 20, 23);
  const micros = digitsAt(text, 23, 26);
  const zoneHours = digitsAt(text, 27, 29);
  const zoneMinutes = digitsAt(text, 29, 31);
  if (
    (year | month | day | hour | minute | second | millis | micros | zoneHours | zoneMinutes) <
    0
  ) {
    return undefined;
  }
  if (month > 12 || day > 31 || hour > 23 || zoneMinutes > 59) return undefined;
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  if (Number.isNaN(local)) return undefined;
  const offsetMinutes = (signCode === DASH ? -1 : 1) * (zoneHours * 60 + zoneMinutes);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const rfc3339 = `${text.slice(0, 23)}${sign}${text.slice(27, 29)}:${text.slice(29, 31)}`;
  return { ms: local - offsetMinutes * 60_000, offsetMinutes, rfc3339 };
}

/** Every form {@link parseEveTime} reads, by regular expression. */
function parseAnyForm(text: string): EveTime | undefined {
  const match = EVE_TIME.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction = '', zone = 'Z'] = match;
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const digits = zone.replace(':', '');
    offsetMinutes =
      (zone.startsWith('-') ? -1 : 1) *
      (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  const millis = Number(fraction.slice(0, 3).padEnd(3, '0'));
  const local = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    millis,
  );
  if (Number.isNaN(local) || Number(month) > 12 || Number(day) > 31 || Number(hour) > 23)
    return undefined;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  const rfc3339 = `${year}-${month}-${day}T${hour}:${minute}:${second}.${pad(millis, 3)}${sign}${pad(Math.trunc(absolute / 60))}:${pad(absolute % 60)}`;
  return { ms: local - offsetMinutes * 60_000, offsetMinutes, rfc3339 };
}

/**
 * The EVE timestamp at `path` of a record, or `undefined` when absent; a present value that is
 * not a timestamp throws a {@link NormalizationError} naming the field.
 */
export function eveTimeAt(value: unknown, path: string): EveTime | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const parsed = typeof value === 'string' ? parseEveTime(value) : undefined;
  if (!parsed) {
    throw new NormalizationError(`${path} is not an EVE timestamp: ${String(value).slice(0, 64)}`, {
      path,
    });
  }
  return parsed;
}
