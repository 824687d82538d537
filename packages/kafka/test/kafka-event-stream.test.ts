// What the Kafka engine decides before it talks to a broker (none runs here: 127.0.0.1:1 refuses).
import { StreamError } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { createKafkaEventStream } from '../src/index.js';

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
