import {
  type AppendedRecord,
  type EventStream,
  type JsonValue,
  partitionOf,
  type StreamAppendOptions,
  StreamError,
  type StreamPartitionMetrics,
  type StreamRecord,
  type StreamSubscription,
  type StreamTrimOptions,
} from '@openmdr/core';
import type { GroupOptions } from '@platformatic/kafka';
import { KafkaClients, type StreamClients, type TopicRange } from './kafka-clients.js';
import {
  type GroupConsumer,
  KafkaSubscription,
  type SubscriptionHost,
} from './kafka-subscription.js';
import { entryIdOf, partitionFigures, trimTarget, unacknowledged } from './offsets.js';
import {
  type KafkaStreamOptions,
  type KafkaSubscribeOptions,
  type ResolvedKafkaStreamOptions,
  resolveKafkaStreamOptions,
  resolveSubscribeOptions,
} from './options.js';
import { chunkBySize, encodeRecord } from './record-codec.js';
import { kafkaTopicName } from './topic-names.js';

/** The most bytes of records one produce request carries (Kafka's default limit is 1 MiB). */
const PRODUCE_CHUNK_BYTES = 512 * 1024;

/** What back-pressure last measured of a tenant's stream. */
interface LagReading {
  readonly at: number;
  readonly lag: number;
  appendedSince: number;
}

/**
 * The Kafka engine of {@link EventStream}: one topic per tenant stream
 * (`<topicPrefix>.<tenant>.<name>`, created with the stream's partitions when missing), records
 * routed to partition `partitionOf(key, partitions)` (the same function as the other engines),
 * consumed by Kafka consumer groups (ownership and takeover come from the group's rebalances),
 * acknowledged by committing `last offset + 1` once the handler resolves.
 *
 * Create it with {@link createKafkaEventStream}.
 */
export class KafkaEventStream implements EventStream, SubscriptionHost {
  /** `kafka`. */
  readonly engine = 'kafka';
  /** The stream's name (the last part of every topic). */
  readonly name: string;
  /** Partitions of every tenant's topic. */
  readonly partitions: number;
  /** The resolved options. @internal */
  readonly options: ResolvedKafkaStreamOptions;
  /** The shared Kafka clients. @internal */
  readonly clients: StreamClients;
  readonly #subscriptions = new Set<KafkaSubscription<JsonValue>>();
  readonly #lag = new Map<string, LagReading>();
  #closed = false;

  /**
   * @param clients the Kafka operations; by default @platformatic/kafka's clients (tests pass a
   *   stand-in). @internal
   * @throws StreamError `STREAM_CONFIG` when an option is invalid.
   */
  constructor(options: KafkaStreamOptions, clients?: StreamClients) {
    this.options = resolveKafkaStreamOptions(options);
    this.name = this.options.name;
    this.partitions = this.options.partitions;
    this.clients = clients ?? new KafkaClients(this.options);
  }

  /** Creates the topic when missing. @internal */
  ensureTopic(topic: string): Promise<void> {
    return this.clients.ensureTopic(topic);
  }

  /** The retained range of a topic's partitions. @internal */
  topicRange(topic: string): Promise<TopicRange> {
    return this.clients.topicRange(topic);
  }

  /** A group's committed offsets of a topic. @internal */
  committedOffsets(group: string, topic: string, partitions: number): Promise<bigint[]> {
    return this.clients.committedOffsets(group, topic, partitions);
  }

  /** A Kafka consumer that joins `group` as `consumer` (its client id). @internal */
  createConsumer(group: string, consumer: string, groupOptions: GroupOptions): GroupConsumer {
    return this.clients.createConsumer(group, consumer, groupOptions);
  }

  /** The topic of a tenant's stream. */
  topicOf(tenant: string): string {
    return kafkaTopicName(this.options.topicPrefix, tenant, this.name);
  }

