import type { JsonValue } from '../storage/types.js';
import type { StreamEntry } from './types.js';

/**
 * KEYS: lease. ARGV: consumer, ttl ms. Takes the lease when absent (as `SET NX PX`), or extends
 * it when the consumer already holds it. 1 when held, 0 when another consumer does.
 * @internal
 */
export const ACQUIRE_SCRIPT = `
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

/** KEYS: lease. ARGV: consumer, ttl ms. Extends the lease when still held: 1, else 0. @internal */
export const RENEW_SCRIPT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

/** KEYS: lease. ARGV: consumer. Deletes the lease when held by the consumer. @internal */
export const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])`;

/**
 * KEYS: stream, lease. ARGV: group, consumer, count, id (`>` new, `0` own pending). Reads with
 * `XREADGROUP` only when the consumer holds the lease (both keys share the tenant's hash tag):
 * 0 when it does not, else the entries (an empty list for none).
 * @internal
 */
export const READ_SCRIPT = `
if redis.call('GET', KEYS[2]) ~= ARGV[2] then return 0 end
local reply = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', ARGV[3], 'STREAMS', KEYS[1], ARGV[4])
if not reply then return {} end
return reply[1][2]`;

/**
 * KEYS: members. ARGV: consumer, ttl ms. Marks the consumer live until Redis's now + ttl, drops
 * expired members, returns the live ones.
 * @internal
 */
export const HEARTBEAT_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 3)
return redis.call('ZRANGE', KEYS[1], 0, -1)`;

/** One group of `XINFO GROUPS`. @internal */
export interface RedisGroupInfo {
  readonly name: string;
  readonly pending: number;
  readonly lastDeliveredId: string;
  /** Redis 7's lag; `null` when Redis cannot tell (or before Redis 7). */
  readonly lag: number | null;
}

/** Parses an `XINFO GROUPS` reply (a list of flat field–value lists). @internal */
export function parseGroups(reply: unknown): RedisGroupInfo[] {
  if (!Array.isArray(reply)) return [];
  return reply.map((fields: unknown[]) => {
    const map = new Map<string, unknown>();
    for (let index = 0; index + 1 < fields.length; index += 2) {
      map.set(String(fields[index]), fields[index + 1]);
    }
    const lag = map.get('lag');
    return {
      name: String(map.get('name')),
      pending: Number(map.get('pending') ?? 0),
      lastDeliveredId: String(map.get('last-delivered-id') ?? '0-0'),
      lag: lag === null || lag === undefined ? null : Number(lag),
    };
  });
}

/**
 * Turns an entry of an `XREADGROUP` reply into a {@link StreamEntry}; `undefined` for an entry
 * that was deleted while pending (Redis returns it without fields).
 * @internal
 */
export function toEntry(
  row: [string, string[] | null],
  partition: number,
  deliveries: number,
): StreamEntry<JsonValue> | undefined {
  const [id, fields] = row;
  if (!fields) return undefined;
  let key = '';
  let data: JsonValue = null;
  for (let index = 0; index + 1 < fields.length; index += 2) {
    if (fields[index] === 'k') key = fields[index + 1] ?? '';
    else if (fields[index] === 'd') data = JSON.parse(fields[index + 1] ?? 'null') as JsonValue;
  }
  return { id, partition, key, data, appendedAt: Number(id.split('-')[0]), deliveries };
}
