import type { Cluster, Redis } from 'ioredis';
import { OpenMdrError } from '../errors/openmdr-error.js';
import { StreamError } from '../errors/runtime-errors.js';
import { tenantId } from '../runtime/tenant.js';
import type { JsonValue } from '../storage/types.js';
import { checkBackpressure, type StreamBackpressure, waitForCapacity } from './backpressure.js';
import type { ClaimOutcome, ConsumerBackend } from './consumer-backend.js';
import { partitionOf } from './entry-ids.js';
import { runPartitionedSubscription } from './partitioned-subscription.js';
import {
  ACQUIRE_SCRIPT,
  HEARTBEAT_SCRIPT,
  parseGroups,
  READ_SCRIPT,
  RELEASE_SCRIPT,
  RENEW_SCRIPT,
  type RedisGroupInfo,
  toEntry,
} from './redis-protocol.js';
import { checkName, checkPositiveInteger, sleep } from './stream-options.js';
import type {
  AppendedRecord,
  EventStream,
  StreamAppendOptions,
  StreamEntry,
  StreamPartitionMetrics,
  StreamRecord,
  StreamRetention,
  StreamSubscribeOptions,
  StreamSubscription,
  StreamTrimOptions,
} from './types.js';

/** Options of {@link createRedisEventStream}. */
export interface RedisEventStreamOptions {
  /**
   * A connection URL (`redis://[:password@]host:port/db`; the engine opens and closes its own
   * connection) or an ioredis `Redis` or `Cluster` client (shared; the engine never closes it).
   */
  readonly redis: string | Redis | Cluster;
  /** The stream's name (part of every key). */
  readonly name: string;
  /** Partitions of every tenant's stream. Fixed for the stream's life. */
  readonly partitions: number;
  /** Prefix of every key. Defaults to `openmdr`. */
  readonly keyPrefix?: string;
  /** Makes `append` wait while a group lags (Redis 7 `XINFO GROUPS` lag, per tenant). */
  readonly backpressure?: StreamBackpressure;
  /**
   * How long a partition lease and a consumer's membership last without renewal (ms); renewed
   * every third of it. A consumer that dies holds its partitions this long. Defaults to 10,000.
   */
  readonly leaseMs?: number;
  /** Trims on every append: `XADD … MAXLEN ~ n` and/or `MINID ~ <now − maxAgeMs>`. */
  readonly retention?: StreamRetention;
}

const PREFIX = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Entries moved per `XAUTOCLAIM` call, and the most calls per take-over check. */
const CLAIM_PAGE = 200;
const CLAIM_PAGES = 50;
/** The most entries counted one by one when Redis cannot tell a group's lag. */
const LAG_SCAN_LIMIT = 10_000;

type Client = Redis | Cluster;
/** Entries of an `XREADGROUP` reply: id and fields (none when deleted while pending). */
type RawRows = [string, string[] | null][];
/** The summary form of `XPENDING`: count, smallest and largest id, count per consumer. */
type PendingSummary = [number, string | null, string | null, [string, string][] | null];