  /**
   * Appends records to the tenant's topic, each to the partition of its key, in order; returns
   * each record's partition and offset. The producer is idempotent (a retried request is not
   * written twice) and waits for every in-sync replica.
   * @throws StreamError `STREAM_BACKPRESSURE` when back-pressure is configured and the group
   * lagged for longer than its timeout; `STREAM` when Kafka failed.
   */
  async append(
    tenant: string,
    records: readonly StreamRecord[],
    options: StreamAppendOptions = {},
  ): Promise<AppendedRecord[]> {
    this.#checkOpen();
    const topic = this.topicOf(tenant);
    if (records.length === 0) return [];
    const encoded = records.map((record, index) =>
      encodeRecord(topic, record, partitionOf(record.key, this.partitions), index),
    );
    await this.clients.ensureTopic(topic);
    await this.#waitForCapacity(tenant, topic, records.length, options.signal);
    const appended: AppendedRecord[] = [];
    for (const chunk of chunkBySize(encoded, PRODUCE_CHUNK_BYTES)) {
      const base = await this.clients.produce(topic, chunk);
      const used = new Map<number, bigint>();
      for (const record of chunk) {
        const baseOffset = base.get(record.partition);
        if (baseOffset === undefined) {
          throw new StreamError(
            `kafka did not report the offset of partition ${record.partition}`,
            {
              details: { operation: 'append', tenant, topic },
            },
          );
        }
        const index = used.get(record.partition) ?? 0n;
        used.set(record.partition, index + 1n);
        appended.push({ partition: record.partition, id: entryIdOf(baseOffset + index) });
      }
    }
    return appended;
  }

  /**
   * Joins the group as `options.consumer` and consumes the tenants' topics (see the package
   * README for how Kafka's semantics map onto the contract's options).
   * @throws StreamError `STREAM_CONFIG` when an option is invalid.
   */
  subscribe<T extends JsonValue = JsonValue>(
    options: KafkaSubscribeOptions<T>,
  ): StreamSubscription {
    this.#checkOpen();
    const resolved = resolveSubscribeOptions(options);
    const subscription = new KafkaSubscription<T>(this, resolved);
    const tracked = subscription as unknown as KafkaSubscription<JsonValue>;
    this.#subscriptions.add(tracked);
    void subscription.done
      .catch(() => undefined)
      .finally(() => this.#subscriptions.delete(tracked));
    return subscription;
  }

  /**
   * Length, lag, pending and owner of each partition of the tenant's topic for a group: length
   * and lag from the topic's log start and end offsets and the group's committed offsets, the
   * owner (a consumer name) from this process's subscriptions or else the group's description. `pending` (fetched, not acknowledged)
   * is known for partitions owned by a subscription of this process; elsewhere it is 0 and those
   * entries count in `lag`.
   */
  async metrics(tenant: string, group: string): Promise<StreamPartitionMetrics[]> {
    this.#checkOpen();
    const topic = this.topicOf(tenant);
    const count = await this.clients.partitionsOf(topic);
    if (count === undefined) {
      return Array.from({ length: this.partitions }, (_, partition) => ({
        partition,
        length: 0,
        lag: 0,
        pending: 0,
      }));
    }
    const [range, committed, owners] = await Promise.all([
      this.clients.topicRange(topic),
      this.clients.committedOffsets(group, topic, this.partitions),
      // The group's description names the owners; during a rebalance it may not, so it is best-effort.
      this.clients.owners(group, topic).catch(() => new Map<number, string>()),
    ]);
    return Array.from({ length: this.partitions }, (_, partition) => {
      const local = this.#localPosition(group, topic, partition);
      const figures = partitionFigures({
        logStart: range.logStart[partition] ?? 0n,
        logEnd: range.logEnd[partition] ?? 0n,
        committed: local?.committed ?? committed[partition] ?? -1n,
        position: local?.position,
      });
      const owner = local?.consumer ?? owners.get(partition);
      return { partition, ...figures, ...(owner === undefined ? {} : { owner }) };
    });
  }

  /**
   * Removes a tenant's entries older than `olderThanMs` and/or beyond the newest `maxLength` of
   * each partition with Kafka's DeleteRecords (the age is turned into an offset by Kafka's
   * timestamp lookup); returns how many entries were removed. Entries a group has not yet
   * acknowledged are removed too, as with Redis `XTRIM`. A topic config such as `retention.ms`
   * (see `topicConfig`) lets Kafka expire entries by itself instead.
   * @throws StreamError `STREAM_CONFIG` for a negative or non-integer option.
   */
  async trim(tenant: string, options: StreamTrimOptions): Promise<number> {
    this.#checkOpen();
    for (const option of ['olderThanMs', 'maxLength'] as const) {
      const value = options[option];
      if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
        throw new StreamError(
          `invalid trim option ${option} (${JSON.stringify(value)}): a non-negative integer`,
          {
            code: 'STREAM_CONFIG',
            details: { option, value },
          },
        );
      }
    }
    if (options.olderThanMs === undefined && options.maxLength === undefined) return 0;
    const topic = this.topicOf(tenant);
    if ((await this.clients.partitionsOf(topic)) === undefined) return 0;
    const [range, atTime] = await Promise.all([
      this.clients.topicRange(topic),
      options.olderThanMs === undefined
        ? Promise.resolve(undefined)
        : this.clients.offsetsAtTime(topic, Date.now() - options.olderThanMs),
    ]);
    const before = new Map<number, bigint>();
    let removed = 0;
    for (let partition = 0; partition < this.partitions; partition += 1) {
      const target = trimTarget({
        logStart: range.logStart[partition] ?? 0n,
        logEnd: range.logEnd[partition] ?? 0n,
        firstOffsetAtOrAfter: atTime === undefined ? undefined : (atTime[partition] ?? -1n),
        maxLength: options.maxLength,
      });
      if (target.removed === 0) continue;
      before.set(partition, target.before);
      removed += target.removed;
    }
    await this.clients.deleteRecords(topic, before);
    return removed;
  }

