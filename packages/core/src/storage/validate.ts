import { StorageError } from '../errors/runtime-errors.js';
import type { JsonValue, LogReadOptions, StateWriteOptions } from './types.js';

const MAX_NAME_LENGTH = 1024;

/** Checks a state key, source or stream name: a non-empty string of at most 1024 characters. */
export function checkName(kind: 'key' | 'source' | 'stream', name: string): string {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME_LENGTH) {
    throw new StorageError(`invalid ${kind}: must be 1–${MAX_NAME_LENGTH} characters`, {
      code: 'STORAGE_INVALID_ARGUMENT',
      details: { [kind]: typeof name === 'string' ? name.slice(0, 80) : typeof name },
    });
  }
  return name;
}

/** Checks a TTL and returns the expiry time, or `null` when there is none. */
export function expiryOf(options: StateWriteOptions | undefined, now: number): number | null {
  const ttl = options?.ttlMs;
  if (ttl === undefined) return null;
  if (!Number.isFinite(ttl) || ttl <= 0) {
    throw new StorageError('invalid ttlMs: must be a positive number of milliseconds', {
      code: 'STORAGE_INVALID_ARGUMENT',
      details: { ttlMs: ttl },
    });
  }
  return now + Math.ceil(ttl);
}

/** Checks an expected version: `null` or a positive integer. */
export function checkVersion(version: number | null): void {
  if (version !== null && !(Number.isSafeInteger(version) && version > 0)) {
    throw new StorageError('invalid expectedVersion: must be null or a positive integer', {
      code: 'STORAGE_INVALID_ARGUMENT',
      details: { expectedVersion: version },
    });
  }
}

/** Normalised read range: `from` ≥ 1, `to` and `limit` possibly infinite. */
export interface ReadRange {
  from: number;
  to: number;
  limit: number;
}

/** Checks log read options. */
export function readRange(options: LogReadOptions | undefined): ReadRange {
  const from = options?.from ?? 1;
  const to = options?.to ?? Number.MAX_SAFE_INTEGER;
  const limit = options?.limit ?? Number.MAX_SAFE_INTEGER;
  for (const [name, value] of [
    ['from', from],
    ['to', to],
    ['limit', limit],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new StorageError(`invalid ${name}: must be a non-negative integer`, {
        code: 'STORAGE_INVALID_ARGUMENT',
        details: { [name]: value },
      });
    }
  }
  return { from: Math.max(1, from), to, limit };
}

/** Serialises a value to JSON text, or fails with a typed error naming what is wrong. */
export function encodeJson(value: JsonValue, where: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new StorageError(`cannot store ${where}: value is not serialisable to JSON`, {
      code: 'STORAGE_INVALID_VALUE',
      cause: error,
      details: { where },
    });
  }
  if (text === undefined) {
    throw new StorageError(`cannot store ${where}: value is not serialisable to JSON`, {
      code: 'STORAGE_INVALID_VALUE',
      details: { where },
    });
  }
  return text;
}

/** Fails with `STORAGE_CLOSED`. */
export function closedError(kind: string): StorageError {
  return new StorageError(`the ${kind} store is closed`, { code: 'STORAGE_CLOSED' });
}
