// The subscription loop of the Kafka engine over an in-memory stand-in for the broker and the
// group member (no broker on this machine): delivery order, commits of last + 1, seek-back on
// rejection, rebalances, commit failures, fatal errors, tenant lists that change, fairness. The
// real client is exercised by kafka-contract.int.test.ts against a broker.
import { type StreamBatch, StreamError } from '@openmdr/core';
import { ResponseError, UserError } from '@platformatic/kafka';
import { afterEach, describe, expect, it } from 'vitest';
import { KafkaEventStream } from '../src/kafka-event-stream.js';
import type { KafkaSubscribeOptions } from '../src/options.js';
import { kafkaTopicName } from '../src/topic-names.js';
import { FakeClients, type FakeConsumer, FakeKafka } from './fake-kafka.js';

const open: KafkaEventStream[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((stream) => stream.close()));
});

function setUp(partitions: number) {
  const broker = new FakeKafka(partitions);
  const clients = new FakeClients(broker);
  const stream = new KafkaEventStream(
    { brokers: ['fake:9092'], name: 'events', partitions },
    clients,
  );
  open.push(stream);
  return { broker, stream, consumers: clients.consumers };
}

function start(
  stream: KafkaEventStream,
  options: Partial<KafkaSubscribeOptions> & Pick<KafkaSubscribeOptions, 'handler' | 'tenants'>,
) {
  return stream.subscribe({
    group: 'detect',
    consumer: 'w1',
    blockMs: 5,
    claimIdleMs: 10,
    ...options,
  });
}

