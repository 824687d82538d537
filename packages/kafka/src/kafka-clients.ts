import { StreamError } from '@openmdr/core';
import {
  Admin,
  type ClusterMetadata,
  Consumer,
  deleteRecordsV2,
  type GroupOptions,
  ListOffsetTimestamps,
  Producer,
} from '@platformatic/kafka';
import { hasKafkaProtocolError, toStreamError } from './kafka-errors.js';
import type { GroupConsumer } from './kafka-subscription.js';
import type { ResolvedKafkaStreamOptions } from './options.js';

/** The retained range of each partition of a topic: first retained offset and high watermark. */
export interface TopicRange {
  readonly logStart: readonly bigint[];
  readonly logEnd: readonly bigint[];
}

/** A record to produce: key and value bytes and the partition chosen by the engine. */
export interface ProducedRecord {
  readonly key: Buffer;
  readonly value: Buffer;
  readonly partition: number;
}

/**
 * The Kafka operations a stream performs: what {@link KafkaClients} does over
 * @platformatic/kafka (tests put an in-memory stand-in in its place).
 * @internal
 */
export interface StreamClients {
  ensureTopic(topic: string): Promise<void>;
  partitionsOf(topic: string): Promise<number | undefined>;
  topicRange(topic: string): Promise<TopicRange>;
  offsetsAtTime(topic: string, timestamp: number): Promise<readonly bigint[]>;
  committedOffsets(group: string, topic: string, partitions: number): Promise<bigint[]>;
  owners(group: string, topic: string): Promise<Map<number, string>>;
  deleteRecords(topic: string, before: ReadonlyMap<number, bigint>): Promise<void>;
  /** Produces records in order and returns the base offset of each partition written. */
  produce(topic: string, records: readonly ProducedRecord[]): Promise<Map<number, bigint>>;
  /** A member of `group` named `consumer`, not yet joined. */
  createConsumer(group: string, consumer: string, groupOptions: GroupOptions): GroupConsumer;
  close(): Promise<void>;
}

/** How long topic creation waits for every partition to have a leader. */
const TOPIC_READY_ATTEMPTS = 40;
const TOPIC_READY_DELAY_MS = 250;
/** The longest an append waits for the brokers' answer (ms). */
const PRODUCE_TIMEOUT_MS = 30_000;
/** Kafka's per-request timeout of DeleteRecords (ms). */
const DELETE_RECORDS_TIMEOUT_MS = 30_000;

/**
 * The Kafka clients one stream shares between its calls: the admin client (topics, groups,
 * DeleteRecords), the idempotent producer, and one non-member consumer per group to read offsets.
 * @internal
 */
export class KafkaClients implements StreamClients {
  readonly admin: Admin;
  readonly producer: Producer;
  readonly #options: ResolvedKafkaStreamOptions;
  readonly #offsetReaders = new Map<string, Consumer>();
  readonly #readyTopics = new Map<string, Promise<void>>();

  constructor(options: ResolvedKafkaStreamOptions) {
    this.#options = options;
    const base = this.baseOptions(options.clientId);
    this.admin = new Admin(base);
    this.producer = new Producer({ ...base, idempotent: true, autocreateTopics: false });
  }

