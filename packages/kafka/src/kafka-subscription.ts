import type {
  JsonValue,
  StreamBatch,
  StreamEntry,
  StreamPartitionMetrics,
  StreamSubscription,
  TenantId,
} from '@openmdr/core';
import type {
  ClusterMetadata,
  CommitOptions,
  FetchOptions,
  GroupOptions,
} from '@platformatic/kafka';
import { DeliveryCounter } from './delivery-counter.js';
import { FairScheduler } from './fair-scheduler.js';
import { subscribedRoundRobinAssigner } from './group-assigner.js';
import type { TopicRange } from './kafka-clients.js';
import {
  hasKafkaProtocolError,
  isGroupChurn,
  isRetryableKafkaError,
  toStreamError,
} from './kafka-errors.js';
import { commitOffsetAfter, startOffset } from './offsets.js';
import type { ResolvedKafkaStreamOptions, ResolvedSubscribeOptions } from './options.js';
import { decodeRecord, type FetchedRecord } from './record-codec.js';

/** The records of one partition in a fetch response, as @platformatic/kafka parses them. */
export interface FetchedBatch {
  readonly firstOffset: bigint;
  readonly firstTimestamp: bigint;
  readonly lastOffsetDelta: number;
  readonly records: readonly {
    readonly offsetDelta: number;
    readonly timestampDelta: bigint;
    readonly key: Buffer;
    readonly value: Buffer;
  }[];
}

/** A fetch response, as much of it as the subscription reads. */
export interface FetchedResponse {
  readonly responses: readonly {
    readonly topicId: string;
    readonly partitions: readonly {
      readonly partitionIndex: number;
      readonly records?: readonly FetchedBatch[] | undefined;
    }[];
  }[];
}

/**
 * The group member a subscription drives: the part of @platformatic/kafka's `Consumer` it uses.
 * @internal
 */
export interface GroupConsumer {
  readonly memberId: string | null;
  readonly assignments:
    | readonly { readonly topic: string; readonly partitions: readonly number[] }[]
    | null;
  readonly topics: {
    trackAll(...topics: string[]): unknown;
    untrackAll(...topics: string[]): unknown;
  };
  joinGroup(options: GroupOptions): Promise<unknown>;
  leaveGroup(): Promise<void>;
  metadata(options: { topics: string[] }): Promise<Pick<ClusterMetadata, 'topics'>>;
  fetch(options: FetchOptions<Buffer, Buffer, Buffer, Buffer>): Promise<FetchedResponse>;
  commit(options: CommitOptions): Promise<void>;
  clearMetadata(): void;
  close(): Promise<void>;
}

/** What a subscription needs of its stream. @internal */
export interface SubscriptionHost {
  readonly options: ResolvedKafkaStreamOptions;
  topicOf(tenant: string): string;
  metrics(tenant: string, group: string): Promise<StreamPartitionMetrics[]>;
  ensureTopic(topic: string): Promise<void>;
  topicRange(topic: string): Promise<TopicRange>;
  committedOffsets(group: string, topic: string, partitions: number): Promise<bigint[]>;
  /** A member of `group` named `consumer`, not yet joined, using `groupOptions`. */
  createConsumer(group: string, consumer: string, groupOptions: GroupOptions): GroupConsumer;
}

/** A fetched entry waiting for delivery. */
interface Buffered {
  readonly record: FetchedRecord;
}

/** The state of one owned partition. */
interface OwnedPartition {
  readonly tenant: string;
  readonly topic: string;
  readonly partition: number;
  /** The next offset to fetch. */
  position: bigint;
  /** The last committed offset (the next entry to acknowledge). */
  committed: bigint;
  /** Fetched, not yet delivered. */
  buffer: Buffered[];
  /** A rejected batch comes back after this time (epoch ms). */
  pausedUntil: number;
}

/** The name of the group protocol whose assigner is {@link subscribedRoundRobinAssigner}. */
const PROTOCOL = 'openmdr-subscribed-roundrobin';
/** The most bytes one fetch asks of a partition. */
const PARTITION_MAX_BYTES = 1_048_576;
/** Waits after a retryable failure, doubling up to the subscription's `blockMs`. */
const FIRST_BACKOFF_MS = 100;

