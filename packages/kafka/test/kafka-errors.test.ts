import { OpenMdrError, StreamError } from '@openmdr/core';
import {
  NetworkError,
  ProtocolError,
  ResponseError,
  TimeoutError,
  UserError,
} from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import {
  hasKafkaProtocolError,
  isGroupChurn,
  isRetryableKafkaError,
  kafkaProtocolErrorIds,
  toStreamError,
} from '../src/kafka-errors.js';

// ListOffsets is Kafka API 2, OffsetCommit 8; 1 = OFFSET_OUT_OF_RANGE, 22 = ILLEGAL_GENERATION,
// 27 = REBALANCE_IN_PROGRESS, 29 = TOPIC_AUTHORIZATION_FAILED, 6 = NOT_LEADER_OR_FOLLOWER
const responseError = (apiKey: number, codes: Record<string, number>) =>
  new ResponseError(apiKey, 0, codes, {});

describe('kafka error mapping', () => {
  it('finds protocol error ids inside aggregated response errors', () => {
    const error = responseError(1, {
      '/responses/0/partitions/0': 1,
      '/responses/0/partitions/1': 6,
    });
    expect(kafkaProtocolErrorIds(error).sort()).toEqual([
      'NOT_LEADER_OR_FOLLOWER',
      'OFFSET_OUT_OF_RANGE',
    ]);
    expect(hasKafkaProtocolError(error, 'OFFSET_OUT_OF_RANGE')).toBe(true);
    expect(hasKafkaProtocolError(new NetworkError('down'), 'OFFSET_OUT_OF_RANGE')).toBe(false);
  });

  it('says which failures a retry may fix', () => {
    expect(isRetryableKafkaError(new NetworkError('connection refused'))).toBe(true);
    expect(isRetryableKafkaError(new TimeoutError('request timed out'))).toBe(true);
    expect(isRetryableKafkaError(responseError(1, { '': 6 }))).toBe(true);
    expect(isRetryableKafkaError(responseError(1, { '': 29 }))).toBe(false);
    expect(isRetryableKafkaError(new UserError('bad options'))).toBe(false);
    expect(isRetryableKafkaError(new Error('plain'))).toBe(false);
  });

  it('recognises the group errors a rejoin resolves', () => {
    expect(isGroupChurn(responseError(8, { '': 22 }))).toBe(true);
    expect(isGroupChurn(new ProtocolError('REBALANCE_IN_PROGRESS'))).toBe(true);
    expect(isGroupChurn(responseError(8, { '': 29 }))).toBe(false);
  });

  it('wraps client errors in a StreamError with the operation and Kafka codes', () => {
    const cause = responseError(1, { '/responses/0/partitions/0': 1 });
    const error = toStreamError(cause, 'fetch', { topic: 'openmdr.acme.events' });
    expect(StreamError.isInstance(error)).toBe(true);
    expect(error.code).toBe('STREAM');
    expect(error.isRetryable).toBe(false);
    expect(error.cause).toMatchObject({ code: 'PLT_KFK_RESPONSE' });
    expect(error.details).toMatchObject({
      operation: 'fetch',
      topic: 'openmdr.acme.events',
      kafkaCode: 'PLT_KFK_RESPONSE',
      protocolErrors: ['OFFSET_OUT_OF_RANGE'],
    });
    expect(error.message).toContain('OFFSET_OUT_OF_RANGE');
    expect(toStreamError(new NetworkError('down'), 'append').isRetryable).toBe(true);
  });

  it('keeps what it knows once mapped: retryability and protocol errors', () => {
    const network = toStreamError(new NetworkError('down'), 'fetch');
    expect(isRetryableKafkaError(network)).toBe(true);
    const churn = toStreamError(responseError(8, { '': 22 }), 'commit');
    expect(isGroupChurn(churn)).toBe(true);
    expect(isRetryableKafkaError(toStreamError(new UserError('bad'), 'fetch'))).toBe(false);
  });

  it('passes OpenMDR errors through unchanged', () => {
    const original = new StreamError('already mapped', { code: 'STREAM_BACKPRESSURE' });
    expect(toStreamError(original, 'append')).toBe(original);
    const other = new OpenMdrError('TENANT_INVALID', 'bad tenant');
    expect(toStreamError(other, 'append')).toBe(other);
  });
});
