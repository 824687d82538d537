import type { Redis } from 'ioredis';
import { OpenMdrError } from '../errors/openmdr-error.js';
import { CompareAndSetConflict, StorageError } from '../errors/runtime-errors.js';
import { type Clock, systemClock } from '../runtime/clock.js';
import { tenantId } from '../runtime/tenant.js';
import type {
  AppendLog,
  CheckpointStore,
  JsonValue,
  KeyedLogEntry,
  LogEntry,
  StateStore,
  Store,
  TenantStore,
} from './types.js';
import {
  checkName,
  checkVersion,
  closedError,
  encodeJson,
  expiryOf,
  readRange,
} from './validate.js';

/** Options of {@link openRedisStore}. */
export interface RedisStoreOptions {
  /** Connection URL, `redis://[:password@]host:port/db`. Never logged unredacted. */
  url: string;
  /** Prefix of every key the store writes. Defaults to `openmdr`. Letters, digits, `.`, `_`, `-`. */
  keyPrefix?: string;
  /**
   * Stamps checkpoints and log entries. Expiry is Redis's own (native TTLs on Redis's clock);
   * `expiresAt` is reported as this clock's now plus the remaining TTL.
   */
  clock?: Clock;
}

/** Reads value, version and remaining TTL in one step. */
const GET_SCRIPT = `
local values = redis.call('HMGET', KEYS[1], 'v', 'n')
if not values[1] then return false end
return { values[1], values[2], redis.call('PTTL', KEYS[1]) }`;

/** ARGV: expected version ('' absent, '*' any), value, TTL in ms ('' none). -1 on conflict. */
const WRITE_SCRIPT = `
local current = redis.call('HGET', KEYS[1], 'n')
if ARGV[1] ~= '*' then
  if ARGV[1] == '' then
    if current then return -1 end
  elseif current ~= ARGV[1] then
    return -1
  end
end
local version = 1
if current then version = tonumber(current) + 1 end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'n', version)
if ARGV[3] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[3]) else redis.call('PERSIST', KEYS[1]) end
return version`;

/** ARGV: expected version ('' any). -1 on conflict, else the number of keys removed. */
const DELETE_SCRIPT = `
if ARGV[1] ~= '' and redis.call('HGET', KEYS[1], 'n') ~= ARGV[1] then return -1 end
return redis.call('DEL', KEYS[1])`;

/** KEYS: stream, head. ARGV: time, entries… Returns the first sequence. */
const APPEND_SCRIPT = `
local count = #ARGV - 1
local last = redis.call('INCRBY', KEYS[2], count)
local first = last - count + 1
for i = 2, #ARGV do
  redis.call('XADD', KEYS[1], string.format('%d-0', first + i - 2), 'at', ARGV[1], 'd', ARGV[i])
end
return first`;

/**
 * KEYS: stream, head, keys hash (key → sequence). ARGV: time, then key, entry, key, entry…
 * Appends the entries whose key HSETNX records (absent from the hash, and not earlier in the
 * call), and returns the 1-based positions (in the call) of those it appended; their sequences
 * follow the head's previous value in that order.
 */
const APPEND_ONCE_SCRIPT = `
local last = tonumber(redis.call('GET', KEYS[2]) or '0')
local sequence = last
local appended = {}
for i = 2, #ARGV, 2 do
  if redis.call('HSETNX', KEYS[3], ARGV[i], sequence + 1) == 1 then
    sequence = sequence + 1
    redis.call('XADD', KEYS[1], string.format('%d-0', sequence), 'at', ARGV[1], 'd', ARGV[i + 1])
    appended[#appended + 1] = i / 2
  end
end
if sequence > last then redis.call('SET', KEYS[2], sequence) end
return { last, appended }`;

interface ScriptedRedis extends Redis {
  openmdrGet(key: string): Promise<[string, string, number] | null>;
  openmdrWrite(key: string, expected: string, value: string, ttl: string): Promise<number>;
  openmdrDelete(key: string, expected: string): Promise<number>;
  openmdrAppend(stream: string, head: string, ...args: string[]): Promise<number>;
  openmdrAppendOnce(
    stream: string,
    head: string,
    keys: string,
    ...args: string[]
  ): Promise<[number, number[]]>;
}

