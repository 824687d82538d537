/**
 * Lenient coercions: how a value of the wrong JSON type becomes the attribute's type when the
 * intent is clear (numeric text, ISO times, epoch seconds, `"true"`, an enum caption, an object
 * sent as JSON text). Each rule follows from the attribute's dictionary type or enum, never from
 * a particular producer.
 */
import type { CompiledAttribute } from './compiled-schema.js';

/** @internal Marker: the value cannot be coerced to the attribute's type. */
export const INVALID: unique symbol = Symbol('invalid');

/** @internal A checked value, or {@link INVALID}. */
export type Checked = unknown | typeof INVALID;

/** @internal Integer text (`"443"`, `"-1"`). */
export const INTEGER_TEXT = /^[+-]?\d+$/;
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** @internal Timestamps below this (1973-03-03 in ms, year 5138 in s) are read as epoch seconds. */
export const SECONDS_LIMIT = 1e11;

/** Epoch seconds become milliseconds; fractions are rounded. */
function timestampFromNumber(value: number): number {
  return Math.round(Math.abs(value) < SECONDS_LIMIT ? value * 1000 : value);
}

/** A date and time with no zone designator (read as UTC); `-` or `/` between date parts. */
const ZONELESS_TIME = /^(\d{4})[-/](\d{2})[-/](\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/;

/**
 * @internal Epoch milliseconds of a date-time text: ISO 8601 / RFC 3339; or, without a zone, with a
 * space instead of `T` or `/` between the date parts (UTC assumed, so that the result does not
 * depend on the host's zone).
 */
export function parseTimeText(text: string): number | undefined {
  const trimmed = text.trim();
  const zoneless = ZONELESS_TIME.exec(trimmed);
  const normalized = zoneless
    ? `${zoneless[1]}-${zoneless[2]}-${zoneless[3]}T${zoneless[4]}Z`
    : trimmed;
  const parsed = Date.parse(normalized);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** Per enum: lower-case caption → id (99, Other, left out), built on first use. */
const idsByCaption = new WeakMap<Readonly<Record<string, string>>, ReadonlyMap<string, number>>();

/** @internal An enum id from its caption (`"High"` for `severity_id`), case-insensitive; never 99. */
export function findIdByCaption(
  captions: Readonly<Record<string, string>>,
  label: string,
): number | undefined {
  let ids = idsByCaption.get(captions);
  if (ids === undefined) {
    const map = new Map<string, number>();
    for (const id of Object.keys(captions)) {
      const caption = captions[id]!.toLowerCase();
      if (id !== '99' && !map.has(caption)) map.set(caption, Number(id));
    }
    idsByCaption.set(captions, map);
    ids = map;
  }
  return ids.get(label.trim().toLowerCase());
}

function coerceInteger(attribute: CompiledAttribute, value: unknown): Checked {
  if (attribute.isTimestamp) {
    if (typeof value === 'string') {
      if (NUMBER_TEXT.test(value.trim())) return timestampFromNumber(Number(value));
      return parseTimeText(value) ?? INVALID;
    }
    if (typeof value === 'number' && Number.isFinite(value)) return timestampFromNumber(value);
    return INVALID;
  }
  if (typeof value === 'string') {
    const text = value.trim();
    if (INTEGER_TEXT.test(text)) return Number(text);
    if (NUMBER_TEXT.test(text) && Number.isInteger(Number(text))) return Number(text);
    if (attribute.enumCaptions !== undefined)
      return findIdByCaption(attribute.enumCaptions, text) ?? INVALID;
    return INVALID;
  }
  if (typeof value === 'number' && Number.isFinite(value) && Number.isInteger(value)) return value;
  return INVALID;
}

/** @internal Coerces a scalar to the attribute's kind; {@link INVALID} when it cannot be done. */
export function coerce(attribute: CompiledAttribute, value: unknown): Checked {
  switch (attribute.kind) {
    case 'integer':
      return coerceInteger(attribute, value);
    case 'float':
      return typeof value === 'string' && NUMBER_TEXT.test(value.trim()) ? Number(value) : INVALID;
    case 'boolean':
      if (value === 'true' || value === 'TRUE' || value === 'True' || value === 1 || value === '1')
        return true;
      if (
        value === 'false' ||
        value === 'FALSE' ||
        value === 'False' ||
        value === 0 ||
        value === '0'
      )
        return false;
      return INVALID;
    case 'string':
      if (attribute.isDatetime && typeof value === 'number' && Number.isFinite(value)) {
        const date = new Date(value);
        return Number.isNaN(date.getTime()) ? INVALID : date.toISOString();
      }
      if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
        return String(value);
      return INVALID;
    default:
      return INVALID;
  }
}

/**
 * @internal A `datetime_t` text that its regex refuses but that is clearly a date and time
 * (no zone, a space for `T`, microseconds), as RFC 3339 in UTC; {@link INVALID} otherwise.
 */
export function coerceDatetimeText(text: string): Checked {
  const time = parseTimeText(text);
  return time === undefined ? INVALID : new Date(time).toISOString();
}

/** @internal An object attribute sent as JSON text (`"{\"name\":\"x\"}"`), parsed; else INVALID. */
export function coerceObjectText(value: unknown): Checked {
  if (typeof value !== 'string') return INVALID;
  const text = value.trim();
  if (!text.startsWith('{') || !text.endsWith('}')) return INVALID;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? parsed
      : INVALID;
  } catch {
    return INVALID;
  }
}
