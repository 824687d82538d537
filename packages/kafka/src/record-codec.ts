import type { JsonValue, StreamEntry, StreamRecord } from '@openmdr/core';
import { StreamError } from '@openmdr/core';
import { entryIdOf } from './offsets.js';

/** A record as the Kafka producer takes it: key and value as bytes, the partition chosen by us. */
export interface EncodedRecord {
  readonly topic: string;
  readonly key: Buffer;
  readonly value: Buffer;
  readonly partition: number;
}

/**
 * Encodes a record: the key as UTF-8, the data as JSON in UTF-8.
 * @throws StreamError `STREAM` when the key is not a string or the data is not JSON.
 */
export function encodeRecord(
  topic: string,
  record: StreamRecord,
  partition: number,
  index: number,
): EncodedRecord {
  if (typeof record?.key !== 'string') {
    throw new StreamError(`record ${index} has no string key`, { details: { index } });
  }
  const json = JSON.stringify(record.data);
  if (json === undefined) {
    throw new StreamError(`record ${index} has no JSON data`, { details: { index } });
  }
  return {
    topic,
    key: Buffer.from(record.key, 'utf8'),
    value: Buffer.from(json, 'utf8'),
    partition,
  };
}

/** One record of a fetch response, with the offset and timestamp Kafka gave it. */
export interface FetchedRecord {
  readonly offset: bigint;
  readonly timestamp: bigint;
  readonly key: Buffer | null | undefined;
  readonly value: Buffer | null | undefined;
}

/**
 * Decodes a fetched record into an entry. A value that is not JSON (written by another producer)
 * is delivered as its UTF-8 text; a missing value as `null`.
 */
export function decodeRecord<T extends JsonValue>(
  record: FetchedRecord,
  partition: number,
  deliveries: number,
): StreamEntry<T> {
  const text = record.value ? record.value.toString('utf8') : undefined;
  let data: JsonValue = null;
  if (text !== undefined) {
    try {
      data = JSON.parse(text) as JsonValue;
    } catch {
      data = text;
    }
  }
  return {
    id: entryIdOf(record.offset),
    partition,
    key: record.key ? record.key.toString('utf8') : '',
    data: data as T,
    appendedAt: Number(record.timestamp),
    deliveries,
  };
}

/** Estimated bytes of a record in a produce request, used to split large appends. */
export function encodedSize(record: EncodedRecord): number {
  return record.key.length + record.value.length + 32;
}

/**
 * Splits encoded records into chunks of at most `maxBytes` (one record alone may exceed it), in
 * order, so that a large append stays under the broker's request size.
 */
export function chunkBySize(
  records: readonly EncodedRecord[],
  maxBytes: number,
): EncodedRecord[][] {
  const chunks: EncodedRecord[][] = [];
  let current: EncodedRecord[] = [];
  let size = 0;
  for (const record of records) {
    const recordSize = encodedSize(record);
    if (current.length > 0 && size + recordSize > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(record);
    size += recordSize;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