  /** Stops every subscription (each finishes its batch in flight) and closes the Kafka clients. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#subscriptions].map((subscription) => subscription.stop()));
    await this.clients.close();
  }

  #localPosition(group: string, topic: string, partition: number) {
    for (const subscription of this.#subscriptions) {
      if (subscription.group !== group) continue;
      const position = subscription.positionOf(topic, partition);
      if (position !== undefined) return position;
    }
    return undefined;
  }

  /** Back-pressure: waits while the configured group's unacknowledged entries reach the limit. */
  async #waitForCapacity(
    tenant: string,
    topic: string,
    count: number,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const limits = this.options.backPressure;
    if (limits === undefined) return;
    const deadline = Date.now() + limits.timeoutMs;
    let reading = this.#lag.get(tenant);
    for (;;) {
      if (reading === undefined || Date.now() - reading.at >= limits.checkIntervalMs) {
        reading = {
          at: Date.now(),
          lag: await this.#measureLag(limits.group, topic),
          appendedSince: 0,
        };
        this.#lag.set(tenant, reading);
      }
      const lag = reading.lag + reading.appendedSince;
      if (lag < limits.maxLag) {
        reading.appendedSince += count;
        return;
      }
      const details = { tenant, group: limits.group, lag, limit: limits.maxLag };
      if (signal?.aborted) {
        throw new StreamError(`append to ${topic} aborted while waiting under back-pressure`, {
          code: 'STREAM_BACKPRESSURE',
          isRetryable: true,
          cause: signal.reason,
          details,
        });
      }
      const wait = Math.min(limits.checkIntervalMs, deadline - Date.now());
      if (wait <= 0) {
        throw new StreamError(
          `group ${limits.group} lags ${lag} entries behind ${topic} (limit ${limits.maxLag}) for longer than ${limits.timeoutMs} ms`,
          { code: 'STREAM_BACKPRESSURE', isRetryable: true, details },
        );
      }
      await abortableDelay(wait, signal);
      reading = undefined;
    }
  }

  async #measureLag(group: string, topic: string): Promise<number> {
    const [range, committed] = await Promise.all([
      this.clients.topicRange(topic),
      this.clients.committedOffsets(group, topic, this.partitions),
    ]);
    let lag = 0;
    for (let partition = 0; partition < this.partitions; partition += 1) {
      lag += unacknowledged({
        logStart: range.logStart[partition] ?? 0n,
        logEnd: range.logEnd[partition] ?? 0n,
        committed: committed[partition] ?? -1n,
      });
    }
    return lag;
  }

  #checkOpen(): void {
    if (this.#closed) {
      throw new StreamError(`the Kafka stream ${this.name} is closed`, {
        details: { stream: this.name },
      });
    }
  }
}

/**
 * Creates the Kafka engine of a partitioned event stream. Connections open lazily, on the first
 * call.
 * @throws StreamError `STREAM_CONFIG` when an option is invalid.
 * @example
 * ```ts
 * const stream = createKafkaEventStream({ brokers: ['localhost:9092'], name: 'events', partitions: 12 });
 * await stream.append('acme', [{ key: 'host:ws-1', data: event }]);
 * ```
 */
export function createKafkaEventStream(options: KafkaStreamOptions): KafkaEventStream {
  return new KafkaEventStream(options);
}

function abortableDelay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