const PREFIX = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Opens a store on Redis, for state shared between processes: compare-and-set runs as a Lua
 * script (atomic on the server), TTLs are native, log streams are Redis Streams whose entry ids
 * are the sequences.
 * @throws StorageError with code `STORAGE_OPEN` when the server cannot be reached.
 */
export async function openRedisStore(options: RedisStoreOptions): Promise<Store> {
  const clock = options.clock ?? systemClock;
  const prefix = options.keyPrefix ?? 'openmdr';
  if (!PREFIX.test(prefix)) {
    throw new StorageError(`invalid keyPrefix ${JSON.stringify(prefix)}`, {
      code: 'STORAGE_CONFIG',
      details: { keyPrefix: prefix },
    });
  }
  // Loaded on first use, so that importing @openmdr/core does not load every driver.
  const driver = await import('ioredis');
  const redis = new driver.Redis(options.url, {
    lazyConnect: true,
    maxRetriesPerRequest: 3,
    enableOfflineQueue: true,
  }) as ScriptedRedis;
  redis.on('error', () => {});
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new StorageError(`cannot open Redis store: ${(error as Error).message}`, {
      code: 'STORAGE_OPEN',
      cause: error,
      isRetryable: true,
      details: { url: options.url },
    });
  }
  redis.defineCommand('openmdrGet', { numberOfKeys: 1, lua: GET_SCRIPT });
  redis.defineCommand('openmdrWrite', { numberOfKeys: 1, lua: WRITE_SCRIPT });
  redis.defineCommand('openmdrDelete', { numberOfKeys: 1, lua: DELETE_SCRIPT });
  redis.defineCommand('openmdrAppend', { numberOfKeys: 2, lua: APPEND_SCRIPT });
  redis.defineCommand('openmdrAppendOnce', { numberOfKeys: 3, lua: APPEND_ONCE_SCRIPT });

  let closed = false;
  const run = async <T>(operation: string, body: () => Promise<T>): Promise<T> => {
    if (closed) throw closedError('redis');
    try {
      return await body();
    } catch (error) {
      // Project errors (a conflict, a bad argument) pass through as they are.
      if (OpenMdrError.isInstance(error)) throw error;
      throw new StorageError(`redis ${operation} failed: ${(error as Error).message}`, {
        cause: error,
        isRetryable: true,
        details: { operation },
      });
    }
  };

  const forTenant = (tenantValue: string): TenantStore => {
    const tenant = tenantId(tenantValue);
    const base = `${prefix}:${tenant}`;
    const stateKey = (key: string) => `${base}:state:${checkName('key', key)}`;

    const write = async (
      key: string,
      expected: string,
      value: JsonValue,
      ttlMs: number | undefined,
    ): Promise<number> => {
      const redisKey = stateKey(key);
      const json = encodeJson(value, `state key ${key}`);
      const now = clock.now();
      const expiresAt = expiryOf(ttlMs === undefined ? undefined : { ttlMs }, now);
      const ttl = expiresAt === null ? '' : String(expiresAt - now);
      return run('state write', () => redis.openmdrWrite(redisKey, expected, json, ttl));
    };

    const state: StateStore = {
      async get<T extends JsonValue>(key: string) {
        const redisKey = stateKey(key);
        const result = await run('state get', () => redis.openmdrGet(redisKey));
        if (!result) return undefined;
        const [json, version, pttl] = result;
        return {
          value: JSON.parse(json) as T,
          version: Number(version),
          expiresAt: pttl >= 0 ? clock.now() + pttl : undefined,
        };
      },
      async set(key, value, writeOptions) {
        return write(key, '*', value, writeOptions?.ttlMs);
      },
      async compareAndSet(key, expectedVersion, value, writeOptions) {
        checkVersion(expectedVersion);
        const version = await write(
          key,
          expectedVersion === null ? '' : String(expectedVersion),
          value,
          writeOptions?.ttlMs,
        );
        if (version < 0) throw new CompareAndSetConflict(key, expectedVersion);
        return version;
      },
      async delete(key, expectedVersion) {
        if (expectedVersion !== undefined) checkVersion(expectedVersion);
        const redisKey = stateKey(key);
        const removed = await run('state delete', () =>
          redis.openmdrDelete(
            redisKey,
            expectedVersion === undefined ? '' : String(expectedVersion),
          ),
        );
        if (removed < 0) throw new CompareAndSetConflict(key, expectedVersion ?? null);
        return removed > 0;
      },
    };

    const checkpointsKey = `${base}:checkpoints`;
    const checkpoints: CheckpointStore = {
      async get<P extends JsonValue>(source: string) {
        checkName('source', source);
        const json = await run('checkpoint get', () => redis.hget(checkpointsKey, source));
        if (json === null) return undefined;
        const parsed = JSON.parse(json) as { position: P; committedAt: number };
        return { position: parsed.position, committedAt: parsed.committedAt };
      },
      async commit(source, position) {
        checkName('source', source);
        const json = encodeJson({ position, committedAt: clock.now() }, `checkpoint of ${source}`);
        await run('checkpoint commit', () => redis.hset(checkpointsKey, source, json));
      },
    };

    const streamKey = (stream: string) => `${base}:log:${checkName('stream', stream)}`;
    const headKey = (stream: string) => `${base}:loghead:${checkName('stream', stream)}`;
    const logKeysKey = (stream: string) => `${base}:logkeys:${checkName('stream', stream)}`;
    const log: AppendLog = {
      async append<T extends JsonValue>(stream: string, entries: readonly T[]) {
        const keys = [streamKey(stream), headKey(stream)] as const;
        if (entries.length === 0) return [];
        const texts = entries.map((entry, index) =>
          encodeJson(entry, `entry ${index} of stream ${stream}`),
        );
        const at = clock.now();
        const first = await run('log append', () =>
          redis.openmdrAppend(keys[0], keys[1], String(at), ...texts),
        );
        return texts.map(
          (text, index): LogEntry<T> => ({
            sequence: first + index,
            at,
            data: JSON.parse(text) as T,
          }),
        );
      },
      async appendOnce<T extends JsonValue>(stream: string, entries: readonly KeyedLogEntry<T>[]) {
        const keys = [streamKey(stream), headKey(stream), logKeysKey(stream)] as const;
        const args: string[] = [];
        const texts = entries.map((entry, index) => {
          checkName('key', entry.key);
          const text = encodeJson(entry.data, `entry ${index} of stream ${stream}`);
          args.push(entry.key, text);
          return text;
        });
        if (texts.length === 0) return [];
        const at = clock.now();
        const [last, appended] = await run('log append once', () =>
          redis.openmdrAppendOnce(keys[0], keys[1], keys[2], String(at), ...args),
        );
        return appended.map(
          (position, index): LogEntry<T> => ({
            sequence: last + index + 1,
            at,
            data: JSON.parse(texts[position - 1]!) as T,
          }),
        );
      },
      async read<T extends JsonValue>(
        stream: string,
        readOptions?: Parameters<AppendLog['read']>[1],
      ) {
        const key = streamKey(stream);
        const range = readRange(readOptions);
        if (range.limit === 0 || range.from > range.to) return [];
        const end = range.to >= Number.MAX_SAFE_INTEGER ? '+' : `${range.to}-0`;
        const rows = await run('log read', () =>
          range.limit >= Number.MAX_SAFE_INTEGER
            ? redis.xrange(key, `${range.from}-0`, end)
            : redis.xrange(key, `${range.from}-0`, end, 'COUNT', range.limit),
        );
        return rows.map(([id, fields]): LogEntry<T> => {
          const record: Record<string, string> = {};
          for (let index = 0; index + 1 < fields.length; index += 2) {
            record[fields[index]!] = fields[index + 1]!;
          }
          return {
            sequence: Number(id.slice(0, id.indexOf('-'))),
            at: Number(record['at']),
            data: JSON.parse(record['d'] ?? 'null') as T,
          };
        });
      },
      async lastSequence(stream) {
        const key = headKey(stream);
        const value = await run('log last sequence', () => redis.get(key));
        return value === null ? 0 : Number(value);
      },
    };

    return { tenant, state, checkpoints, log };
  };

  return {
    kind: 'redis',
    forTenant,
    async close() {
      if (closed) return;
      closed = true;
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
