import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRedisEventStream,
  type EventStream,
  type JsonValue,
  openMemoryStore,
  runStreamStage,
  StreamError,
  type StreamPartitionChange,
  type StreamStage,
  stageStateKey,
} from '../src/index.js';
import { describeEventStreamContract } from '../src/testing/index.js';

const url = process.env['OPENMDR_TEST_REDIS_URL'];
const prefix = `it${process.pid}`;

async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const records = (count: number, keys: number, offset = 0) =>
  Array.from({ length: count }, (_, index) => ({
    key: `host-${(index + offset) % keys}`,
    data: { n: index + offset } as JsonValue,
  }));

let names = 0;
const fresh = (
  partitions: number,
  extra: Partial<Parameters<typeof createRedisEventStream>[0]> = {},
) => {
  names += 1;
  return createRedisEventStream({
    redis: url ?? '',
    name: `s${Date.now().toString(36)}${names}`,
    partitions,
    keyPrefix: prefix,
    leaseMs: 300,
    ...extra,
  });
};

describe.skipIf(!url)('Redis event stream', () => {
  let admin: Redis;
  beforeAll(() => {
    admin = new Redis(url ?? '');
  });
  afterAll(async () => {
    const keys = await admin.keys(`${prefix}:*`);
    if (keys.length > 0) await admin.del(...keys);
    await admin.quit();
  });

  describeEventStreamContract('redis', ({ name, partitions }) =>
    createRedisEventStream({ redis: url ?? '', name, partitions, keyPrefix: prefix, leaseMs: 300 }),
  );

  it('keeps a tenant in one Cluster slot: {tenant} hash tags on streams and leases', async () => {
    const stream = fresh(2);
    await stream.append('acme', records(4, 2));
    const subscription = stream.subscribe({
      group: 'g',
      consumer: 'c',
      tenants: ['acme'],
      blockMs: 20,
      handler: async () => {},
    });
    await until(
      'c owns both partitions',
      () => subscription.assignments().get('acme')?.length === 2,
    );
    const keys = (await admin.keys(`${prefix}:{acme}:${stream.name}:*`)).sort();
    expect(keys).toEqual([
      `${prefix}:{acme}:${stream.name}:0`,
      `${prefix}:{acme}:${stream.name}:0:lease:g`,
      `${prefix}:{acme}:${stream.name}:1`,
      `${prefix}:{acme}:${stream.name}:1:lease:g`,
    ]);
    expect(await admin.zrange(`${prefix}:${stream.name}:members:g`, 0, -1)).toEqual(['c']);
    await subscription.stop();
    expect(await admin.exists(`${prefix}:{acme}:${stream.name}:0:lease:g`)).toBe(0);
    await stream.close();
  });

  it('a crashed consumer: its lease lapses and the new owner XAUTOCLAIMs its pending entries', async () => {
    const name = `crash${Date.now().toString(36)}`;
    const own = new Redis(url ?? '');
    const crashing = createRedisEventStream({
      redis: own,
      name,
      partitions: 1,
      keyPrefix: prefix,
      leaseMs: 300,
    });
    await crashing.append('t1', records(8, 1));
    let held = 0;
    const a = crashing.subscribe({
      group: 'g',
      consumer: 'a',
      tenants: ['t1'],
      batchSize: 5,
      blockMs: 20,
      handler: async (batch) => {
        held = batch.entries.length;
        await new Promise(() => {});
      },
    });
    await until('a holds a batch', () => held > 0);
    own.disconnect(); // a "dies": no heartbeats, no acks, no release.
    const survivor = createRedisEventStream({
      redis: url ?? '',
      name,
      partitions: 1,
      keyPrefix: prefix,
      leaseMs: 300,
    });
    const seen: { n: number; deliveries: number }[] = [];
    const changes: StreamPartitionChange[] = [];
    const b = survivor.subscribe({
      group: 'g',
      consumer: 'b',
      tenants: ['t1'],
      blockMs: 20,
      claimIdleMs: 200,
      onPartitionChange: (change) => changes.push(change),
      handler: async (batch) => {
        for (const entry of batch.entries) {
          seen.push({ n: (entry.data as { n: number }).n, deliveries: entry.deliveries });
        }
      },
    });
    await until('b handles all 8 entries', () => seen.length >= 8);
    expect(seen.map((entry) => entry.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(seen.slice(0, 5).every((entry) => entry.deliveries >= 2)).toBe(true);
    expect(seen.slice(5).every((entry) => entry.deliveries === 1)).toBe(true);
    expect(changes).toContainEqual({ tenant: 't1', partition: 0, change: 'claimed', count: 5 });
    await b.stop();
    void a.stop();
    await survivor.close();
  });

  it('a consumer that lost its lease stops reading the partition at once (fenced reads)', async () => {
    const stream = fresh(1);
    const seen: number[] = [];
    const changes: string[] = [];
    const subscription = stream.subscribe({
      group: 'g',
      consumer: 'c',
      tenants: ['t1'],
      blockMs: 20,
      onPartitionChange: (change) => changes.push(change.change),
      handler: async (batch) => {
        for (const entry of batch.entries) seen.push((entry.data as { n: number }).n);
      },
    });
    await until('c owns the partition', () => subscription.assignments().get('t1')?.length === 1);
    const lease = `${prefix}:{t1}:${stream.name}:0:lease:g`;
    await admin.set(lease, 'intruder', 'PX', 400);
    await stream.append('t1', records(3, 1));
    await until('c gives the partition up', () => changes.includes('released'));
    expect(seen).toEqual([]);
    expect((await stream.metrics('t1', 'g'))[0]).toMatchObject({ owner: 'intruder', lag: 3 });
    // Once the intruder's lease lapses, c takes the partition back and reads on.
    await until('c handles the 3 entries', () => seen.length === 3);
    expect(changes.filter((change) => change === 'assigned')).toHaveLength(2);
    await subscription.stop();
    await stream.close();
  });

  it('trims by age (MINID on Redis time) and by length, and applies retention on append', async () => {
    const stream = fresh(1, { retention: { maxLength: 50 } });
    await stream.append('t1', records(3, 1));
    await new Promise((resolve) => setTimeout(resolve, 400));
    await stream.append('t1', records(2, 1));
    expect(await stream.trim('t1', { olderThanMs: 200 })).toBe(3);
    expect((await stream.metrics('t1', 'g'))[0]?.length).toBe(2);
    await stream.append('t1', records(600, 1));
    const length = (await stream.metrics('t1', 'g'))[0]?.length ?? 0;
    expect(length).toBeGreaterThanOrEqual(50);
    expect(length).toBeLessThan(602);
    expect(await stream.trim('t1', { maxLength: 10 })).toBe(length - 10);
    await stream.close();
  });

  it('holds appends back while the group lags (XINFO GROUPS lag), then throws STREAM_BACKPRESSURE', async () => {
    const stream = fresh(2, { backpressure: { maxLag: 5, timeoutMs: 150, pollMs: 20 } });
    await stream.append('t1', records(8, 4));
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
      blockMs: 20,
      handler: async () => {
        entered = true;
        await gate;
      },
    });
    await until('a batch is held', () => entered);
    // Past pollMs since the first append's measurement, so the next append measures again.
    await new Promise((resolve) => setTimeout(resolve, 30));
    const error = await stream.append('t1', [{ key: 'host-0', data: 99 }]).catch((e: unknown) => e);
    expect(StreamError.isInstance(error) && error.code === 'STREAM_BACKPRESSURE').toBe(true);
    await expect(stream.append('t2', [{ key: 'host-0', data: 1 }])).resolves.toHaveLength(1);
    release();
    await expect(stream.append('t1', [{ key: 'host-0', data: 100 }])).resolves.toHaveLength(1);
    await subscription.stop();
    await stream.close();
  });

  it('is fair: a quiet tenant is served in the first round despite a 10k backlog elsewhere', async () => {
    const stream = fresh(1);
    await stream.append('noisy', records(10_000, 50));
    await stream.append('quiet', records(10, 5));
    const order: string[] = [];
    const subscription = stream.subscribe({
      group: 'g',
      consumer: 'c',
      tenants: ['noisy', 'quiet'],
      batchSize: 100,
      blockMs: 20,
      handler: async (batch) => {
        order.push(`${batch.tenant}:${batch.entries.length}`);
      },
    });
    await until('the quiet tenant is served', () => order.some((b) => b.startsWith('quiet')));
    await subscription.stop();
    expect(order.indexOf('quiet:10')).toBeLessThan(2);
    await stream.close();
  });

  it('runStreamStage over Redis: a worker dies mid-run, the other finishes; each output once', async () => {
    type Counts = Record<string, number>;
    const stage: StreamStage<Counts> = {
      name: 'counting',
      initialState: () => ({}),
      restore: (stored) => ({ ...(stored as Counts) }),
      step(state, entries) {
        const next = { ...state };
        const outputs = [];
        for (const entry of entries) {
          next[entry.key] = (next[entry.key] ?? 0) + 1;
          if ((next[entry.key] ?? 0) % 4 === 0) {
            outputs.push({ key: `${entry.key}#${next[entry.key]}`, data: entry.key });
          }
        }
        return { state: next, outputs };
      },
    };
    const name = `stage${Date.now().toString(36)}`;
    const store = openMemoryStore();
    const own = new Redis(url ?? '');
    const dying: EventStream = createRedisEventStream({
      redis: own,
      name,
      partitions: 4,
      keyPrefix: prefix,
      leaseMs: 300,
    });
    const living: EventStream = createRedisEventStream({
      redis: url ?? '',
      name,
      partitions: 4,
      keyPrefix: prefix,
      leaseMs: 300,
    });
    await living.append('t1', records(400, 16));
    let batches = 0;
    const common = { store, tenants: ['t1'], batchSize: 10, blockMs: 20, claimIdleMs: 200 };
    const doomed = runStreamStage({
      ...common,
      stream: dying,
      consumer: 'w1',
      stage: {
        ...stage,
        step(state, entries, context) {
          batches += 1;
          if (batches === 3) own.disconnect(); // dies: this batch is saved but never acknowledged
          return stage.step(state, entries, context);
        },
      },
    });
    await until('w1 has applied a batch', () => doomed.stats().entriesProcessed > 0);
    const survivor = runStreamStage({ ...common, stream: living, consumer: 'w2', stage });
    await until('every entry is applied', async () => {
      let applied = 0;
      for (let partition = 0; partition < 4; partition += 1) {
        const stored = await store
          .forTenant('t1')
          .state.get<{ state: Counts }>(stageStateKey('counting', name, partition));
        applied += Object.values(stored?.value.state ?? {}).reduce((a, b) => a + b, 0);
      }
      return applied === 400;
    });
    await survivor.stop();
    void doomed.stop();
    const outputs = await store.forTenant('t1').log.read('counting.outputs');
    expect(outputs).toHaveLength(16 * 6);
    expect(new Set(outputs.map((entry) => JSON.stringify(entry.data))).size).toBe(16);
    expect(survivor.stats().duplicatesSkipped).toBe(10);
    await living.close();
  });
});
