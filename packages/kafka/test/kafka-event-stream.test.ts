// What the Kafka engine decides before it talks to a broker (none runs here: 127.0.0.1:1 refuses),
// then the stream's own logic over the in-memory cluster of fake-kafka.ts.
import { createOpenMdrBus, partitionOf, StreamError } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { createKafkaEventStream, KafkaEventStream } from '../src/index.js';
import { FakeClients, FakeKafka } from './fake-kafka.js';

const options = { brokers: ['127.0.0.1:1'], name: 'events', partitions: 4 };

async function rejection(promise: Promise<unknown>): Promise<StreamError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!StreamError.isInstance(error))
    throw new Error(`expected a StreamError, got ${String(error)}`);
  return error;
}

describe('the Kafka event stream, without a broker', () => {
  it('describes itself and names tenant topics', async () => {
    const stream = createKafkaEventStream({ ...options, topicPrefix: 'mssp' });
    expect([stream.engine, stream.name, stream.partitions]).toEqual(['kafka', 'events', 4]);
    expect(stream.topicOf('acme')).toBe('mssp.acme.events');
    await stream.close();
  });

  it('rejects bad input before connecting', async () => {
    const stream = createKafkaEventStream(options);
    expect(await stream.append('acme', [])).toEqual([]);
    const badKey = await rejection(stream.append('acme', [{ key: 7, data: {} } as never]));
    expect(badKey.message).toContain('record 0 has no string key');
    expect((await rejection(stream.append('bad/tenant', [{ key: 'k', data: 1 }]))).code).toBe(
      'STREAM_CONFIG',
    );
    const trim = await rejection(stream.trim('acme', { maxLength: -1 }));
    expect(trim).toMatchObject({ code: 'STREAM_CONFIG', details: { option: 'maxLength' } });
    expect(await stream.trim('acme', {})).toBe(0);
    expect(() =>
      stream.subscribe({
        group: 'g',
        consumer: 'c',
        tenants: ['acme'],
        batchSize: 0,
        handler: async () => undefined,
      }),
    ).toThrow(StreamError);
    await stream.close();
  });

  it('refuses every call once closed', async () => {
    const stream = createKafkaEventStream(options);
    await stream.close();
    await stream.close();
    expect((await rejection(stream.append('acme', [{ key: 'k', data: 1 }]))).message).toContain(
      'closed',
    );
    expect(() =>
      stream.subscribe({
        group: 'g',
        consumer: 'c',
        tenants: ['acme'],
        handler: async () => undefined,
      }),
    ).toThrow(/closed/);
  });

  it('refuses invalid options with STREAM_CONFIG', () => {
    expect(() => createKafkaEventStream({ ...options, partitions: 0 })).toThrow(StreamError);
  });
});

describe('the Kafka event stream over an in-memory cluster', () => {
  const topic = 'openmdr.acme.events';
  const setUp = (extra: Partial<Parameters<typeof createKafkaEventStream>[0]> = {}) => {
    const kafka = new FakeKafka(2);
    const stream = new KafkaEventStream(
      { brokers: ['fake:9092'], name: 'events', partitions: 2, ...extra },
      new FakeClients(kafka),
    );
    return { kafka, stream };
  };
  const records = (count: number) =>
    Array.from({ length: count }, (_, n) => ({ key: `host-${n % 5}`, data: { n } }));

  it('appends to the partition of each key and returns offsets per partition', async () => {
    const { kafka, stream } = setUp();
    const first = await stream.append('acme', records(10));
    const second = await stream.append('acme', records(10));
    for (const [index, where] of [...first, ...second].entries()) {
      expect(where.partition).toBe(partitionOf(`host-${index % 5}`, 2));
    }
    for (let partition = 0; partition < 2; partition += 1) {
      const ids = [...first, ...second]
        .filter((where) => where.partition === partition)
        .map((where) => where.id);
      expect(ids).toEqual(ids.map((_, index) => String(index)));
      expect(kafka.topics.get(topic)?.[partition]?.records.length).toBe(ids.length);
    }
    await stream.close();
  });

  it('holds an append back while the group lags, and lets it through once the group commits', async () => {
    const { kafka, stream } = setUp({
      backPressure: { group: 'slow', maxLag: 10, timeoutMs: 30, checkIntervalMs: 5 },
    });
    await stream.append('acme', records(10));
    const refused = await rejection(stream.append('acme', records(1)));
    expect(refused).toMatchObject({
      code: 'STREAM_BACKPRESSURE',
      isRetryable: true,
      details: { tenant: 'acme', group: 'slow', lag: 10, limit: 10 },
    });
    const aborted = await rejection(
      stream.append('acme', records(1), { signal: AbortSignal.abort() }),
    );
    expect(aborted.code).toBe('STREAM_BACKPRESSURE');
    expect(aborted.message).toContain('aborted');
    // the group catches up on partition 0 (its entries are acknowledged): the lag falls below 10
    const partition0 = kafka.topics.get(topic)?.[0]?.records.length ?? 0;
    kafka.committed.set(`slow|${topic}:0`, BigInt(partition0));
    expect(await stream.append('acme', records(1))).toHaveLength(1);
    await stream.close();
  });

  it('trims by length and by age, and reports the result in metrics', async () => {
    const { stream } = setUp();
    await stream.append('acme', records(20));
    const lengths = async () => (await stream.metrics('acme', 'nobody')).map((m) => m.length);
    const before = await lengths();
    expect(before.reduce((a, b) => a + b, 0)).toBe(20);
    const removed = await stream.trim('acme', { maxLength: 3 });
    expect(removed).toBe(before.reduce((sum, length) => sum + Math.max(0, length - 3), 0));
    expect(await lengths()).toEqual(before.map((length) => Math.min(length, 3)));
    expect(await stream.trim('acme', { olderThanMs: 3_600_000 })).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 2));
    expect(await stream.trim('acme', { olderThanMs: 0 })).toBe(6);
    expect(await lengths()).toEqual([0, 0]);
    expect(await stream.trim('unknown', { maxLength: 1 })).toBe(0);
    await stream.close();
  });

  it('reports partition changes and metrics on the bus', async () => {
    const bus = createOpenMdrBus();
    const changes: string[] = [];
    const metrics: number[] = [];
    bus.on('stream.partition', (event) => {
      changes.push(`${event.consumer}:${event.change}:${event.partition}`);
    });
    bus.on('stream.metrics', (event) => {
      metrics.push(event.partitions.length);
    });
    const { stream } = setUp({ bus, metricsIntervalMs: 1 });
    await stream.append('acme', records(4));
    let handled = 0;
    const subscription = stream.subscribe({
      group: 'detect',
      consumer: 'w1',
      tenants: ['acme'],
      blockMs: 5,
      handler: async (batch) => {
        handled += batch.entries.length;
      },
    });
    while (handled < 4 || metrics.length === 0)
      await new Promise((resolve) => setTimeout(resolve, 2));
    const owned = await stream.metrics('acme', 'detect');
    expect(owned.map((m) => [m.owner, m.lag, m.pending])).toEqual([
      ['w1', 0, 0],
      ['w1', 0, 0],
    ]);
    await subscription.stop();
    expect(changes.sort()).toEqual([
      'w1:assigned:0',
      'w1:assigned:1',
      'w1:released:0',
      'w1:released:1',
    ]);
    expect(metrics[0]).toBe(2);
    await stream.close();
  });
});