/**
 * An {@link EventStream} on Redis Streams (Redis 7 or later), for workers in several processes.
 *
 * Keys: a tenant's partition `p` is the stream `<prefix>:{<tenant>}:<name>:<p>`, its lease for a
 * group `<prefix>:{<tenant>}:<name>:<p>:lease:<group>`; the live members of a group are the
 * sorted set `<prefix>:<name>:members:<group>`. The `{<tenant>}` hash tag keeps a tenant's
 * partitions and leases in one Redis Cluster slot, so that a tenant's commands go in one pipeline
 * (ioredis's Cluster client requires it); tenants spread over the cluster's nodes.
 *
 * Delivery: consumer groups are created with `XGROUP CREATE … 0 MKSTREAM` (a new group reads the
 * retained history); a consumer reads each partition it owns with `XREADGROUP` (its own pending
 * entries first, `0`, then new ones, `>`), and `XACK`s a batch only after the handler resolves.
 *
 * Ownership: every consumer heartbeats into the group's member set (Redis time, entries expire
 * after `leaseMs`) and takes the partitions that the sorted member list deals to it (about
 * `ceil(partitions / members)` of each tenant) by a lease key, set only when absent (`SET NX PX`
 * semantics, in a script that also lets the holder extend it), renewed every `leaseMs / 3`,
 * deleted on release. A member that joins or leaves changes the deal: the others release what is
 * no longer theirs between two batches, and the new owner acquires it. A consumer whose renewal
 * fails stops reading the partition at once, and every read is fenced by the lease (a script
 * checks the holder and runs `XREADGROUP` atomically). A new owner first takes over, with
 * `XAUTOCLAIM … JUSTID`, the entries left pending by other consumers once idle for `claimIdleMs`,
 * and reads nothing new before none is pending elsewhere, so a partition's entries are handled in
 * order.
 *
 * Leases fence reads, not the end of a batch: a consumer that was paused (a long GC, a stopped
 * VM) past its lease and then goes on with a batch it read before — a "zombie" — is fenced by the
 * stage runner (`runStreamStage`), whose compare-and-set of the partition's state rejects its
 * stale write.
 *
 * Back-pressure: `append` polls the lag of the tenant's groups (Redis 7 `XINFO GROUPS` `lag`,
 * summed over the partitions; counted with `XRANGE` when Redis cannot tell) and waits while it
 * exceeds `backpressure.maxLag`, then throws `STREAM_BACKPRESSURE`.
 *
 * `retention` ages are measured on this process's clock; {@link EventStream.trim} uses Redis's.
 *
 * @throws StreamError `STREAM_CONFIG` when an option is invalid.
 */
