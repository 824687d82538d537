// An in-memory stand-in for a Kafka cluster, for the tests that run without a broker: topics of
// partitions of records with absolute offsets, a log start that DeleteRecords moves, committed
// offsets per group, and a group coordinator that rebalances (with the engine's assigner) whenever
// a member joins, leaves or closes. It implements the engine's StreamClients and GroupConsumer
// seams; the real client is tested by kafka-contract.int.test.ts against a broker.

import { partitionOf } from '@openmdr/core';
import type { GroupOptions } from '@platformatic/kafka';
import { subscribedRoundRobinAssigner } from '../src/group-assigner.js';
import type { ProducedRecord, StreamClients, TopicRange } from '../src/kafka-clients.js';
import type { FetchedResponse, GroupConsumer } from '../src/kafka-subscription.js';

interface StoredRecord {
  readonly key: Buffer;
  readonly value: Buffer;
  readonly timestamp: bigint;
}

interface StoredPartition {
  /** The offset of `records[0]`. */
  start: number;
  records: StoredRecord[];
}

/** The cluster. */
export class FakeKafka {
  readonly topics = new Map<string, StoredPartition[]>();
  readonly committed = new Map<string, bigint>();
  readonly groups = new Map<string, Set<FakeConsumer>>();
  #members = 0;

  constructor(readonly partitions: number) {}

  ensure(topic: string): StoredPartition[] {
    let partitions = this.topics.get(topic);
    if (partitions === undefined) {
      partitions = Array.from({ length: this.partitions }, () => ({ start: 0, records: [] }));
      this.topics.set(topic, partitions);
    }
    return partitions;
  }

  /** Appends `count` records keyed `host-<i mod keys>` with data `{ n: i, label }`. */
  append(topic: string, count: number, keys: number, label = ''): void {
    const partitions = this.ensure(topic);
    for (let index = 0; index < count; index += 1) {
      const key = `host-${index % keys}`;
      partitions[partitionOf(key, this.partitions)]?.records.push({
        key: Buffer.from(key),
        value: Buffer.from(JSON.stringify({ n: index, label })),
        timestamp: 1_700_000_000_000n + BigInt(index),
      });
    }
  }

  committedOf(group: string, topic: string, partition: number): bigint {
    return this.committed.get(`${group}|${topic}:${partition}`) ?? -1n;
  }

  nextMemberId(consumer: string): string {
    this.#members += 1;
    return `${consumer}-${this.#members}`;
  }

  /** Recomputes the assignments of every member of a group, as a rebalance does. */
  rebalance(group: string): void {
    const members = [...(this.groups.get(group) ?? [])];
    const subscriptions = new Map(
      members.map((member) => [
        member.memberId as string,
        { memberId: member.memberId as string, version: 1, topics: [...member.tracked] },
      ]),
    );
    const metadata = {
      topics: new Map(
        [...this.topics.keys()].map((topic) => [
          topic,
          { id: `id-${topic}`, partitions: [], partitionsCount: this.partitions, lastUpdate: 0 },
        ]),
      ),
    };
    const result = subscribedRoundRobinAssigner('', subscriptions, new Set(), metadata);
    for (const member of members) {
      const assigned = result.find((entry) => entry.memberId === member.memberId);
      member.assignments = [...(assigned?.assignments.values() ?? [])].map(
        ({ topic, partitions }) => ({
          topic,
          partitions: [...partitions],
        }),
      );
    }
  }
}

/** A group member. Tests may overwrite `assignments` to play a rebalance decided elsewhere. */
export class FakeConsumer implements GroupConsumer {
  memberId: string | null = null;
  assignments: { topic: string; partitions: number[] }[] | null = null;
  readonly tracked = new Set<string>();
  readonly topics = {
    trackAll: (...topics: string[]) => topics.map((topic) => this.tracked.add(topic)),
    untrackAll: (...topics: string[]) => topics.map((topic) => this.tracked.delete(topic)),
  };
  joins = 0;
  closed = false;
  readonly commitFailures: unknown[] = [];
  fetchFailure: unknown;

  constructor(
    readonly kafka: FakeKafka,
    readonly group: string,
    readonly clientId: string,
  ) {}

  async joinGroup(_options: GroupOptions): Promise<string> {
    this.joins += 1;
    this.memberId ??= this.kafka.nextMemberId(this.clientId);
    const members = this.kafka.groups.get(this.group) ?? new Set<FakeConsumer>();
    members.add(this);
    this.kafka.groups.set(this.group, members);
    this.kafka.rebalance(this.group);
    return this.memberId;
  }

  async leaveGroup(): Promise<void> {
    this.kafka.groups.get(this.group)?.delete(this);
    this.memberId = null;
    this.assignments = [];
    this.kafka.rebalance(this.group);
  }

  async metadata({ topics }: { topics: string[] }) {
    return {
      topics: new Map(
        topics.map((topic) => [
          topic,
          {
            id: `id-${topic}`,
            partitionsCount: this.kafka.partitions,
            partitions: Array.from({ length: this.kafka.partitions }, () => ({
              leader: 1,
              leaderEpoch: 0,
              replicas: [1],
            })),
            lastUpdate: 0,
          },
        ]),
      ),
    };
  }