async function until(what: string, check: () => boolean) {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const topic = (tenant: string) => kafkaTopicName('openmdr', tenant, 'events');

describe('the Kafka subscription loop', () => {
  it('delivers every entry once in partition order, commits last + 1, and releases on stop', async () => {
    const { broker, stream, consumers } = setUp(2);
    broker.append(topic('acme'), 25, 5);
    const batches: StreamBatch[] = [];
    const changes: string[] = [];
    const subscription = start(stream, {
      tenants: ['acme'],
      batchSize: 4,
      handler: async (batch) => {
        batches.push(batch);
      },
      onPartitionChange: (change) => changes.push(`${change.change}:${change.partition}`),
    });
    await until('25 entries are handled', () => batches.flatMap((b) => b.entries).length >= 25);
    expect(subscription.assignments().get('acme')).toEqual([0, 1]);
    for (let partition = 0; partition < 2; partition += 1) {
      const entries = batches.filter((b) => b.partition === partition).flatMap((b) => b.entries);
      const length = broker.topics.get(topic('acme'))?.[partition]?.records.length ?? 0;
      expect(entries.map((entry) => entry.id)).toEqual(Array.from({ length }, (_, i) => String(i)));
      expect(
        entries.every((entry) => entry.deliveries === 1 && entry.partition === partition),
      ).toBe(true);
      await until(
        'the last batch is committed',
        () => broker.committedOf('detect', topic('acme'), partition) === BigInt(length),
      );
    }
    expect(batches.every((batch) => batch.tenant === 'acme' && batch.entries.length <= 4)).toBe(
      true,
    );
    expect(batches[0]?.entries[0]).toMatchObject({
      key: expect.stringMatching(/^host-/),
      appendedAt: 1_700_000_000_000,
    });
    await subscription.stop();
    await subscription.done;
    expect(consumers[0]?.closed).toBe(true);
    expect(subscription.assignments().size).toBe(0);
    expect(changes.sort()).toEqual(['assigned:0', 'assigned:1', 'released:0', 'released:1']);
  });

  it('seeks back after a rejection and delivers the batch again, counted', async () => {
    const { broker, stream } = setUp(1);
    broker.append(topic('acme'), 6, 2);
    const errors: unknown[] = [];
    const resolved: StreamBatch[] = [];
    let calls = 0;
    start(stream, {
      tenants: ['acme'],
      batchSize: 3,
      onError: (error) => errors.push(error),
      handler: async (batch) => {
        calls += 1;
        if (calls === 1) throw new Error('not now');
        resolved.push(batch);
      },
    });
    await until('6 entries are handled', () => resolved.flatMap((b) => b.entries).length >= 6);
    expect(errors).toHaveLength(1);
    expect(resolved[0]?.entries.map((e) => [e.id, e.deliveries])).toEqual([
      ['0', 2],
      ['1', 2],
      ['2', 2],
    ]);
    expect(resolved[1]?.entries.map((e) => e.deliveries)).toEqual([1, 1, 1]);
    await until(
      'everything is committed',
      () => broker.committedOf('detect', topic('acme'), 0) === 6n,
    );
  });

  it('is fair: a quiet tenant is served in the first round despite a backlog', async () => {
    const { broker, stream } = setUp(1);
    broker.append(topic('noisy'), 300, 1);
    broker.append(topic('quiet'), 3, 1);
    const batches: StreamBatch[] = [];
    start(stream, {
      tenants: ['noisy', 'quiet'],
      batchSize: 10,
      handler: async (batch) => {
        batches.push(batch);
      },
    });
    await until('everything is handled', () => batches.flatMap((b) => b.entries).length >= 303);
    expect(batches.findIndex((batch) => batch.tenant === 'quiet')).toBeLessThan(2);
  });

  it('follows a rebalance: drops a partition taken away and resumes it at the committed offset', async () => {
    const { broker, stream, consumers } = setUp(2);
    broker.append(topic('acme'), 20, 4);
    const seen: string[] = [];
    const changes: string[] = [];
    const subscription = start(stream, {
      tenants: ['acme'],
      handler: async (batch) => {
        for (const entry of batch.entries) seen.push(`${batch.partition}/${entry.id}`);
      },
      onPartitionChange: (change) => changes.push(`${change.change}:${change.partition}`),
    });
    await until('20 entries are handled', () => seen.length >= 20);
    const consumer = consumers[0] as FakeConsumer;
    // the library rejoined in the background and the group gave partition 1 to another member
    consumer.assignments = [{ topic: topic('acme'), partitions: [0] }];
    await until('partition 1 is released', () => changes.includes('released:1'));
    expect(subscription.assignments().get('acme')).toEqual([0]);
    const committedBefore = broker.committedOf('detect', topic('acme'), 1);
    broker.append(topic('acme'), 20, 4, 'second');
    const partition0 = broker.topics.get(topic('acme'))?.[0]?.records.length ?? 0;
    await until(
      'partition 0 is caught up',
      () => seen.filter((id) => id.startsWith('0/')).length === partition0,
    );
    expect(broker.committedOf('detect', topic('acme'), 1)).toBe(committedBefore);
    consumer.assignments = [{ topic: topic('acme'), partitions: [0, 1] }];
    await until('everything is handled', () => seen.length >= 40);
    expect(new Set(seen).size).toBe(40);
    expect(changes.filter((change) => change === 'assigned:1')).toHaveLength(2);
  });

  it('delivers a batch again when its commit fails in a rebalance, reporting it as an engine error', async () => {
    const { broker, stream, consumers } = setUp(1);
    broker.append(topic('acme'), 4, 1);
    const engineErrors: unknown[] = [];
    const calls: StreamBatch[] = [];
    start(stream, {
      tenants: ['acme'],
      claimIdleMs: 60_000,
      onEngineError: (error) => engineErrors.push(error),
      handler: async (batch) => {
        calls.push(batch);
      },
    });
    // OffsetCommit (API 8) answered ILLEGAL_GENERATION (22): the member's generation is stale
    (consumers[0] as FakeConsumer).commitFailures.push(new ResponseError(8, 9, { '': 22 }, {}));
    await until(
      'the entries are committed',
      () => broker.committedOf('detect', topic('acme'), 0) === 4n,
    );
    expect(calls).toHaveLength(2);
    expect(calls[1]?.entries.map((e) => e.id)).toEqual(calls[0]?.entries.map((e) => e.id));
    expect(calls[1]?.entries.every((e) => e.deliveries === 2)).toBe(true);
    expect(engineErrors).toHaveLength(1);
    expect(StreamError.isInstance(engineErrors[0])).toBe(true);
    expect((engineErrors[0] as StreamError).details).toMatchObject({
      operation: 'commit',
      protocolErrors: ['ILLEGAL_GENERATION'],
    });
  });

  it('stops with a rejected done on an error a retry cannot fix', async () => {
    const { stream, consumers } = setUp(1);
    const subscription = start(stream, { tenants: ['acme'], handler: async () => undefined });
    await until('the member joined', () => consumers[0]?.memberId !== null);
    (consumers[0] as FakeConsumer).fetchFailure = new UserError(
      'Cannot find broker with node id 1',
    );
    const error = await subscription.done.catch((caught: unknown) => caught);
    expect(StreamError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'STREAM',
      details: { operation: 'fetch', kafkaCode: 'PLT_KFK_USER' },
    });
    expect(consumers[0]?.closed).toBe(true);
  });

  it('retries a network failure, reporting it, and goes on', async () => {
    const { broker, stream, consumers } = setUp(1);
    const engineErrors: unknown[] = [];
    const seen: string[] = [];
    start(stream, {
      tenants: ['acme'],
      onEngineError: (error) => engineErrors.push(error),
      handler: async (batch) => {
        for (const entry of batch.entries) seen.push(entry.id);
      },
    });
    await until('the member joined', () => consumers[0]?.memberId !== null);
    const consumer = consumers[0] as FakeConsumer;
    consumer.fetchFailure = Object.assign(new Error('socket hang up'), { code: 'PLT_KFK_NETWORK' });
    await until('the failure is reported', () => engineErrors.length > 0);
    consumer.fetchFailure = undefined;
    broker.append(topic('acme'), 3, 1);
    await until('the entries are handled', () => seen.length === 3);
    expect((engineErrors[0] as StreamError).isRetryable).toBe(true);
  });

  it('follows a tenant list that changes: the member joins again with the new topics', async () => {
    const { broker, stream, consumers } = setUp(1);
    broker.append(topic('acme'), 2, 1);
    broker.append(topic('globex'), 2, 1);
    let tenants = ['acme'];
    const seen: string[] = [];
    start(stream, {
      tenants: () => tenants,
      handler: async (batch) => {
        for (const entry of batch.entries) seen.push(`${batch.tenant}/${entry.id}`);
      },
    });
    await until('acme is handled', () => seen.length === 2);
    const consumer = consumers[0] as FakeConsumer;
    expect([...consumer.tracked]).toEqual([topic('acme')]);
    tenants = ['acme', 'globex'];
    await until('globex is handled', () => seen.length === 4);
    expect(consumer.joins).toBe(2);
    expect([...consumer.tracked].sort()).toEqual([topic('acme'), topic('globex')]);
    expect(seen.sort()).toEqual(['acme/0', 'acme/1', 'globex/0', 'globex/1']);
  });
});