const key = (topic: string, partition: number): string => `${topic}:${partition}`;

/**
 * One member of a Kafka consumer group consuming tenants' topics: the group protocol assigns
 * partitions (rebalances move them when members come, leave or die), this loop fetches the owned
 * partitions, delivers batches fairly across tenants, commits `last + 1` when the handler
 * resolves, and seeks back when it rejects.
 * @internal
 */
export class KafkaSubscription<T extends JsonValue> implements StreamSubscription {
  readonly done: Promise<void>;
  readonly #host: SubscriptionHost;
  readonly #options: ResolvedSubscribeOptions<T>;
  readonly #consumer: GroupConsumer;
  readonly #groupOptions: GroupOptions;
  readonly #scheduler: FairScheduler;
  readonly #deliveries = new DeliveryCounter();
  readonly #owned = new Map<string, OwnedPartition>();
  readonly #stopper = new AbortController();
  #tenants: string[] = [];
  #topicTenants = new Map<string, string>();
  #stopping = false;
  #backoffMs = FIRST_BACKOFF_MS;
  #metricsAt = Date.now();

  constructor(host: SubscriptionHost, options: ResolvedSubscribeOptions<T>) {
    this.#host = host;
    this.#options = options;
    this.#scheduler = new FairScheduler(options.batchesPerTenantRound);
    this.#groupOptions = {
      sessionTimeout: host.options.sessionTimeoutMs,
      rebalanceTimeout: host.options.sessionTimeoutMs * 2,
      heartbeatInterval: host.options.heartbeatIntervalMs,
      protocols: [{ name: PROTOCOL, version: 1 }],
      partitionAssigner: subscribedRoundRobinAssigner,
    };
    this.#consumer = host.createConsumer(options.group, options.consumer, this.#groupOptions);
    const onAbort = (): void => void this.stop();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    this.done = this.#run().finally(() => {
      options.signal?.removeEventListener('abort', onAbort);
    });
    // `done` rejects on a fatal error; a caller that never awaits it must not crash the process.
    this.done.catch(() => undefined);
    if (options.signal?.aborted) void this.stop();
  }

  /** The partitions this consumer owns now, by tenant. */
  assignments(): ReadonlyMap<TenantId, readonly number[]> {
    const byTenant = new Map<TenantId, number[]>();
    for (const owned of this.#owned.values()) {
      const list = byTenant.get(owned.tenant) ?? [];
      list.push(owned.partition);
      byTenant.set(owned.tenant, list);
    }
    for (const list of byTenant.values()) list.sort((a, b) => a - b);
    return byTenant;
  }

  /** Where this consumer is in a partition it owns (for the stream's metrics), or `undefined`. */
  positionOf(
    topic: string,
    partition: number,
  ): { position: bigint; committed: bigint; consumer: string } | undefined {
    const owned = this.#owned.get(key(topic, partition));
    return owned === undefined
      ? undefined
      : { position: owned.position, committed: owned.committed, consumer: this.#options.consumer };
  }

  /** The group this subscription belongs to. */
  get group(): string {
    return this.#options.group;
  }

  /** Stops reading, lets the batch in flight finish, and leaves the group (its partitions move). */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#stopper.abort();
    await this.done.catch(() => undefined);
  }

  async #run(): Promise<void> {
    try {
      while (!this.#stopping) {
        try {
          await this.#round();
          this.#backoffMs = FIRST_BACKOFF_MS;
        } catch (error) {
          if (this.#stopping) break;
          const mapped = toStreamError(error, 'fetch', { group: this.#options.group });
          if (!isRetryableKafkaError(error) && !isGroupChurn(error)) throw mapped;
          this.#options.onEngineError?.(mapped);
          this.#consumer.clearMetadata();
          await this.#sleep(this.#backoffMs);
          this.#backoffMs = Math.min(
            this.#backoffMs * 2,
            Math.max(this.#options.blockMs, FIRST_BACKOFF_MS),
          );
        }
      }
    } finally {
      this.#release();
      await this.#consumer.close().catch(() => undefined);
    }
  }

  /** One scheduling round: follow the tenant list and the group's assignment, fetch, deliver. */
  async #round(): Promise<void> {
    await this.#followTenants();
    await this.#followAssignment();
    this.#emitMetricsWhenDue();
    if (this.#owned.size === 0) {
      await this.#sleep(Math.max(this.#options.blockMs, 10));
      return;
    }
    const now = Date.now();
    const toFetch = [...this.#owned.values()].filter(
      (owned) => owned.buffer.length === 0 && owned.pausedUntil <= now,
    );
    const anyBuffered = [...this.#owned.values()].some((owned) => owned.buffer.length > 0);
    if (toFetch.length > 0) {
      await this.#fetch(toFetch, anyBuffered ? 0 : this.#options.blockMs);
    } else if (!anyBuffered) {
      const wake = Math.min(...[...this.#owned.values()].map((owned) => owned.pausedUntil));
      await this.#sleep(Math.max(1, Math.min(wake - now, this.#options.blockMs)));
      return;
    }
    await this.#deliverRound();
  }

  /** Reads the tenant list; joins the group again (a rebalance) when its topics changed. */
  async #followTenants(): Promise<void> {
    const listed =
      typeof this.#options.tenants === 'function'
        ? await this.#options.tenants()
        : this.#options.tenants;
    const tenants = [...new Set(listed)];
    const changed =
      tenants.length !== this.#tenants.length ||
      tenants.some((tenant, index) => tenant !== this.#tenants[index]);
    if (!changed && this.#consumer.memberId !== null) return;
    const topicTenants = new Map<string, string>();
    for (const tenant of tenants) topicTenants.set(this.#host.topicOf(tenant), tenant);
    await Promise.all([...topicTenants.keys()].map((topic) => this.#host.ensureTopic(topic)));
    const before = new Set(this.#topicTenants.keys());
    this.#consumer.topics.untrackAll(...[...before].filter((topic) => !topicTenants.has(topic)));
    this.#consumer.topics.trackAll(
      ...[...topicTenants.keys()].filter((topic) => !before.has(topic)),
    );
    this.#tenants = tenants;
    this.#topicTenants = topicTenants;
    if (topicTenants.size === 0) {
      if (this.#consumer.memberId !== null) await this.#consumer.leaveGroup();
      return;
    }
    try {
      await this.#consumer.joinGroup(this.#groupOptions);
    } catch (error) {
      this.#tenants = [];
      throw toStreamError(error, 'join-group', { group: this.#options.group });
    }
  }

  /** Applies the group's current assignment: new partitions start at the committed offset, lost ones are dropped. */
  async #followAssignment(): Promise<void> {
    const assigned = new Map<string, { tenant: string; topic: string; partition: number }>();
    for (const { topic, partitions } of this.#consumer.assignments ?? []) {
      const tenant = this.#topicTenants.get(topic);
      if (tenant === undefined) continue;
      for (const partition of partitions)
        assigned.set(key(topic, partition), { tenant, topic, partition });
    }
    for (const [id, owned] of this.#owned) {
      if (assigned.has(id)) continue;
      this.#owned.delete(id);
      this.#deliveries.release(owned.topic, owned.partition);
      this.#emitPartition(owned.tenant, owned.partition, 'released');
    }
    const added = [...assigned].filter(([id]) => !this.#owned.has(id)).map(([, value]) => value);
    if (added.length === 0) return;
    const byTopic = new Map<string, number[]>();
    for (const { topic, partition } of added)
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), partition]);
    for (const [topic, partitions] of byTopic) {
      const tenant = this.#topicTenants.get(topic) as string;
      const [range, committed] = await Promise.all([
        this.#host.topicRange(topic),
        this.#host.committedOffsets(this.#options.group, topic, this.#host.options.partitions),
      ]);
      for (const partition of partitions) {
        const start = startOffset(committed[partition] ?? -1n, range.logStart[partition] ?? 0n);
        this.#owned.set(key(topic, partition), {
          tenant,
          topic,
          partition,
          position: start,
          committed: start,
          buffer: [],
          pausedUntil: 0,
        });
        this.#emitPartition(tenant, partition, 'assigned');
      }
    }
  }

  /** Fetches the given partitions from their leaders, waiting up to `maxWaitMs` for data. */
  async #fetch(partitions: readonly OwnedPartition[], maxWaitMs: number): Promise<void> {
    const topics = [...new Set(partitions.map((owned) => owned.topic))];
    let metadata: Pick<ClusterMetadata, 'topics'>;
    try {
      metadata = await this.#consumer.metadata({ topics });
    } catch (error) {
      throw toStreamError(error, 'fetch', { topics });
    }
    const byLeader = new Map<number, Map<string, OwnedPartition[]>>();
    for (const owned of partitions) {
      const leader = metadata.topics.get(owned.topic)?.partitions[owned.partition]?.leader;
      if (leader === undefined || leader < 0) continue;
      const byTopic = byLeader.get(leader) ?? new Map<string, OwnedPartition[]>();
      byTopic.set(owned.topic, [...(byTopic.get(owned.topic) ?? []), owned]);
      byLeader.set(leader, byTopic);
    }
    await Promise.all(
      [...byLeader].map(async ([leader, byTopic]) => {
        const requested = new Map<string, OwnedPartition>();
        const topicNames = new Map<string, string>();
        const request = [...byTopic].map(([topic, owned]) => {
          const topicId = metadata.topics.get(topic)?.id as string;
          topicNames.set(topicId, topic);
          return {
            topicId,
            partitions: owned.map((entry) => {
              requested.set(key(topic, entry.partition), entry);
              return {
                partition: entry.partition,
                fetchOffset: entry.position,
                partitionMaxBytes: PARTITION_MAX_BYTES,
                currentLeaderEpoch: -1,
                lastFetchedEpoch: -1,
              };
            }),
          };
        });
        try {
          const response = await this.#consumer.fetch({
            node: leader,
            topics: request,
            maxWaitTime: maxWaitMs,
            minBytes: 1,
          });
          this.#store(response.responses, topicNames, requested);
        } catch (error) {
          if (hasKafkaProtocolError(error, 'OFFSET_OUT_OF_RANGE')) {
            await this.#resetOutOfRange([...requested.values()]);
            return;
          }
          throw toStreamError(error, 'fetch', { leader });
        }
      }),
    );
  }

  /** Appends fetched records to their partitions' buffers and moves the fetch positions on. */
  #store(
    responses: FetchedResponse['responses'],
    topicNames: ReadonlyMap<string, string>,
    requested: ReadonlyMap<string, OwnedPartition>,
  ): void {
    for (const topicResponse of responses) {
      const topic = topicNames.get(topicResponse.topicId);
      if (topic === undefined) continue;
      for (const partitionResponse of topicResponse.partitions) {
        const owned = requested.get(key(topic, partitionResponse.partitionIndex));
        // The partition may have moved to another consumer while the fetch was in flight.
        if (owned === undefined || this.#owned.get(key(topic, owned.partition)) !== owned) continue;
        for (const batch of partitionResponse.records ?? []) {
          for (const record of batch.records) {
            const offset = batch.firstOffset + BigInt(record.offsetDelta);
            if (offset < owned.position) continue;
            owned.buffer.push({
              record: {
                offset,
                timestamp: batch.firstTimestamp + record.timestampDelta,
                key: record.key,
                value: record.value,
              },
            });
          }
          const next = batch.firstOffset + BigInt(batch.lastOffsetDelta) + 1n;
          if (next > owned.position) owned.position = next;
        }
      }
    }
  }

  /** Partitions whose position fell before the log start (trimmed): restart at the log start. */
  async #resetOutOfRange(partitions: readonly OwnedPartition[]): Promise<void> {
    for (const topic of new Set(partitions.map((owned) => owned.topic))) {
      const range = await this.#host.topicRange(topic);
      for (const owned of partitions.filter((entry) => entry.topic === topic)) {
        const logStart = range.logStart[owned.partition] ?? 0n;
        const logEnd = range.logEnd[owned.partition] ?? logStart;
        if (owned.position < logStart || owned.position > logEnd) {
          owned.position = owned.position < logStart ? logStart : logEnd;
          owned.buffer = [];
        }
      }
    }
  }

  /** Delivers one round of batches, tenants taking turns. */
  async #deliverRound(): Promise<void> {
    const ready = new Map<string, Map<number, number>>();
    for (const tenant of this.#tenants) ready.set(tenant, new Map());
    for (const owned of this.#owned.values()) {
      if (owned.buffer.length === 0) continue;
      ready
        .get(owned.tenant)
        ?.set(owned.partition, Math.ceil(owned.buffer.length / this.#options.batchSize));
    }
    for (const { tenant, partition } of this.#scheduler.planRound(ready)) {
      if (this.#stopping) return;
      const owned = this.#owned.get(key(this.#host.topicOf(tenant), partition));
      if (owned === undefined || owned.buffer.length === 0) continue;
      await this.#deliver(owned);
    }
  }

  /** Delivers the next batch of a partition: commit on resolve, seek back on reject. */
  async #deliver(owned: OwnedPartition): Promise<void> {
    const taken = owned.buffer.slice(0, this.#options.batchSize);
    const counts = this.#deliveries.deliver(
      owned.topic,
      owned.partition,
      taken.map((entry) => entry.record.offset),
    );
    const entries: StreamEntry<T>[] = taken.map((entry, index) =>
      decodeRecord<T>(entry.record, owned.partition, counts[index] ?? 1),
    );
    const batch: StreamBatch<T> = { tenant: owned.tenant, partition: owned.partition, entries };
    const first = (taken[0] as Buffered).record.offset;
    const last = (taken[taken.length - 1] as Buffered).record.offset;
    try {
      await this.#options.handler(batch);
    } catch (error) {
      this.#options.onError?.(error, batch);
      this.#seekBack(owned, first, Date.now() + this.#options.claimIdleMs);
      return;
    }
    if (this.#owned.get(key(owned.topic, owned.partition)) !== owned) return;
    const offset = commitOffsetAfter(last);
    try {
      await this.#consumer.commit({
        offsets: [{ topic: owned.topic, partition: owned.partition, offset, leaderEpoch: -1 }],
      });
    } catch (error) {
      // A rebalance took the partition (or the commit failed): the entries stay unacknowledged
      // and are delivered again, here or by the partition's new owner.
      const mapped = toStreamError(error, 'commit', { group: this.#options.group });
      this.#seekBack(owned, first, Date.now());
      if (!isGroupChurn(error) && !isRetryableKafkaError(error)) throw mapped;
      this.#options.onEngineError?.(mapped);
      return;
    }
    owned.committed = offset;
    owned.buffer.splice(0, taken.length);
    this.#deliveries.acknowledge(owned.topic, owned.partition, offset);
  }

  /** Forgets what was fetched after `offset` and fetches from it again once `until` has passed. */
  #seekBack(owned: OwnedPartition, offset: bigint, until: number): void {
    owned.buffer = [];
    owned.position = offset;
    owned.pausedUntil = until;
  }

  #release(): void {
    for (const owned of this.#owned.values())
      this.#emitPartition(owned.tenant, owned.partition, 'released');
    this.#owned.clear();
  }

  #emitPartition(tenant: string, partition: number, change: 'assigned' | 'released'): void {
    this.#options.onPartitionChange?.({ tenant, partition, change });
    this.#host.options.bus?.emit('stream.partition', {
      tenant,
      stream: this.#host.options.name,
      group: this.#options.group,
      partition,
      consumer: this.#options.consumer,
      change,
    });
  }

  #emitMetricsWhenDue(): void {
    const bus = this.#host.options.bus;
    if (bus === undefined || Date.now() - this.#metricsAt < this.#host.options.metricsIntervalMs)
      return;
    this.#metricsAt = Date.now();
    for (const tenant of this.assignments().keys()) {
      this.#host
        .metrics(tenant, this.#options.group)
        .then((partitions) =>
          bus.emit('stream.metrics', {
            tenant,
            stream: this.#host.options.name,
            group: this.#options.group,
            partitions,
            at: Date.now(),
          }),
        )
        .catch(() => undefined);
    }
  }

  #sleep(ms: number): Promise<void> {
    if (this.#stopper.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const signal = this.#stopper.signal;
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
