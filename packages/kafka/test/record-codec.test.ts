import { StreamError } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { chunkBySize, decodeRecord, encodeRecord } from '../src/record-codec.js';

describe('the record codec', () => {
  it('round-trips a record through Kafka bytes', () => {
    const encoded = encodeRecord(
      'openmdr.acme.events',
      { key: 'host:ws-1', data: { a: [1, 'é'] } },
      3,
      0,
    );
    expect(encoded).toMatchObject({ topic: 'openmdr.acme.events', partition: 3 });
    const entry = decodeRecord(
      { offset: 42n, timestamp: 1_700_000_000_000n, key: encoded.key, value: encoded.value },
      3,
      2,
    );
    expect(entry).toEqual({
      id: '42',
      partition: 3,
      key: 'host:ws-1',
      data: { a: [1, 'é'] },
      appendedAt: 1_700_000_000_000,
      deliveries: 2,
    });
  });

  it('delivers a foreign non-JSON value as text and a missing one as null', () => {
    const text = decodeRecord(
      { offset: 0n, timestamp: 0n, key: null, value: Buffer.from('plain') },
      0,
      1,
    );
    expect(text.data).toBe('plain');
    expect(text.key).toBe('');
    expect(
      decodeRecord({ offset: 0n, timestamp: 0n, key: null, value: null }, 0, 1).data,
    ).toBeNull();
  });

  it('rejects a record without a string key or JSON data', () => {
    expect(() => encodeRecord('t', { key: 1 } as never, 0, 4)).toThrow(StreamError);
    expect(() => encodeRecord('t', { key: 'k', data: undefined } as never, 0, 5)).toThrow(
      /record 5/,
    );
  });

  it('splits large appends by size, in order', () => {
    const records = Array.from({ length: 10 }, (_, index) =>
      encodeRecord('t', { key: `k${index}`, data: 'x'.repeat(100) }, 0, index),
    );
    const chunks = chunkBySize(records, 400);
    expect(chunks.map((chunk) => chunk.length)).toEqual([2, 2, 2, 2, 2]);
    expect(chunks.flat()).toEqual(records);
    expect(chunkBySize(records, 10).map((chunk) => chunk.length)).toEqual(new Array(10).fill(1));
    expect(chunkBySize([], 10)).toEqual([]);
  });
});