export function createRedisEventStream(options: RedisEventStreamOptions): EventStream {
  checkName('name', options.name);
  checkPositiveInteger('partitions', options.partitions);
  checkPositiveInteger('leaseMs', options.leaseMs);
  checkPositiveInteger('retention.maxLength', options.retention?.maxLength);
  checkPositiveInteger('retention.maxAgeMs', options.retention?.maxAgeMs);
  checkBackpressure(options.backpressure);
  const prefix = options.keyPrefix ?? 'openmdr';
  if (!PREFIX.test(prefix)) {
    throw new StreamError(`invalid keyPrefix ${JSON.stringify(prefix)}`, {
      code: 'STREAM_CONFIG',
      details: { option: 'keyPrefix', value: prefix },
    });
  }
  const { name, partitions } = options;
  const leaseMs = options.leaseMs ?? 10_000;
  const subscriptions = new Set<StreamSubscription>();
  /** Tenant → when its lag was last measured under the back-pressure limit. */
  const underLimit = new Map<string, number>();
  let closed = false;

  const ownsConnection = typeof options.redis === 'string';
  let connection: Promise<Client> | undefined;
  const client = (): Promise<Client> => {
    if (closed) {
      return Promise.reject(
        new StreamError(`stream ${name} is closed`, { details: { stream: name } }),
      );
    }
    connection ??= connect(options.redis).catch((error: unknown) => {
      connection = undefined;
      throw error;
    });
    return connection;
  };

  const streamKey = (tenant: string, partition: number): string =>
    `${prefix}:{${tenant}}:${name}:${partition}`;
  const leaseKey = (tenant: string, partition: number, group: string): string =>
    `${streamKey(tenant, partition)}:lease:${group}`;
  const membersKey = (group: string): string => `${prefix}:${name}:members:${group}`;
  const allPartitions = Array.from({ length: partitions }, (_, index) => index);

  /** Runs a command, turning a Redis failure into a `STREAM` error. */
  const run = async <T>(
    operation: string,
    body: (redis: Client) => Promise<T>,
    details: Record<string, unknown> = {},
  ): Promise<T> => {
    const redis = await client();
    try {
      return await body(redis);
    } catch (error) {
      if (OpenMdrError.isInstance(error)) throw error;
      throw new StreamError(`Redis stream ${operation} failed: ${(error as Error).message}`, {
        cause: error,
        isRetryable: true,
        details: { stream: name, operation, ...details },
      });
    }
  };

  /** Runs a pipeline, throwing the first command error. */
  const exec = async (
    pipeline: ReturnType<Client['pipeline']>,
    tolerate?: (error: Error) => boolean,
  ): Promise<unknown[]> => {
    const results = (await pipeline.exec()) ?? [];
    return results.map(([error, value]) => {
      if (error && !tolerate?.(error)) throw error;
      return error ? undefined : value;
    });
  };

  const groupsOf = async (tenant: string): Promise<(RedisGroupInfo[] | undefined)[]> =>
    run(
      'XINFO GROUPS',
      async (redis) => {
        const pipeline = redis.pipeline();
        for (const partition of allPartitions) {
          pipeline.call('XINFO', 'GROUPS', streamKey(tenant, partition));
        }
        const replies = await exec(pipeline, (error) => /no such key/i.test(error.message));
        return replies.map((reply) => (reply === undefined ? undefined : parseGroups(reply)));
      },
      { tenant },
    );

  /** The lag of a group on a partition; counted with XRANGE when Redis reports none. */
  const lagOn = async (tenant: string, partition: number, info: RedisGroupInfo) => {
    if (info.lag !== null) return info.lag;
    return run('XRANGE', async (redis) => {
      const rows = (await redis.call(
        'XRANGE',
        streamKey(tenant, partition),
        `(${info.lastDeliveredId}`,
        '+',
        'COUNT',
        String(LAG_SCAN_LIMIT),
      )) as unknown[];
      return rows.length;
    });
  };

  const groupLag = async (tenant: string, group: string | undefined): Promise<number> => {
    const perPartition = await groupsOf(tenant);
    const totals = new Map<string, number>();
    for (const [partition, groups] of perPartition.entries()) {
      for (const info of groups ?? []) {
        if (group !== undefined && info.name !== group) continue;
        totals.set(
          info.name,
          (totals.get(info.name) ?? 0) + (await lagOn(tenant, partition, info)),
        );
      }
    }
    return Math.max(0, ...totals.values());
  };

  const backend: ConsumerBackend = {
    ensureGroup: (tenant, group) =>
      run(
        'XGROUP CREATE',
        async (redis) => {
          const pipeline = redis.pipeline();
          for (const partition of allPartitions) {
            pipeline.call('XGROUP', 'CREATE', streamKey(tenant, partition), group, '0', 'MKSTREAM');
          }
          await exec(pipeline, (error) => /BUSYGROUP/.test(error.message));
        },
        { tenant, group },
      ),
    heartbeat: (group, consumer, ttlMs) =>
      run('heartbeat', async (redis) => {
        const members = (await redis.eval(
          HEARTBEAT_SCRIPT,
          1,
          membersKey(group),
          consumer,
          String(ttlMs),
        )) as string[];
        return [...members].sort();
      }),
    leave: (group, consumer) =>
      run('leave', async (redis) => {
        await redis.zrem(membersKey(group), consumer);
      }),
    acquire: (tenant, partition, group, consumer, ttlMs) =>
      run('acquire', async (redis) => {
        const key = leaseKey(tenant, partition, group);
        return (await redis.eval(ACQUIRE_SCRIPT, 1, key, consumer, String(ttlMs))) === 1;
      }),
    renew: (tenant, partition, group, consumer, ttlMs) =>
      run('renew', async (redis) => {
        const key = leaseKey(tenant, partition, group);
        return (await redis.eval(RENEW_SCRIPT, 1, key, consumer, String(ttlMs))) === 1;
      }),
    release: (tenant, partition, group, consumer) =>
      run('release', async (redis) => {
        await redis.eval(RELEASE_SCRIPT, 1, leaseKey(tenant, partition, group), consumer);
        // Forget the consumer on this partition's group when nothing is pending on it, so that
        // consumer names (host and pid) do not pile up in the group.
        const key = streamKey(tenant, partition);
        try {
          const summary = (await redis.call('XPENDING', key, group)) as PendingSummary;
          const mine = (summary[3] ?? []).some(([owner]) => owner === consumer);
          if (!mine) await redis.call('XGROUP', 'DELCONSUMER', key, group, consumer);
        } catch {
          // The stream or group is gone: nothing to forget.
        }
      }),
    claim: (tenant, partition, group, consumer, minIdleMs): Promise<ClaimOutcome> =>
      run(
        'XAUTOCLAIM',
        async (redis) => {
          const key = streamKey(tenant, partition);
          let cursor = '0-0';
          let claimed = 0;
          for (let page = 0; page < CLAIM_PAGES; page += 1) {
            const reply = (await redis.call(
              'XAUTOCLAIM',
              key,
              group,
              consumer,
              String(minIdleMs),
              cursor,
              'COUNT',
              String(CLAIM_PAGE),
              'JUSTID',
            )) as [string, string[], string[]?];
            claimed += reply[1].length;
            cursor = reply[0];
            if (cursor === '0-0') break;
          }
          const summary = (await redis.call('XPENDING', key, group)) as PendingSummary;
          let othersPending = 0;
          for (const [owner, count] of summary[3] ?? []) {
            if (owner !== consumer) othersPending += Number(count);
          }
          return { claimed, othersPending };
        },
        { tenant, partition, group },
      ),
    read: (tenant, partition, group, consumer, count, history) =>
      run(
        'XREADGROUP',
        async (redis) => {
          const key = streamKey(tenant, partition);
          const lease = leaseKey(tenant, partition, group);
          const args = [group, consumer, String(count), history ? '0' : '>'];
          if (!history) {
            const rows = (await redis.eval(READ_SCRIPT, 2, key, lease, ...args)) as RawRows | 0;
            if (rows === 0) return null;
            return rows.flatMap((row) => {
              const entry = toEntry(row, partition, 1);
              return entry ? [entry] : [];
            });
          }
          const pipeline = redis.pipeline();
          pipeline.eval(READ_SCRIPT, 2, key, lease, ...args);
          pipeline.call('XPENDING', key, group, '-', '+', String(count), consumer);
          const [rows, pending] = (await exec(pipeline)) as [
            RawRows | 0,
            [string, string, number, number][],
          ];
          if (rows === 0) return null;
          const deliveries = new Map(pending.map(([id, , , times]) => [id, Number(times)]));
          const out: StreamEntry<JsonValue>[] = [];
          const gone: string[] = [];
          for (const row of rows) {
            const entry = toEntry(row, partition, deliveries.get(row[0]) ?? 1);
            if (entry) out.push(entry);
            else gone.push(row[0]);
          }
          // Pending entries trimmed away: nothing is left to deliver.
          if (gone.length > 0) await redis.xack(key, group, ...gone);
          return out;
        },
        { tenant, partition, group },
      ),
    ack: (tenant, partition, group, ids) =>
      run(
        'XACK',
        async (redis) => {
          if (ids.length > 0) await redis.xack(streamKey(tenant, partition), group, ...ids);
        },
        { tenant, partition, group },
      ),
    idle: (ms, signal) => sleep(ms, signal),
  };

  return {
    engine: 'redis',
    name,
    partitions,
    async append(
      tenant: string,
      records: readonly StreamRecord[],
      appendOptions: StreamAppendOptions = {},
    ): Promise<AppendedRecord[]> {
      tenantId(tenant);
      await waitForCapacity(
        options.backpressure,
        tenant,
        (group) => groupLag(tenant, group),
        appendOptions.signal,
        underLimit,
      );
      if (records.length === 0) return [];
      return run(
        'XADD',
        async (redis) => {
          const pipeline = redis.pipeline();
          const { maxLength, maxAgeMs } = options.retention ?? {};
          const limit: string[] = [];
          if (maxLength !== undefined) limit.push('MAXLEN', '~', String(maxLength));
          else if (maxAgeMs !== undefined) limit.push('MINID', '~', `${Date.now() - maxAgeMs}-0`);
          const targets = records.map((record) => partitionOf(record.key, partitions));
          records.forEach((record, index) => {
            pipeline.call(
              'XADD',
              streamKey(tenant, targets[index] ?? 0),
              ...limit,
              '*',
              'k',
              record.key,
              'd',
              JSON.stringify(record.data),
            );
          });
          if (maxLength !== undefined && maxAgeMs !== undefined) {
            for (const partition of new Set(targets)) {
              pipeline.call(
                'XTRIM',
                streamKey(tenant, partition),
                'MINID',
                '~',
                `${Date.now() - maxAgeMs}-0`,
              );
            }
          }
          const ids = await exec(pipeline);
          return records.map((_, index) => ({
            partition: targets[index] ?? 0,
            id: String(ids[index]),
          }));
        },
        { tenant },
      );
    },
    subscribe<T extends JsonValue = JsonValue>(
      subscribeOptions: StreamSubscribeOptions<T>,
    ): StreamSubscription {
      if (closed) throw new StreamError(`stream ${name} is closed`, { details: { stream: name } });
      const subscription = runPartitionedSubscription(backend, subscribeOptions, {
        partitions,
        leaseMs,
        onStopped: () => subscriptions.delete(subscription),
      });
      subscriptions.add(subscription);
      return subscription;
    },
    async metrics(tenant: string, group: string): Promise<StreamPartitionMetrics[]> {
      tenantId(tenant);
      const groups = await groupsOf(tenant);
      const [lengths, owners] = await run(
        'metrics',
        async (redis) => {
          const pipeline = redis.pipeline();
          for (const partition of allPartitions) pipeline.xlen(streamKey(tenant, partition));
          for (const partition of allPartitions) pipeline.get(leaseKey(tenant, partition, group));
          const replies = await exec(pipeline);
          return [
            replies.slice(0, partitions).map(Number),
            replies.slice(partitions) as (string | null)[],
          ] as const;
        },
        { tenant, group },
      );
      const out: StreamPartitionMetrics[] = [];
      for (const partition of allPartitions) {
        const length = lengths[partition] ?? 0;
        const info = groups[partition]?.find((candidate) => candidate.name === group);
        out.push({
          partition,
          length,
          lag: info ? await lagOn(tenant, partition, info) : length,
          pending: info?.pending ?? 0,
          owner: owners[partition] ?? undefined,
        });
      }
      return out;
    },
    async trim(tenant: string, trimOptions: StreamTrimOptions): Promise<number> {
      tenantId(tenant);
      checkPositiveInteger('olderThanMs', trimOptions.olderThanMs);
      checkPositiveInteger('maxLength', trimOptions.maxLength);
      return run(
        'XTRIM',
        async (redis) => {
          const [seconds, micros] = (await redis.time()) as [string | number, string | number];
          const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
          const pipeline = redis.pipeline();
          for (const partition of allPartitions) {
            const key = streamKey(tenant, partition);
            if (trimOptions.olderThanMs !== undefined) {
              pipeline.call('XTRIM', key, 'MINID', `${now - trimOptions.olderThanMs}-0`);
            }
            if (trimOptions.maxLength !== undefined) {
              pipeline.call('XTRIM', key, 'MAXLEN', String(trimOptions.maxLength));
            }
          }
          const removed = await exec(pipeline);
          return removed.reduce<number>((sum, count) => sum + Number(count ?? 0), 0);
        },
        { tenant },
      );
    },
    async close(): Promise<void> {
      await Promise.all([...subscriptions].map((subscription) => subscription.stop()));
      closed = true;
      if (ownsConnection && connection) {
        const redis = await connection.catch(() => undefined);
        await redis?.quit().catch(() => redis.disconnect());
      }
    },
  };
}

/** Opens the engine's own connection for a URL, or takes the client given. */
async function connect(redis: string | Client): Promise<Client> {
  if (typeof redis !== 'string') return redis;
  // Loaded on first use, so that importing @openmdr/core does not load every driver.
  const driver = await import('ioredis');
  const client = new driver.Redis(redis, {
    lazyConnect: true,
    maxRetriesPerRequest: 3,
    enableOfflineQueue: true,
  });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw new StreamError(`cannot connect to Redis: ${(error as Error).message}`, {
      cause: error,
      isRetryable: true,
      details: { url: redis },
    });
  }
  return client;
}
