import { StreamError } from '../errors/runtime-errors.js';
import { type Clock, systemClock } from '../runtime/clock.js';
import { tenantId } from '../runtime/tenant.js';
import type { JsonValue } from '../storage/types.js';
import { checkBackpressure, type StreamBackpressure, waitForCapacity } from './backpressure.js';
import type { ClaimOutcome, ConsumerBackend } from './consumer-backend.js';
import { partitionOf } from './entry-ids.js';
import { runPartitionedSubscription } from './partitioned-subscription.js';
import { checkName, checkPositiveInteger } from './stream-options.js';
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

/** Options of {@link createMemoryEventStream}. */
export interface MemoryEventStreamOptions {
  /** The stream's name. */
  readonly name: string;
  /** Partitions of every tenant's stream. */
  readonly partitions: number;
  /** Stamps entry ids and decides lease expiry and idleness. Defaults to the system clock. */
  readonly clock?: Clock;
  /** Makes `append` wait while the consumers lag. */
  readonly backpressure?: StreamBackpressure;
  /** How long a partition lease and a consumer's membership last without renewal (ms). Defaults to 10,000. */
  readonly leaseMs?: number;
  /** Trims every partition on append. */
  readonly retention?: StreamRetention;
}

interface MemoryEntry {
  readonly id: string;
  readonly ms: number;
  /** 1, 2, 3, … in append order within the partition: never reused, so never ambiguous. */
  readonly ordinal: number;
  readonly key: string;
  readonly json: string;
}

interface PendingEntry {
  consumer: string;
  deliveredAt: number;
  deliveries: number;
}

interface MemoryGroup {
  /** The ordinal of the last entry delivered to the group (0 before the first). */
  lastDelivered: number;
  /** Pending entries by ordinal. */
  readonly pending: Map<number, PendingEntry>;
}

interface MemoryPartition {
  entries: MemoryEntry[];
  added: number;
  lastMs: number;
  lastSeq: number;
  readonly groups: Map<string, MemoryGroup>;
}

/**
 * An in-process {@link EventStream} with the semantics of the Redis engine: consumer groups that
 * start at the first retained entry, per-partition ownership among the group's live consumers by
 * leases, pending entries redelivered until acknowledged, idle pending entries claimed by a
 * partition's new owner, trimming by age or length, back-pressure and metrics. Entry ids are
 * Redis-like `ms-seq`. Records are copied through JSON on append, as a real engine would.
 *
 * For tests, and for embedders that run the whole pipeline in one process.
 * @throws StreamError `STREAM_CONFIG` when an option is invalid.
 */
