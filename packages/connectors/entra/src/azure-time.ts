/** ISO 8601 as Azure writes it: one-digit hours, 7-digit fractions, no zone (UTC) all occur. */
const ISO =
  /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** The US form some Azure Monitor categories write: `8/22/2022 6:11:52 PM`, optional offset. */
const US =
  /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:\s*(AM|PM))?(?:\s*(Z|[+-]\d{2}:?\d{2}))?$/i;

function offsetMs(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
}

function utc(
  parts: {
    year: number;
    month: number;
    day: number;
    hour: number;
    minute: number;
    second: number;
    fraction: string | undefined;
  },
  zone: string | undefined,
): number | undefined {
  const { year, month, day, hour, minute, second } = parts;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return undefined;
  }
  const ms = parts.fraction ? Number(parts.fraction.slice(0, 3).padEnd(3, '0')) : 0;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMs(zone);
}

/**
 * A time as Azure Monitor diagnostic records write it, in epoch milliseconds: ISO 8601 (with a
 * one-digit hour, any number of fraction digits, an offset, or no zone, read as UTC), the US form
 * `M/d/yyyy h:mm:ss [AM|PM] [±hh:mm]` (UTC unless an offset is given), or epoch milliseconds;
 * `undefined` for anything else.
 */
export function parseAzureTime(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const iso = ISO.exec(text);
  if (iso) {
    return utc(
      {
        year: Number(iso[1]),
        month: Number(iso[2]),
        day: Number(iso[3]),
        hour: Number(iso[4]),
        minute: Number(iso[5]),
        second: Number(iso[6] ?? 0),
        fraction: iso[7],
      },
      iso[8],
    );
  }
  const us = US.exec(text);
  if (us) {
    let hour = Number(us[4]);
    const meridiem = us[8]?.toUpperCase();
    if (meridiem !== undefined && (hour < 1 || hour > 12)) return undefined;
    if (meridiem === 'PM' && hour < 12) hour += 12;
    if (meridiem === 'AM' && hour === 12) hour = 0;
    return utc(
      {
        year: Number(us[3]),
        month: Number(us[1]),
        day: Number(us[2]),
        hour,
        minute: Number(us[5]),
        second: Number(us[6] ?? 0),
        fraction: us[7],
      },
      us[9],
    );
  }
  return undefined;
}

/**
 * A time field as the Graph normalisers read it (`Date.parse`): the value itself when it is an
 * ISO 8601 string with a zone `Date.parse` reads, else the {@link parseAzureTime} reading as an
 * ISO 8601 UTC string, else the value unchanged (the normaliser then names the field).
 */
export function graphTime(value: unknown): unknown {
  if (typeof value === 'string' && /(Z|[+-]\d{2}:?\d{2})$/i.test(value.trim())) {
    if (!Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}T\d{2}:/.test(value)) return value;
  }
  const time = parseAzureTime(value);
  return time === undefined ? value : new Date(time).toISOString();
}
