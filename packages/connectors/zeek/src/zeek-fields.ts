import { NormalizationError } from '@openmdr/connector-kit';
import { isRecord, type JsonRecord, validIp } from '@openmdr/connector-kit/normalize';

/**
 * Typed access to one Zeek record. Zeek's JSON writer (and {@link parseZeekTsvLine}) gives flat
 * dotted keys (`id.orig_h`); some exporters nest them (`{"id": {"orig_h": …}}`): both are read.
 * Getters return `undefined` for absent, `null`, empty and mistyped values.
 */
export class ZeekFields {
  /** The record read. */
  readonly record: JsonRecord;

  constructor(record: JsonRecord) {
    this.record = record;
  }

  /** The raw value of a field, flat key first, then the nested path. */
  value(key: string): unknown {
    const flat = this.record[key];
    if (flat !== undefined || !key.includes('.')) return flat;
    let current: unknown = this.record;
    for (const part of key.split('.')) {
      if (!isRecord(current)) return undefined;
      current = current[part];
    }
    return current;
  }

  /** A non-empty string (numbers are turned into strings; Zeek's `-` counts as unset). */
  string(key: string): string | undefined {
    const value = this.value(key);
    if (typeof value === 'string') return value.length > 0 && value !== '-' ? value : undefined;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    return undefined;
  }

  /** A finite number (numeric strings are parsed). */
  number(key: string): number | undefined {
    const value = this.value(key);
    if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
    if (typeof value === 'string' && value !== '' && Number.isFinite(Number(value)))
      return Number(value);
    return undefined;
  }

  /** A non-negative integer (truncated), for counts, ports and sizes. */
  count(key: string): number | undefined {
    const value = this.number(key);
    return value === undefined || value < 0 ? undefined : Math.trunc(value);
  }

  /** A boolean (`T`/`F` strings of hand-written TSV are accepted). */
  boolean(key: string): boolean | undefined {
    const value = this.value(key);
    if (typeof value === 'boolean') return value;
    if (value === 'T' || value === 'true') return true;
    if (value === 'F' || value === 'false') return false;
    return undefined;
  }

  /** An IP address OCSF accepts, or `undefined`. */
  ip(key: string): string | undefined {
    return validIp(this.value(key));
  }

  /** The elements of a set or vector field, as strings (a lone string is a one-element list). */
  strings(key: string): string[] {
    const value = this.value(key);
    if (typeof value === 'string') return value && value !== '-' ? [value] : [];
    if (!Array.isArray(value)) return [];
    const out: string[] = [];
    for (const item of value) {
      if (typeof item === 'string' && item.length > 0) out.push(item);
      else if (typeof item === 'number' && Number.isFinite(item)) out.push(String(item));
    }
    return out;
  }

  /** The numeric elements of a vector field (non-numbers are left out). */
  numbers(key: string): number[] {
    const value = this.value(key);
    const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
    const out: number[] = [];
    for (const item of items) {
      const number = typeof item === 'string' ? Number(item) : item;
      if (typeof number === 'number' && Number.isFinite(number)) out.push(number);
    }
    return out;
  }

  /**
   * A time as epoch milliseconds: Zeek's epoch seconds (a float, or its text) or an ISO 8601
   * string (Corelight and `LogAscii::json_timestamps=JSON::TS_ISO8601`).
   *
   * @throws {NormalizationError} naming the field when the value is neither.
   */
  time(key: string): number | undefined {
    const value = this.value(key);
    if (value === undefined || value === null || value === '' || value === '-') return undefined;
    if (typeof value === 'number' && Number.isFinite(value)) return Math.floor(value * 1000);
    if (typeof value === 'string') {
      if (/^\d+(\.\d+)?$/.test(value)) return Math.floor(Number(value) * 1000);
      const parsed = Date.parse(value);
      if (!Number.isNaN(parsed)) return parsed;
    }
    throw new NormalizationError(`${key} is not a Zeek time: ${String(value).slice(0, 64)}`, {
      path: key,
    });
  }

  /** A time, or a {@link NormalizationError} naming the field. */
  requireTime(key: string): number {
    const value = this.time(key);
    if (value === undefined) {
      throw new NormalizationError(`${key} is missing (a time is required)`, { path: key });
    }
    return value;
  }

  /** A non-empty string, or a {@link NormalizationError} naming the field. */
  requireString(key: string): string {
    const value = this.string(key);
    if (value === undefined) {
      throw new NormalizationError(`${key} is missing or not a string`, { path: key });
    }
    return value;
  }

  /**
   * The fields not in `mapped` (nor under a mapped prefix such as `id`), without empty values:
   * what is left for OCSF `unmapped`.
   */
  rest(mapped: ReadonlySet<string>): JsonRecord | undefined {
    let out: JsonRecord | undefined;
    for (const key in this.record) {
      if (mapped.has(key)) continue;
      const value = this.record[key];
      if (value === undefined || value === null || value === '' || value === '-') continue;
      if (Array.isArray(value) && value.length === 0) continue;
      if (isRecord(value) && Object.keys(value).length === 0) continue;
      out ??= {};
      out[key] = value;
    }
    return out;
  }
}