export function createMemoryEventStream(options: MemoryEventStreamOptions): EventStream {
  checkName('name', options.name);
  checkPositiveInteger('partitions', options.partitions);
  checkPositiveInteger('leaseMs', options.leaseMs);
  checkPositiveInteger('retention.maxLength', options.retention?.maxLength);
  checkPositiveInteger('retention.maxAgeMs', options.retention?.maxAgeMs);
  checkBackpressure(options.backpressure);
  const clock = options.clock ?? systemClock;
  const leaseMs = options.leaseMs ?? 10_000;
  const { partitions, name } = options;

  const tenants = new Map<string, MemoryPartition[]>();
  const leases = new Map<string, { consumer: string; expiresAt: number }>();
  const members = new Map<string, Map<string, number>>();
  const waiters = new Set<() => void>();
  const subscriptions = new Set<StreamSubscription>();
  let closed = false;

  const partitionsOf = (tenant: string): MemoryPartition[] => {
    const id = tenantId(tenant);
    let list = tenants.get(id);
    if (!list) {
      list = Array.from({ length: partitions }, () => ({
        entries: [],
        added: 0,
        lastMs: 0,
        lastSeq: -1,
        groups: new Map(),
      }));
      tenants.set(id, list);
    }
    return list;
  };
  const partitionAt = (tenant: string, partition: number): MemoryPartition => {
    const part = partitionsOf(tenant)[partition];
    if (!part) throw new StreamError(`no partition ${partition}`, { details: { partition } });
    return part;
  };
  const groupOf = (part: MemoryPartition, group: string): MemoryGroup => {
    let found = part.groups.get(group);
    if (!found) {
      found = { lastDelivered: 0, pending: new Map() };
      part.groups.set(group, found);
    }
    return found;
  };
  const firstOrdinal = (part: MemoryPartition): number =>
    part.entries[0]?.ordinal ?? part.added + 1;
  const entryAt = (part: MemoryPartition, ordinal: number): MemoryEntry | undefined =>
    part.entries[ordinal - firstOrdinal(part)];
  const leaseKey = (tenant: string, partition: number, group: string): string =>
    `${group}\u0000${tenant}\u0000${partition}`;
  const liveLease = (key: string): { consumer: string; expiresAt: number } | undefined => {
    const lease = leases.get(key);
    return lease && lease.expiresAt > clock.now() ? lease : undefined;
  };
  const lagOf = (part: MemoryPartition, group: MemoryGroup | undefined): number => {
    const undelivered = part.added - (group?.lastDelivered ?? 0);
    return Math.max(0, Math.min(undelivered, part.entries.length));
  };
  const trimPartition = (part: MemoryPartition, olderThan?: number, maxLength?: number): number => {
    let drop = 0;
    if (olderThan !== undefined) {
      while (drop < part.entries.length && (part.entries[drop]?.ms ?? 0) < olderThan) drop += 1;
    }
    if (maxLength !== undefined) drop = Math.max(drop, part.entries.length - maxLength);
    if (drop > 0) part.entries = part.entries.slice(drop);
    return drop;
  };
  const toEntry = (
    entry: MemoryEntry,
    partition: number,
    deliveries: number,
  ): StreamEntry<JsonValue> => ({
    id: entry.id,
    partition,
    key: entry.key,
    data: JSON.parse(entry.json) as JsonValue,
    appendedAt: entry.ms,
    deliveries,
  });
  const checkOpen = (): void => {
    if (closed) throw new StreamError(`stream ${name} is closed`, { details: { stream: name } });
  };

  const backend: ConsumerBackend = {
    async ensureGroup(tenant, group) {
      for (const part of partitionsOf(tenant)) groupOf(part, group);
    },
    async heartbeat(group, consumer, ttlMs) {
      const now = clock.now();
      let live = members.get(group);
      if (!live) {
        live = new Map();
        members.set(group, live);
      }
      live.set(consumer, now + ttlMs);
      for (const [member, expiresAt] of live) if (expiresAt <= now) live.delete(member);
      return [...live.keys()].sort();
    },
    async leave(group, consumer) {
      members.get(group)?.delete(consumer);
    },
    async acquire(tenant, partition, group, consumer, ttlMs) {
      const key = leaseKey(tenant, partition, group);
      const lease = liveLease(key);
      if (lease && lease.consumer !== consumer) return false;
      leases.set(key, { consumer, expiresAt: clock.now() + ttlMs });
      return true;
    },
    async renew(tenant, partition, group, consumer, ttlMs) {
      const key = leaseKey(tenant, partition, group);
      if (liveLease(key)?.consumer !== consumer) return false;
      leases.set(key, { consumer, expiresAt: clock.now() + ttlMs });
      return true;
    },
    async release(tenant, partition, group, consumer) {
      const key = leaseKey(tenant, partition, group);
      if (leases.get(key)?.consumer === consumer) leases.delete(key);
    },
    async claim(tenant, partition, group, consumer, minIdleMs): Promise<ClaimOutcome> {
      const pending = groupOf(partitionAt(tenant, partition), group).pending;
      const now = clock.now();
      let claimed = 0;
      let othersPending = 0;
      for (const entry of pending.values()) {
        if (entry.consumer === consumer) continue;
        if (now - entry.deliveredAt >= minIdleMs) {
          entry.consumer = consumer;
          entry.deliveredAt = now;
          claimed += 1;
        } else {
          othersPending += 1;
        }
      }
      return { claimed, othersPending };
    },
    async read(tenant, partition, group, consumer, count, history) {
      if (liveLease(leaseKey(tenant, partition, group))?.consumer !== consumer) return null;
      const part = partitionAt(tenant, partition);
      const state = groupOf(part, group);
      const now = clock.now();
      const out: StreamEntry<JsonValue>[] = [];
      if (history) {
        const mine = [...state.pending.entries()]
          .filter(([, entry]) => entry.consumer === consumer)
          .sort(([a], [b]) => a - b);
        for (const [ordinal, pending] of mine) {
          if (out.length >= count) break;
          const entry = entryAt(part, ordinal);
          if (!entry) {
            // Trimmed while pending: nothing left to deliver.
            state.pending.delete(ordinal);
            continue;
          }
          pending.deliveries += 1;
          pending.deliveredAt = now;
          out.push(toEntry(entry, partition, pending.deliveries));
        }
        return out;
      }
      let ordinal = Math.max(state.lastDelivered + 1, firstOrdinal(part));
      for (; out.length < count && ordinal <= part.added; ordinal += 1) {
        const entry = entryAt(part, ordinal);
        if (!entry) continue;
        state.pending.set(ordinal, { consumer, deliveredAt: now, deliveries: 1 });
        state.lastDelivered = ordinal;
        out.push(toEntry(entry, partition, 1));
      }
      return out;
    },
    async ack(tenant, partition, group, ids) {
      const part = partitionAt(tenant, partition);
      const pending = groupOf(part, group).pending;
      const wanted = new Set(ids);
      for (const ordinal of pending.keys()) {
        const entry = entryAt(part, ordinal);
        if (!entry || wanted.has(entry.id)) pending.delete(ordinal);
      }
    },
    idle(ms, signal) {
      return new Promise((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          waiters.delete(wake);
          signal.removeEventListener('abort', wake);
          resolve();
        };
        const timer = setTimeout(wake, ms);
        waiters.add(wake);
        signal.addEventListener('abort', wake, { once: true });
      });
    },
  };

  const groupLag = async (tenant: string, group: string | undefined): Promise<number> => {
    const list = partitionsOf(tenant);
    const names = new Set<string>();
    for (const part of list) for (const known of part.groups.keys()) names.add(known);
    if (group !== undefined) {
      if (!names.has(group)) return 0;
      names.clear();
      names.add(group);
    }
    let worst = 0;
    for (const known of names) {
      let lag = 0;
      for (const part of list) lag += lagOf(part, part.groups.get(known));
      worst = Math.max(worst, lag);
    }
    return worst;
  };

  return {
    engine: 'memory',
    name,
    partitions,
    async append(
      tenant: string,
      records: readonly StreamRecord[],
      appendOptions: StreamAppendOptions = {},
    ): Promise<AppendedRecord[]> {
      checkOpen();
      const list = partitionsOf(tenant);
      await waitForCapacity(
        options.backpressure,
        tenant,
        (group) => groupLag(tenant, group),
        appendOptions.signal,
      );
      checkOpen();
      const out: AppendedRecord[] = [];
      for (const record of records) {
        const partition = partitionOf(record.key, partitions);
        const part = list[partition] as MemoryPartition;
        const now = clock.now();
        const ms = Math.max(now, part.lastMs);
        const seq = ms === part.lastMs ? part.lastSeq + 1 : 0;
        part.lastMs = ms;
        part.lastSeq = seq;
        part.added += 1;
        const id = `${ms}-${seq}`;
        part.entries.push({
          id,
          ms,
          ordinal: part.added,
          key: record.key,
          json: JSON.stringify(record.data),
        });
        out.push({ partition, id });
      }
      if (options.retention) {
        const { maxAgeMs, maxLength } = options.retention;
        const olderThan = maxAgeMs === undefined ? undefined : clock.now() - maxAgeMs;
        for (const part of list) trimPartition(part, olderThan, maxLength);
      }
      for (const wake of [...waiters]) wake();
      return out;
    },
    subscribe<T extends JsonValue = JsonValue>(
      subscribeOptions: StreamSubscribeOptions<T>,
    ): StreamSubscription {
      checkOpen();
      const subscription = runPartitionedSubscription(backend, subscribeOptions, {
        partitions,
        leaseMs,
        onStopped: () => subscriptions.delete(subscription),
      });
      subscriptions.add(subscription);
      return subscription;
    },
    async metrics(tenant: string, group: string): Promise<StreamPartitionMetrics[]> {
      return partitionsOf(tenant).map((part, partition) => {
        const state = part.groups.get(group);
        return {
          partition,
          length: part.entries.length,
          lag: lagOf(part, state),
          pending: state?.pending.size ?? 0,
          owner: liveLease(leaseKey(tenant, partition, group))?.consumer,
        };
      });
    },
    async trim(tenant: string, trimOptions: StreamTrimOptions): Promise<number> {
      checkPositiveInteger('olderThanMs', trimOptions.olderThanMs);
      checkPositiveInteger('maxLength', trimOptions.maxLength);
      const olderThan =
        trimOptions.olderThanMs === undefined ? undefined : clock.now() - trimOptions.olderThanMs;
      let removed = 0;
      for (const part of partitionsOf(tenant)) {
        removed += trimPartition(part, olderThan, trimOptions.maxLength);
      }
      return removed;
    },
    async close(): Promise<void> {
      closed = true;
      await Promise.all([...subscriptions].map((subscription) => subscription.stop()));
    },
  };
}