  async fetch(options: {
    maxWaitTime?: number;
    topics: { topicId: string; partitions: { partition: number; fetchOffset: bigint }[] }[];
  }): Promise<FetchedResponse> {
    if (this.fetchFailure !== undefined) throw this.fetchFailure;
    let any = false;
    const responses = options.topics.map(({ topicId, partitions }) => ({
      topicId,
      partitions: partitions.map(({ partition, fetchOffset }) => {
        const stored = this.kafka.topics.get(topicId.slice(3))?.[partition];
        const from = Number(fetchOffset);
        if (stored === undefined || from >= stored.start + stored.records.length) {
          return { partitionIndex: partition };
        }
        const first = Math.max(from, stored.start);
        const records = stored.records.slice(first - stored.start);
        any = true;
        const firstTimestamp = records[0]?.timestamp ?? 0n;
        return {
          partitionIndex: partition,
          records: [
            {
              firstOffset: BigInt(first),
              firstTimestamp,
              lastOffsetDelta: records.length - 1,
              records: records.map((record, index) => ({
                offsetDelta: index,
                timestampDelta: record.timestamp - firstTimestamp,
                key: record.key,
                value: record.value,
              })),
            },
          ],
        };
      }),
    }));
    // a broker holds an empty fetch for up to maxWaitTime
    if (!any)
      await new Promise((resolve) => setTimeout(resolve, Math.min(options.maxWaitTime ?? 0, 5)));
    return { responses };
  }

  async commit({ offsets }: { offsets: { topic: string; partition: number; offset: bigint }[] }) {
    const failure = this.commitFailures.shift();
    if (failure !== undefined) throw failure;
    for (const { topic, partition, offset } of offsets) {
      this.kafka.committed.set(`${this.group}|${topic}:${partition}`, offset);
    }
  }

  clearMetadata(): void {}

  async close(): Promise<void> {
    this.closed = true;
    if (this.memberId !== null) await this.leaveGroup();
  }
}

/** The stream's Kafka operations over a {@link FakeKafka}. */
export class FakeClients implements StreamClients {
  readonly consumers: FakeConsumer[] = [];

  constructor(readonly kafka: FakeKafka) {}

  async ensureTopic(topic: string): Promise<void> {
    this.kafka.ensure(topic);
  }

  async partitionsOf(topic: string): Promise<number | undefined> {
    return this.kafka.topics.get(topic)?.length;
  }

  async topicRange(topic: string): Promise<TopicRange> {
    const partitions = this.kafka.topics.get(topic) ?? [];
    return {
      logStart: partitions.map((stored) => BigInt(stored.start)),
      logEnd: partitions.map((stored) => BigInt(stored.start + stored.records.length)),
    };
  }

  async offsetsAtTime(topic: string, timestamp: number): Promise<readonly bigint[]> {
    return (this.kafka.topics.get(topic) ?? []).map((stored) => {
      const index = stored.records.findIndex((record) => record.timestamp >= BigInt(timestamp));
      return index < 0 ? -1n : BigInt(stored.start + index);
    });
  }

  async committedOffsets(group: string, topic: string, partitions: number): Promise<bigint[]> {
    return Array.from({ length: partitions }, (_, partition) =>
      this.kafka.committedOf(group, topic, partition),
    );
  }

  async owners(group: string, topic: string): Promise<Map<number, string>> {
    const owners = new Map<number, string>();
    for (const member of this.kafka.groups.get(group) ?? []) {
      for (const partition of member.assignments?.find((entry) => entry.topic === topic)
        ?.partitions ?? []) {
        owners.set(partition, member.clientId);
      }
    }
    return owners;
  }

  async deleteRecords(topic: string, before: ReadonlyMap<number, bigint>): Promise<void> {
    const partitions = this.kafka.topics.get(topic) ?? [];
    for (const [partition, offset] of before) {
      const stored = partitions[partition];
      if (stored === undefined) continue;
      const drop = Math.min(Number(offset) - stored.start, stored.records.length);
      if (drop <= 0) continue;
      stored.records.splice(0, drop);
      stored.start += drop;
    }
  }

  async produce(topic: string, records: readonly ProducedRecord[]): Promise<Map<number, bigint>> {
    const partitions = this.kafka.ensure(topic);
    const base = new Map<number, bigint>();
    const now = BigInt(Date.now());
    for (const record of records) {
      const stored = partitions[record.partition] as StoredPartition;
      if (!base.has(record.partition))
        base.set(record.partition, BigInt(stored.start + stored.records.length));
      stored.records.push({ key: record.key, value: record.value, timestamp: now });
    }
    return base;
  }

  createConsumer(group: string, consumer: string, _groupOptions: GroupOptions): FakeConsumer {
    const created = new FakeConsumer(this.kafka, group, consumer);
    this.consumers.push(created);
    return created;
  }

  async close(): Promise<void> {}
}
