import { NormalizationError } from '../errors/normalization-error.js';
import { validIp } from './address.js';

/** A JSON object as vendors send it. */
export type JsonRecord = Record<string, unknown>;

/** True for a non-null, non-array object. */
export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Lenient, typed access to the fields of one raw vendor record. Getters return `undefined` for
 * absent, `null`, empty or mistyped values (vendors send all four for "no value"); the
 * `require*` getters throw a {@link NormalizationError} naming the field instead.
 */
export class RecordReader {
  /** The record read. */
  readonly record: JsonRecord;
  /** Prefix of field paths in errors (`threatInfo`). */
  readonly prefix: string;

  constructor(record: unknown, prefix = '') {
    if (!isRecord(record)) {
      throw new NormalizationError(
        `expected a JSON object${prefix ? ` at ${prefix}` : ''}, got ${describe(record)}`,
        { path: prefix || '(record)' },
      );
    }
    this.record = record;
    this.prefix = prefix;
  }

  /** The raw value at a dotted path. */
  value(path: string): unknown {
    if (!path.includes('.')) return this.record[path];
    let current: unknown = this.record;
    for (const key of path.split('.')) {
      if (!isRecord(current)) return undefined;
      current = current[key];
    }
    return current;
  }

  /** The full path of a field, for error messages. */
  pathOf(path: string): string {
    return this.prefix ? `${this.prefix}.${path}` : path;
  }

  /** A non-empty string (numbers are turned into strings). */
  string(path: string): string | undefined {
    const value = this.value(path);
    if (typeof value === 'string') return value.length > 0 ? value : undefined;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    return undefined;
  }

  /** A finite number (numeric strings are parsed). */
  number(path: string): number | undefined {
    const value = this.value(path);
    if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
    if (typeof value === 'string' && /^[+-]?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
    return undefined;
  }

  /** An IP address OCSF accepts ({@link validIp}), or `undefined` for anything else. */
  ip(path: string): string | undefined {
    return validIp(this.value(path));
  }

  /** A boolean. */
  boolean(path: string): boolean | undefined {
    const value = this.value(path);
    return typeof value === 'boolean' ? value : undefined;
  }

  /** A time as epoch milliseconds, from an ISO 8601 string or epoch milliseconds. */
  time(path: string): number | undefined {
    const value = this.value(path);
    if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
    if (typeof value !== 'string' || value.length === 0) return undefined;
    const parsed = Date.parse(value);
    if (Number.isNaN(parsed)) {
      throw new NormalizationError(
        `${this.pathOf(path)} is not a date-time: ${value.slice(0, 64)}`,
        {
          path: this.pathOf(path),
        },
      );
    }
    return parsed;
  }

  /** The nested object at a path, as a reader, or `undefined`. */
  object(path: string): RecordReader | undefined {
    const value = this.value(path);
    return isRecord(value) ? new RecordReader(value, this.pathOf(path)) : undefined;
  }

  /** The array at a path (empty when absent or not an array). */
  array(path: string): unknown[] {
    const value = this.value(path);
    return Array.isArray(value) ? value : [];
  }

  /** The object elements of the array at a path, as readers. */
  objects(path: string): RecordReader[] {
    return this.array(path)
      .map((item, index) =>
        isRecord(item) ? new RecordReader(item, `${this.pathOf(path)}[${index}]`) : undefined,
      )
      .filter((reader): reader is RecordReader => reader !== undefined);
  }

  /** The string elements of the array at a path. */
  strings(path: string): string[] {
    return this.array(path).filter(
      (item): item is string => typeof item === 'string' && item.length > 0,
    );
  }

  /** A non-empty string, or a {@link NormalizationError} naming the field. */
  requireString(path: string): string {
    const value = this.string(path);
    if (value === undefined) {
      throw new NormalizationError(`${this.pathOf(path)} is missing or not a string`, {
        path: this.pathOf(path),
      });
    }
    return value;
  }

  /** A time, or a {@link NormalizationError} naming the field. */
  requireTime(path: string): number {
    const value = this.time(path);
    if (value === undefined) {
      throw new NormalizationError(`${this.pathOf(path)} is missing (a date-time is required)`, {
        path: this.pathOf(path),
      });
    }
    return value;
  }

  /**
   * The record without the given top-level keys and without empty values: what is left for
   * OCSF `unmapped`.
   */
  rest(mapped: ReadonlySet<string>): JsonRecord | undefined {
    const out: JsonRecord = {};
    for (const [key, value] of Object.entries(this.record)) {
      if (mapped.has(key) || isEmpty(value)) continue;
      out[key] = value;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
}

/** True for `undefined`, `null`, `''`, `[]` and `{}`. */
export function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isRecord(value)) return Object.keys(value).length === 0;
  return false;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
