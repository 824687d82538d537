import { StreamError } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { resolveKafkaStreamOptions, resolveSubscribeOptions } from '../src/options.js';

const base = { brokers: ['localhost:9092'], name: 'events' };

function optionError(run: () => unknown): { code: string; option: unknown } {
  try {
    run();
  } catch (error) {
    if (!StreamError.isInstance(error)) throw error;
    return { code: error.code, option: error.details?.['option'] };
  }
  throw new Error('expected a StreamError');
}

describe('kafka stream options', () => {
  it('fills in the defaults', () => {
    const resolved = resolveKafkaStreamOptions(base);
    expect(resolved).toMatchObject({
      brokers: ['localhost:9092'],
      name: 'events',
      partitions: 8,
      topicPrefix: 'openmdr',
      replicationFactor: -1,
      clientId: 'openmdr',
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 1_000,
      metricsIntervalMs: 10_000,
    });
    expect(resolved.backPressure).toBeUndefined();
  });

  it('keeps given values and completes back-pressure', () => {
    const resolved = resolveKafkaStreamOptions({
      ...base,
      partitions: 12,
      replicationFactor: 3,
      topicPrefix: 'mssp',
      backPressure: { group: 'detect', maxLag: 50_000 },
    });
    expect(resolved.partitions).toBe(12);
    expect(resolved.replicationFactor).toBe(3);
    expect(resolved.backPressure).toEqual({
      group: 'detect',
      maxLag: 50_000,
      timeoutMs: 30_000,
      checkIntervalMs: 1_000,
    });
  });

  it.each([
    [{ ...base, brokers: [] }, 'brokers'],
    [{ ...base, brokers: ['localhost'] }, 'brokers'],
    [{ ...base, name: 'a.b' }, 'name'],
    [{ ...base, topicPrefix: 'x y' }, 'topicPrefix'],
    [{ ...base, partitions: 0 }, 'partitions'],
    [{ ...base, partitions: 2.5 }, 'partitions'],
    [{ ...base, replicationFactor: 0 }, 'replicationFactor'],
    [{ ...base, sessionTimeoutMs: 0 }, 'sessionTimeoutMs'],
    [{ ...base, sessionTimeoutMs: 6000, heartbeatIntervalMs: 7000 }, 'heartbeatIntervalMs'],
    [{ ...base, backPressure: { group: '', maxLag: 10 } }, 'backPressure.group'],
    [{ ...base, backPressure: { group: 'g', maxLag: 0 } }, 'backPressure.maxLag'],
    [
      { ...base, backPressure: { group: 'g', maxLag: 10, timeoutMs: -1 } },
      'backPressure.timeoutMs',
    ],
  ])('rejects an invalid option with STREAM_CONFIG (%#)', (options, option) => {
    expect(optionError(() => resolveKafkaStreamOptions(options))).toEqual({
      code: 'STREAM_CONFIG',
      option,
    });
  });
});

describe('kafka subscribe options', () => {
  const handler = async () => undefined;
  const subscribe = { group: 'detect', consumer: 'worker-1', tenants: ['acme'], handler };

  it("fills in the contract's defaults", () => {
    expect(resolveSubscribeOptions(subscribe)).toMatchObject({
      batchSize: 500,
      batchesPerTenantRound: 1,
      blockMs: 1_000,
      claimIdleMs: 30_000,
    });
  });

  it.each([
    [{ group: '' }, 'group'],
    [{ consumer: '' }, 'consumer'],
    [{ batchSize: 0 }, 'batchSize'],
    [{ batchesPerTenantRound: 0 }, 'batchesPerTenantRound'],
    [{ blockMs: -5 }, 'blockMs'],
    [{ claimIdleMs: 1.5 }, 'claimIdleMs'],
    [{ tenants: 'acme' }, 'tenants'],
    [{ handler: 'nope' }, 'handler'],
  ])('rejects an invalid option with STREAM_CONFIG (%#)', (change, option) => {
    const options = { ...subscribe, ...change } as unknown as typeof subscribe;
    expect(optionError(() => resolveSubscribeOptions(options))).toEqual({
      code: 'STREAM_CONFIG',
      option,
    });
  });
});
