import type { TenantId } from '../runtime/tenant.js';
import type { JsonValue } from '../storage/types.js';

/** A record to append: the partition key it is routed by, and the data. */
export interface StreamRecord<T extends JsonValue = JsonValue> {
  /**
   * The partition key (for example `host:ws-fin-042`, `user:alice`, or a correlation rule's
   * group-by values). Records with the same key go to the same partition, in append order.
   */
  readonly key: string;
  /** The record, as JSON (a normalised OCSF event, usually). */
  readonly data: T;
}

/** Where an appended record went. */
export interface AppendedRecord {
  /** The partition (0 … partitions − 1). */
  readonly partition: number;
  /** The engine's id of the entry (Redis: `ms-seq`; Kafka: the offset as a decimal string). */
  readonly id: string;
}

/** One delivered entry of a partition. */
export interface StreamEntry<T extends JsonValue = JsonValue> {
  /** The engine's id, increasing within its partition; compare with {@link compareEntryIds}. */
  readonly id: string;
  /** The partition it was read from. */
  readonly partition: number;
  /** The partition key it was appended with. */
  readonly key: string;
  /** The record. */
  readonly data: T;
  /** When it was appended (epoch milliseconds). */
  readonly appendedAt: number;
  /** How many times it has been delivered to the group, this delivery included (1 at first). */
  readonly deliveries: number;
}

/** A batch of one tenant's partition, in id order. */
export interface StreamBatch<T extends JsonValue = JsonValue> {
  /** The tenant whose stream the entries come from. */
  readonly tenant: TenantId;
  /** The partition. */
  readonly partition: number;
  /** The entries, oldest first. */
  readonly entries: readonly StreamEntry<T>[];
}

/** Options of {@link EventStream.subscribe}. */
export interface StreamSubscribeOptions<T extends JsonValue = JsonValue> {
  /** The consumer group: every group sees every entry once (workers of one stage share one). */
  readonly group: string;
  /** This worker's name, unique within the group (a host name plus process id, say). */
  readonly consumer: string;
  /** The tenants whose streams to consume, or a function returning them (read every round). */
  readonly tenants: readonly string[] | (() => readonly string[] | Promise<readonly string[]>);
  /**
   * Processes one batch. Resolving acknowledges every entry of the batch, so resolve only after
   * the batch's effects are durable. Rejecting leaves the entries pending: they are delivered
   * again (to this or, after `claimIdleMs`, another consumer).
   */
  readonly handler: (batch: StreamBatch<T>) => Promise<void>;
  /** At most this many entries per batch. Defaults to 500. */
  readonly batchSize?: number;
  /**
   * Fairness: at most this many batches of one tenant per scheduling round, so a tenant with a
   * backlog cannot starve the others. Defaults to 1.
   */
  readonly batchesPerTenantRound?: number;
  /** How long a read waits for new entries when there are none (ms). Defaults to 1,000. */
  readonly blockMs?: number;
  /**
   * Entries pending on another consumer for longer than this (ms) are taken over (Redis:
   * `XAUTOCLAIM`). Defaults to 30,000.
   */
  readonly claimIdleMs?: number;
  /**
   * After a handler rejects, the partition is read again no sooner than this (ms), so a failing
   * batch does not spin. Defaults to 100.
   */
  readonly retryDelayMs?: number;
  /** Called when the handler rejects (the batch stays pending). Defaults to ignoring it. */
  readonly onError?: (error: unknown, batch: StreamBatch<T>) => void;
  /**
   * Called when the engine itself fails (a read, an acknowledgement, a lease renewal); the
   * subscription keeps going and retries. Defaults to ignoring it.
   */
  readonly onEngineError?: (error: unknown) => void;
  /** Called when this consumer is assigned, releases or loses a partition, or claims entries. */
  readonly onPartitionChange?: (change: StreamPartitionChange) => void;
  /** Stops the subscription when aborted. */
  readonly signal?: AbortSignal;
}

