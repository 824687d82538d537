import { redactString } from '../errors/redact.js';
import { StorageError } from '../errors/runtime-errors.js';
import type { OpenStoreOptions } from './open-store.js';

/**
 * Reads a store location as the CLI and the examples take it, into {@link openStore} options:
 *
 * - `pglite:DIR` — PGlite in the directory `DIR`;
 * - `postgres:URL`, or a bare `postgres://…` / `postgresql://…` URL — PostgreSQL; a `schema`
 *   query parameter (`…/db?schema=openmdr`) chooses the schema and is not passed to the driver;
 * - `redis:URL`, or a bare `redis://…` / `rediss://…` URL — Redis; a `prefix` query parameter
 *   chooses the key prefix;
 * - `memory:` — the in-memory store.
 *
 * @throws StorageError with code `STORAGE_CONFIG` for anything else.
 */
export function parseStoreLocation(location: string): OpenStoreOptions {
  if (location === 'memory:' || location === 'memory') return { kind: 'memory' };
  if (location.startsWith('pglite:')) {
    const dataDir = location.slice('pglite:'.length);
    if (dataDir === '') throw invalid(location, 'pglite: needs a directory, as in pglite:./data');
    return { kind: 'pglite', dataDir };
  }
  const postgresUrl = location.startsWith('postgres:postgres')
    ? location.slice('postgres:'.length)
    : location;
  if (/^postgres(ql)?:\/\//.test(postgresUrl)) {
    const url = parseUrl(postgresUrl, location);
    const schema = url.searchParams.get('schema');
    url.searchParams.delete('schema');
    return {
      kind: 'postgres',
      url: url.toString(),
      ...(schema === null || schema === '' ? {} : { schema }),
    };
  }
  const redisUrl = location.startsWith('redis:redis') ? location.slice('redis:'.length) : location;
  if (/^rediss?:\/\//.test(redisUrl)) {
    const url = parseUrl(redisUrl, location);
    const prefix = url.searchParams.get('prefix');
    url.searchParams.delete('prefix');
    return {
      kind: 'redis',
      url: url.toString(),
      ...(prefix === null || prefix === '' ? {} : { keyPrefix: prefix }),
    };
  }
  throw invalid(
    location,
    'use pglite:DIR, postgres:postgres://user@host/db[?schema=NAME], redis:redis://host:port/db or memory:',
  );
}

/**
 * The location with any password replaced by `[REDACTED]` (and other secrets the redactor knows),
 * safe to print and to record.
 */
export function redactStoreLocation(location: string): string {
  const prefix = /^(pglite|postgres|redis|memory):/.exec(location)?.[0] ?? '';
  const rest = location.slice(prefix.length);
  try {
    const url = new URL(rest);
    if (url.password !== '') url.password = 'REDACTED';
    return redactString(`${prefix}${url.toString()}`).replace(':REDACTED@', ':[REDACTED]@');
  } catch {
    return redactString(location);
  }
}

function parseUrl(text: string, location: string): URL {
  try {
    return new URL(text);
  } catch {
    throw invalid(location, 'not a valid URL');
  }
}

function invalid(location: string, hint: string): StorageError {
  return new StorageError(`invalid store location ${redactStoreLocation(location)}: ${hint}`, {
    code: 'STORAGE_CONFIG',
    details: { location: redactStoreLocation(location) },
  });
}
