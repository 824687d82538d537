import { describe, expect, it } from 'vitest';
import { createMemoryEventStream, ManualClock, StreamError } from '../src/index.js';
import { describeEventStreamContract } from '../src/testing/index.js';

describeEventStreamContract('memory', ({ name, partitions }) =>
  createMemoryEventStream({ name, partitions, leaseMs: 300 }),
);

describe('memory event stream', () => {
  it('holds appends back while the group lags, then throws STREAM_BACKPRESSURE', async () => {
    const stream = createMemoryEventStream({
      name: 'bp',
      partitions: 2,
      backpressure: { maxLag: 5, timeoutMs: 100, pollMs: 10 },
      leaseMs: 300,
    });
    // No group yet: nothing holds appends back.
    await stream.append(
      't1',
      Array.from({ length: 8 }, (_, n) => ({ key: `k${n}`, data: n })),
    );
    const handled: number[] = [];
    let entered = false;
    let release = (): void => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const subscription = stream.subscribe({
      group: 'g',
      consumer: 'c',
      tenants: ['t1'],
      batchSize: 1,
      blockMs: 10,
      handler: async (batch) => {
        entered = true;
        await gate;
        handled.push(...batch.entries.map((entry) => entry.data as number));
      },
    });
    while (!entered) await new Promise((resolve) => setTimeout(resolve, 5));
    // One entry is taken (and held in the handler): the lag is 8 − 1 = 7 > 5.
    await expect(stream.append('t1', [{ key: 'k0', data: 99 }])).rejects.toSatisfy(
      (error: unknown) =>
        StreamError.isInstance(error) && error.code === 'STREAM_BACKPRESSURE' && error.isRetryable,
    );
    // Another tenant's lag is its own.
    await expect(stream.append('t2', [{ key: 'k0', data: 1 }])).resolves.toHaveLength(1);
    release();
    // Once the consumer catches up, the held-back append goes through.
    const appended = await stream.append('t1', [{ key: 'k0', data: 100 }]);
    expect(appended).toHaveLength(1);
    expect(handled.length).toBeGreaterThanOrEqual(3);
    await subscription.stop();
    await stream.close();
  });

  it('serves a quiet tenant in the first round while another has a backlog of 10k entries', async () => {
    const stream = createMemoryEventStream({ name: 'fair', partitions: 2, leaseMs: 300 });
    await stream.append(
      'noisy',
      Array.from({ length: 10_000 }, (_, n) => ({ key: `host-${n % 40}`, data: n })),
    );
    await stream.append(
      'quiet',
      Array.from({ length: 10 }, (_, n) => ({ key: `host-${n}`, data: n })),
    );
    const order: string[] = [];
    let quiet = 0;
    const subscription = stream.subscribe({
      group: 'g',
      consumer: 'c',
      tenants: ['noisy', 'quiet'],
      batchSize: 100,
      blockMs: 10,
      handler: async (batch) => {
        order.push(batch.tenant);
        if (batch.tenant === 'quiet') quiet += batch.entries.length;
      },
    });
    while (quiet < 10) await new Promise((resolve) => setTimeout(resolve, 5));
    await subscription.stop();
    // Round 1: one noisy batch at most, then the quiet tenant's first partition; round 2: the
    // quiet tenant's other partition after at most one more noisy batch.
    expect(order.slice(0, 4).filter((tenant) => tenant === 'quiet')).toHaveLength(2);
  });

  it('deals each of three consumers about ceil(P / 3) partitions of every tenant', async () => {
    const stream = createMemoryEventStream({ name: 'deal', partitions: 8, leaseMs: 300 });
    const consumers = ['a', 'b', 'c'].map((consumer) =>
      stream.subscribe({
        group: 'g',
        consumer,
        tenants: ['t1', 't2'],
        blockMs: 10,
        handler: async () => {},
      }),
    );
    const owned = (tenant: string) =>
      consumers.map((subscription) => subscription.assignments().get(tenant)?.length ?? 0);
    const settled = () =>
      ['t1', 't2'].every((tenant) => {
        const counts = owned(tenant);
        return counts.reduce((a, b) => a + b, 0) === 8 && counts.every((n) => n >= 2 && n <= 3);
      });
    while (!settled()) await new Promise((resolve) => setTimeout(resolve, 10));
    const metrics = await stream.metrics('t1', 'g');
    expect(new Set(metrics.map((m) => m.owner))).toEqual(new Set(['a', 'b', 'c']));
    await Promise.all(consumers.map((subscription) => subscription.stop()));
    expect((await stream.metrics('t1', 'g')).every((m) => m.owner === undefined)).toBe(true);
  });

  it('skips an invalid tenant id (reported once) and serves the others', async () => {
    const stream = createMemoryEventStream({ name: 'ids', partitions: 1, leaseMs: 300 });
    await stream.append('t1', [{ key: 'a', data: 1 }]);
    const errors: unknown[] = [];
    let handled = 0;
    const subscription = stream.subscribe({
      group: 'g',
      consumer: 'c',
      tenants: ['../etc', 't1'],
      blockMs: 10,
      onEngineError: (error) => errors.push(error),
      handler: async (batch) => {
        handled += batch.entries.length;
      },
    });
    while (handled < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    await subscription.stop();
    expect(errors).toEqual([expect.objectContaining({ code: 'TENANT_INVALID' })]);
  });

  it('trims by age against its clock, and by retention on append', async () => {
    const clock = new ManualClock(1_000_000);
    const stream = createMemoryEventStream({
      name: 'aged',
      partitions: 1,
      clock,
      retention: { maxLength: 50 },
    });
    await stream.append('t1', [{ key: 'a', data: 1 }]);
    clock.advance(60_000);
    await stream.append('t1', [
      { key: 'a', data: 2 },
      { key: 'a', data: 3 },
    ]);
    expect(await stream.trim('t1', { olderThanMs: 30_000 })).toBe(1);
    expect((await stream.metrics('t1', 'g'))[0]?.length).toBe(2);
    await stream.append(
      't1',
      Array.from({ length: 60 }, (_, n) => ({ key: 'a', data: n })),
    );
    expect((await stream.metrics('t1', 'g'))[0]?.length).toBe(50);
  });

  it('makes ids increase even when the clock goes back', async () => {
    const clock = new ManualClock(5_000);
    const stream = createMemoryEventStream({ name: 'ids', partitions: 1, clock });
    const [first] = await stream.append('t1', [{ key: 'a', data: 1 }]);
    clock.set(4_000);
    const [second] = await stream.append('t1', [{ key: 'a', data: 2 }]);
    expect(first?.id).toBe('5000-0');
    expect(second?.id).toBe('5000-1');
  });

  it('rejects invalid options and tenants', () => {
    expect(() => createMemoryEventStream({ name: 'x', partitions: 0 })).toThrow(
      expect.objectContaining({ code: 'STREAM_CONFIG' }),
    );
    expect(() => createMemoryEventStream({ name: 'a b', partitions: 1 })).toThrow(
      expect.objectContaining({ code: 'STREAM_CONFIG' }),
    );
    const stream = createMemoryEventStream({ name: 'x', partitions: 1 });
    expect(() =>
      stream.subscribe({
        group: 'g',
        consumer: 'c',
        tenants: [],
        batchSize: 0,
        handler: async () => {},
      }),
    ).toThrow(expect.objectContaining({ code: 'STREAM_CONFIG' }));
    return expect(stream.append('../evil', [{ key: 'a', data: 1 }])).rejects.toMatchObject({
      code: 'TENANT_INVALID',
    });
  });
});