/** A change of a consumer's partitions, reported to {@link StreamSubscribeOptions.onPartitionChange}. */
export interface StreamPartitionChange {
  /** The tenant. */
  readonly tenant: TenantId;
  /** The partition. */
  readonly partition: number;
  /**
   * `assigned`: this consumer took the partition; `released`: it gave it up (rebalance, stop) or
   * lost its lease; `claimed`: it took over entries left pending by another consumer.
   */
  readonly change: 'assigned' | 'released' | 'claimed';
  /** Entries taken over (`claimed`). */
  readonly count?: number;
}

/** A running subscription. */
export interface StreamSubscription {
  /** Settles when the subscription has stopped (after {@link StreamSubscription.stop}, an abort, or a fatal error). */
  readonly done: Promise<void>;
  /** The partitions this consumer owns now, by tenant. */
  assignments(): ReadonlyMap<TenantId, readonly number[]>;
  /** Stops reading, lets the batch in flight finish, and releases this consumer's partitions. */
  stop(): Promise<void>;
}

/** Per-partition figures of a tenant's stream for one group. */
export interface StreamPartitionMetrics {
  /** The partition. */
  readonly partition: number;
  /** Entries held in the partition (after trimming). */
  readonly length: number;
  /** Entries appended but not yet delivered to the group. */
  readonly lag: number;
  /** Entries delivered but not yet acknowledged. */
  readonly pending: number;
  /** The consumer that owns the partition now, when one does. */
  readonly owner?: string | undefined;
}

/** Options of {@link EventStream.trim}. */
export interface StreamTrimOptions {
  /** Removes entries appended before `now − olderThanMs`. */
  readonly olderThanMs?: number;
  /** Keeps at most about this many entries per partition. */
  readonly maxLength?: number;
}

/**
 * How much of each partition an engine keeps, applied on every append (approximately, for Redis:
 * `XADD … MAXLEN ~` / `MINID ~`). Without it a stream grows until {@link EventStream.trim}.
 */
export interface StreamRetention {
  /** Keeps about this many entries per partition. */
  readonly maxLength?: number;
  /** Removes entries appended more than this long ago (ms). */
  readonly maxAgeMs?: number;
}

/** Options of {@link EventStream.append}. */
export interface StreamAppendOptions {
  /** Gives up waiting under back-pressure when aborted. */
  readonly signal?: AbortSignal;
}

/**
 * A partitioned, durable stream of one kind of record (normalised events, say), per tenant,
 * consumed by groups of workers: the contract that the memory, Redis Streams and Kafka engines
 * implement and that `describeEventStreamContract` checks.
 *
 * Delivery is at least once: an entry is delivered again until a handler resolves for it. Each
 * partition is owned by one consumer of a group at a time, so a stage's per-partition state
 * sees its entries in order; a dead consumer's partitions move to the others.
 */
export interface EventStream {
  /** Which engine this is (`memory`, `redis`, `kafka`). */
  readonly engine: string;
  /** The stream's name (part of every key or topic). */
  readonly name: string;
  /** The number of partitions of every tenant's stream. Fixed for the stream's life. */
  readonly partitions: number;
  /**
   * Appends records, each to the partition of its key, and returns where each went. Waits while
   * the stream is over its back-pressure limit.
   * @throws OpenMdrError `STREAM_BACKPRESSURE` when the wait exceeds the limit's timeout.
   */
  append(
    tenant: string,
    records: readonly StreamRecord[],
    options?: StreamAppendOptions,
  ): Promise<AppendedRecord[]>;
  /** Starts consuming as one member of a group. */
  subscribe<T extends JsonValue = JsonValue>(
    options: StreamSubscribeOptions<T>,
  ): StreamSubscription;
  /** Length, lag, pending and owner of each partition of a tenant's stream for a group. */
  metrics(tenant: string, group: string): Promise<StreamPartitionMetrics[]>;
  /** Trims a tenant's partitions by age or length; returns how many entries were removed. */
  trim(tenant: string, options: StreamTrimOptions): Promise<number>;
  /** Stops every subscription and releases connections. */
  close(): Promise<void>;
}