  /** The connection options every client of the stream uses. */
  baseOptions(clientId: string): {
    clientId: string;
    bootstrapBrokers: string[];
  } & ResolvedKafkaStreamOptions['connection'] {
    return { clientId, bootstrapBrokers: [...this.#options.brokers], ...this.#options.connection };
  }

  /** A consumer of `group` that never joins it: it reads the group's committed offsets and topic offsets. */
  offsetReader(group: string): Consumer {
    let reader = this.#offsetReaders.get(group);
    if (reader === undefined) {
      reader = new Consumer({
        ...this.baseOptions(`${this.#options.clientId}-offsets`),
        groupId: group,
      });
      this.#offsetReaders.set(group, reader);
    }
    return reader;
  }

  /**
   * Creates the topic with the stream's partitions when it is missing, and checks an existing
   * one has them (once per topic and process).
   * @throws StreamError `STREAM_CONFIG` when the topic exists with another partition count.
   */
  ensureTopic(topic: string): Promise<void> {
    let ready = this.#readyTopics.get(topic);
    if (ready === undefined) {
      ready = this.#createIfMissing(topic);
      this.#readyTopics.set(topic, ready);
      ready.catch(() => this.#readyTopics.delete(topic));
    }
    return ready;
  }

  /** The topic's partition count, or `undefined` when it does not exist. */
  async partitionsOf(topic: string): Promise<number | undefined> {
    const metadata = await this.#metadata(topic);
    return metadata?.topics.get(topic)?.partitionsCount;
  }

  /** The retained range of every partition of a topic. */
  async topicRange(topic: string): Promise<TopicRange> {
    const reader = this.offsetReader(`${this.#options.clientId}-offsets`);
    try {
      const [earliest, latest] = await Promise.all([
        reader.listOffsets({ topics: [topic], timestamp: ListOffsetTimestamps.EARLIEST }),
        reader.listOffsets({ topics: [topic], timestamp: ListOffsetTimestamps.LATEST }),
      ]);
      return { logStart: earliest.get(topic) ?? [], logEnd: latest.get(topic) ?? [] };
    } catch (error) {
      throw toStreamError(error, 'list-offsets', { topic });
    }
  }

  /**
   * For each partition, the first offset whose timestamp is at or after `timestamp` (epoch ms),
   * `-1` when none is.
   */
  async offsetsAtTime(topic: string, timestamp: number): Promise<readonly bigint[]> {
    const reader = this.offsetReader(`${this.#options.clientId}-offsets`);
    try {
      const offsets = await reader.listOffsets({ topics: [topic], timestamp: BigInt(timestamp) });
      return offsets.get(topic) ?? [];
    } catch (error) {
      throw toStreamError(error, 'list-offsets', { topic });
    }
  }

  /** The group's committed offsets of every partition of a topic (`-1`: none). */
  async committedOffsets(group: string, topic: string, partitions: number): Promise<bigint[]> {
    try {
      const committed = await this.offsetReader(group).listCommittedOffsets({
        topics: [{ topic, partitions: Array.from({ length: partitions }, (_, index) => index) }],
      });
      const list = committed.get(topic) ?? [];
      return Array.from({ length: partitions }, (_, index) => list[index] ?? -1n);
    } catch (error) {
      throw toStreamError(error, 'list-offsets', { topic, group });
    }
  }

  /** The consumer (client id) that owns each partition of a topic in a group, from the group's description. */
  async owners(group: string, topic: string): Promise<Map<number, string>> {
    const owners = new Map<number, string>();
    try {
      const groups = await this.admin.describeGroups({ groups: [group] });
      for (const member of groups.get(group)?.members.values() ?? []) {
        for (const partition of member.assignments?.get(topic)?.partitions ?? []) {
          owners.set(partition, member.clientId);
        }
      }
    } catch (error) {
      throw toStreamError(error, 'describe-group', { group });
    }
    return owners;
  }

  /** Moves the log start of partitions to the given offsets (Kafka's DeleteRecords, sent to each leader). */
  async deleteRecords(topic: string, before: ReadonlyMap<number, bigint>): Promise<void> {
    if (before.size === 0) return;
    try {
      const metadata = await this.admin.metadata({ topics: [topic], forceUpdate: true });
      const partitions = metadata.topics.get(topic)?.partitions ?? [];
      const byLeader = new Map<number, { partitionIndex: number; offset: bigint }[]>();
      for (const [partition, offset] of before) {
        const leader = partitions[partition]?.leader;
        if (leader === undefined || leader < 0) {
          throw new StreamError(`partition ${partition} of ${topic} has no leader`, {
            isRetryable: true,
            details: { operation: 'trim', topic, partition },
          });
        }
        const list = byLeader.get(leader) ?? [];
        list.push({ partitionIndex: partition, offset });
        byLeader.set(leader, list);
      }
      const connections = await this.admin.connectToBrokers([...byLeader.keys()]);
      await Promise.all(
        [...byLeader].map(async ([leader, list]) => {
          const connection = connections.get(leader);
          if (connection === undefined) {
            throw new StreamError(`no connection to broker ${leader}`, { isRetryable: true });
          }
          await deleteRecordsV2.api.async(
            connection,
            [{ name: topic, partitions: list }],
            DELETE_RECORDS_TIMEOUT_MS,
          );
        }),
      );
    } catch (error) {
      throw toStreamError(error, 'trim', { topic });
    }
  }

  /** Produces records in order (idempotently, `acks = all`); returns each partition's base offset. */
  async produce(topic: string, records: readonly ProducedRecord[]): Promise<Map<number, bigint>> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const sent = this.producer.send({
        messages: records.map(({ key, value, partition }) => ({ topic, key, value, partition })),
      });
      // @platformatic/kafka 1.22.0 never settles the first idempotent send when no broker
      // answers: give up after PRODUCE_TIMEOUT_MS rather than wait for ever.
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new StreamError(
                `kafka append to ${topic} got no answer within ${PRODUCE_TIMEOUT_MS} ms`,
                {
                  isRetryable: true,
                  details: { operation: 'append', topic },
                },
              ),
            ),
          PRODUCE_TIMEOUT_MS,
        );
      });
      sent.catch(() => undefined);
      const result = await Promise.race([sent, timedOut]);
      const base = new Map<number, bigint>();
      for (const { partition, offset } of result.offsets ?? []) base.set(partition, offset);
      return base;
    } catch (error) {
      throw toStreamError(error, 'append', { topic });
    } finally {
      clearTimeout(timer);
    }
  }

  /** A Kafka consumer that joins `group` as `consumer` (its client id), committing by hand. */
  createConsumer(group: string, consumer: string, groupOptions: GroupOptions): GroupConsumer {
    return new Consumer({
      ...this.baseOptions(consumer),
      groupId: group,
      ...groupOptions,
      autocommit: false,
    });
  }

  /** Closes every client. */
  async close(): Promise<void> {
    const clients = [this.producer, this.admin, ...this.#offsetReaders.values()];
    this.#offsetReaders.clear();
    const results = await Promise.allSettled(clients.map((client) => client.close()));
    const failed = results.find((result) => result.status === 'rejected');
    if (failed !== undefined) throw toStreamError(failed.reason, 'close');
  }

  async #metadata(topic: string): Promise<ClusterMetadata | undefined> {
    try {
      return await this.admin.metadata({ topics: [topic], forceUpdate: true });
    } catch (error) {
      if (hasKafkaProtocolError(error, 'UNKNOWN_TOPIC_OR_PARTITION')) return undefined;
      throw toStreamError(error, 'create-topic', { topic });
    }
  }

  async #createIfMissing(topic: string): Promise<void> {
    const { partitions } = this.#options;
    let existing = await this.partitionsOf(topic);
    if (existing === undefined) {
      try {
        await this.admin.createTopics({
          topics: [topic],
          partitions,
          replicas: this.#options.replicationFactor,
          configs: Object.entries(this.#options.topicConfig).map(([name, value]) => ({
            name,
            value,
          })),
        });
      } catch (error) {
        if (!hasKafkaProtocolError(error, 'TOPIC_ALREADY_EXISTS')) {
          throw toStreamError(error, 'create-topic', { topic });
        }
      }
      for (let attempt = 0; attempt < TOPIC_READY_ATTEMPTS; attempt += 1) {
        const metadata = await this.#metadata(topic);
        const described = metadata?.topics.get(topic);
        if (described?.partitions.every((partition) => partition.leader >= 0)) {
          existing = described.partitionsCount;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, TOPIC_READY_DELAY_MS));
      }
      if (existing === undefined) {
        throw new StreamError(`topic ${topic} was created but its partitions have no leader yet`, {
          isRetryable: true,
          details: { operation: 'create-topic', topic },
        });
      }
    }
    if (existing !== partitions) {
      throw new StreamError(
        `topic ${topic} has ${existing} partitions but the stream has ${partitions}: the partition count is fixed for a stream's life`,
        {
          code: 'STREAM_CONFIG',
          details: { option: 'partitions', value: partitions, topic, existing },
        },
      );
    }
  }
}
