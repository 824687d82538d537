import { describe, expect, it } from 'vitest';
import {
  createMemoryEventStream,
  createOpenMdrBus,
  type EventStream,
  type JsonValue,
  openMemoryStore,
  runStreamStage,
  type Store,
  type StreamEntry,
  StreamError,
  type StreamStage,
  stageStateKey,
} from '../src/index.js';

type Counts = Record<string, number>;

/**
 * Counts entries per key and emits an output each time a key's count reaches a multiple of 3,
 * keyed by key and count: deterministic, and the same however the entries are split in batches.
 */
const counting: StreamStage<Counts> = {
  name: 'counting',
  initialState: () => ({}),
  restore: (stored) => ({ ...(stored as Counts) }),
  step(state, entries, context) {
    const next = { ...state };
    const outputs = [];
    for (const entry of entries) {
      const count = (next[entry.key] ?? 0) + 1;
      next[entry.key] = count;
      if (count % 3 === 0) {
        outputs.push({
          key: `${entry.key}#${count}`,
          data: { key: entry.key, count, partition: context.partition },
        });
      }
    }
    return { state: next, outputs };
  },
};

const records = (count: number, keys: number, offset = 0) =>
  Array.from({ length: count }, (_, index) => ({
    key: `host-${(index + offset) % keys}`,
    data: { n: index + offset } as JsonValue,
  }));

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** What one process stepping every partition's entries in order would produce. */
function reference(
  keys: readonly string[],
  partitions: number,
  partitionOfKey: (key: string) => number,
) {
  const states: Counts[] = Array.from({ length: partitions }, () => ({}));
  const outputs: string[] = [];
  keys.forEach((key, index) => {
    const partition = partitionOfKey(key);
    const entry: StreamEntry = {
      id: `${index}`,
      partition,
      key,
      data: null,
      appendedAt: 0,
      deliveries: 1,
    };
    const step = counting.step(states[partition] ?? {}, [entry], { tenant: 't1', partition });
    states[partition] = step.state;
    outputs.push(...step.outputs.map((output) => output.key));
  });
  return { states, outputs: outputs.sort() };
}

async function outputsOf(store: Store): Promise<string[]> {
  const entries = await store
    .forTenant('t1')
    .log.read<{ key: string; count: number }>('counting.outputs');
  return entries.map((entry) => `${entry.data.key}#${entry.data.count}`).sort();
}

async function statesOf(store: Store, stream: EventStream): Promise<Counts[]> {
  const out: Counts[] = [];
  for (let partition = 0; partition < stream.partitions; partition += 1) {
    const stored = await store
      .forTenant('t1')
      .state.get<{ state: Counts }>(stageStateKey('counting', stream.name, partition));
    out.push(stored?.value.state ?? {});
  }
  return out;
}

/** A store whose state writes of the first `times` calls fail before (or after) writing. */
function faultyStore(store: Store, when: 'before' | 'after', times = 1): Store {
  let left = times;
  return {
    kind: store.kind,
    close: () => store.close(),
    forTenant(tenant) {
      const inner = store.forTenant(tenant);
      return {
        ...inner,
        state: {
          get: (key) => inner.state.get(key),
          set: (key, value, options) => inner.state.set(key, value, options),
          delete: (key, version) => inner.state.delete(key, version),
          async compareAndSet(key, expected, value, options) {
            if (left > 0 && when === 'before') {
              left -= 1;
              throw new Error('crash before the state is saved');
            }
            const version = await inner.state.compareAndSet(key, expected, value, options);
            if (left > 0 && when === 'after') {
              left -= 1;
              throw new Error('crash after the state is saved, before the ack');
            }
            return version;
          },
        },
      };
    },
  };
}

describe('runStreamStage', () => {
  it('applies every entry once, writes each output once, and saves the state per partition', async () => {
    const stream = createMemoryEventStream({ name: 'events', partitions: 2, leaseMs: 300 });
    const store = openMemoryStore();
    const keys = records(30, 4).map((record) => record.key);
    const appended = await stream.append('t1', records(30, 4));
    const run = runStreamStage({
      stream,
      store,
      stage: counting,
      consumer: 'w1',
      tenants: ['t1'],
      batchSize: 7,
      blockMs: 10,
    });
    await until(() => run.stats().entriesProcessed === 30);
    await run.stop();
    const partitionByKey = new Map(
      keys.map((key, index) => [key, appended[index]?.partition ?? -1]),
    );
    const expected = reference(keys, 2, (key) => partitionByKey.get(key) ?? -1);
    expect(await outputsOf(store)).toEqual(expected.outputs);
    expect(await statesOf(store, stream)).toEqual(expected.states);
    expect(run.stats()).toMatchObject({
      outputsWritten: 8,
      duplicatesSkipped: 0,
      failedBatches: 0,
    });
  });

  it('(a) drops a redelivered batch that was already applied, writing nothing twice', async () => {
    const stream = createMemoryEventStream({ name: 'events', partitions: 1, leaseMs: 300 });
    const base = openMemoryStore();
    await stream.append('t1', records(9, 3));
    const errors: unknown[] = [];
    const run = runStreamStage({
      stream,
      store: faultyStore(base, 'after'),
      stage: counting,
      consumer: 'w1',
      tenants: ['t1'],
      blockMs: 10,
      onError: (error) => errors.push(error),
    });
    await until(() => run.stats().duplicatesSkipped === 9);
    await run.stop();
    expect(errors).toHaveLength(1);
    expect(await outputsOf(base)).toEqual(['host-0#3', 'host-1#3', 'host-2#3']);
    expect((await statesOf(base, stream))[0]).toEqual({ 'host-0': 3, 'host-1': 3, 'host-2': 3 });
    expect((await stream.metrics('t1', 'counting'))[0]).toMatchObject({ lag: 0, pending: 0 });
  });

  it('(b) a crash between the outputs and the state: the redelivery writes no output twice', async () => {
    const stream = createMemoryEventStream({ name: 'events', partitions: 1, leaseMs: 300 });
    const base = openMemoryStore();
    await stream.append('t1', records(12, 2));
    const run = runStreamStage({
      stream,
      store: faultyStore(base, 'before'),
      stage: counting,
      consumer: 'w1',
      tenants: ['t1'],
      blockMs: 10,
    });
    await until(() => run.stats().entriesProcessed === 12);
    await run.stop();
    expect(run.stats()).toMatchObject({ failedBatches: 1, duplicateOutputs: 4, outputsWritten: 4 });
    expect(await outputsOf(base)).toEqual(['host-0#3', 'host-0#6', 'host-1#3', 'host-1#6']);
    expect((await statesOf(base, stream))[0]).toEqual({ 'host-0': 6, 'host-1': 6 });
  });

  it('fences a stale writer with compare-and-set: STREAM_STAGE, then the batch is retried on fresh state', async () => {
    const stream = createMemoryEventStream({ name: 'events', partitions: 1, leaseMs: 300 });
    const base = openMemoryStore();
    const appended = await stream.append('t1', records(6, 1));
    const lastId = appended.at(-1)?.id ?? '';
    const key = stageStateKey('counting', 'events', 0);
    let raced = false;
    // Another worker saves the partition (as having applied every entry) between this worker's
    // read and its compare-and-set.
    const racing: Store = {
      kind: base.kind,
      close: () => base.close(),
      forTenant(tenant) {
        const inner = base.forTenant(tenant);
        return {
          ...inner,
          state: {
            ...inner.state,
            get: (k) => inner.state.get(k),
            set: (k, v, o) => inner.state.set(k, v, o),
            delete: (k, v) => inner.state.delete(k, v),
            async compareAndSet(k, expected, value, options) {
              if (!raced) {
                raced = true;
                await inner.state.set(key, { appliedThrough: lastId, state: { 'host-0': 6 } });
              }
              return inner.state.compareAndSet(k, expected, value, options);
            },
          },
        };
      },
    };
    const errors: unknown[] = [];
    const run = runStreamStage({
      stream,
      store: racing,
      stage: counting,
      consumer: 'w1',
      tenants: ['t1'],
      blockMs: 10,
      onError: (error) => errors.push(error),
    });
    await until(() => run.stats().duplicatesSkipped === 6);
    await run.stop();
    expect(errors).toHaveLength(1);
    expect(StreamError.isInstance(errors[0])).toBe(true);
    expect(errors[0]).toMatchObject({ code: 'STREAM_STAGE', isRetryable: true });
    expect((await base.forTenant('t1').state.get(key))?.value).toEqual({
      appliedThrough: lastId,
      state: { 'host-0': 6 },
    });
    expect(run.stats().entriesProcessed).toBe(0);
  });

  it('passes over an entry the step throws on: a dead letter written once, the rest applied', async () => {
    const stream = createMemoryEventStream({ name: 'events', partitions: 1, leaseMs: 300 });
    const store = openMemoryStore();
    const bus = createOpenMdrBus();
    const rejected: string[] = [];
    bus.on('event.rejected', (event) => {
      rejected.push(String(event.deadLetter.id));
    });
    const appended = await stream.append('t1', [
      ...records(2, 1),
      { key: 'host-0', data: { poison: true } },
      ...records(2, 1, 2),
    ]);
    const poisonId = appended[2]!.id;
    let wholeBatchCalls = 0;
    const errors: unknown[] = [];
    const run = runStreamStage({
      stream,
      store,
      bus,
      stage: {
        ...counting,
        step(state, entries, context) {
          if (entries.length > 1) wholeBatchCalls += 1;
          const poison = entries.find(
            (entry) => (entry.data as { poison?: boolean } | null)?.poison === true,
          );
          if (poison) throw new Error(`cannot handle entry ${poison.id}`);
          return counting.step(state, entries, context);
        },
      },
      consumer: 'w1',
      tenants: ['t1'],
      blockMs: 10,
      retryDelayMs: 20,
      onError: (error) => errors.push(error),
    });
    await until(() => run.stats().entriesProcessed === 5);
    await run.stop();
    expect(wholeBatchCalls).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    expect(run.stats().deadLettered).toBe(1);
    // Four good entries of host-0: one output at the third.
    expect(await outputsOf(store)).toEqual(['host-0#3']);
    const letters = await store.forTenant('t1').log.read<{
      id: string;
      record: JsonValue;
      reason: { code: string; message: string };
      stage: string;
    }>('counting.dead-letters');
    expect(letters.map((letter) => letter.data)).toEqual([
      {
        id: poisonId,
        record: { poison: true },
        reason: { code: 'STREAM_STAGE', message: `cannot handle entry ${poisonId}` },
        stage: 'stage:counting',
        tenant: 't1',
        at: expect.any(Number),
      },
    ]);
    expect(rejected).toEqual([poisonId]);
  });

  it('(c) two workers, one stops mid-run: the other takes over and every entry takes effect once', async () => {
    const stream = createMemoryEventStream({ name: 'events', partitions: 4, leaseMs: 300 });
    const store = openMemoryStore();
    const bus = createOpenMdrBus();
    const changes: string[] = [];
    const metrics: number[] = [];
    bus.on('stream.partition', (event) => {
      changes.push(`${event.consumer}:${event.change}:${event.partition}`);
    });
    bus.on('stream.metrics', (event) => {
      metrics.push(event.partitions.length);
    });
    const options = {
      stream,
      store,
      stage: counting,
      tenants: ['t1'],
      batchSize: 5,
      blockMs: 10,
      claimIdleMs: 100,
      bus,
      metricsIntervalMs: 20,
    };
    const first = runStreamStage({ ...options, consumer: 'w1' });
    const second = runStreamStage({ ...options, consumer: 'w2' });
    const all = records(200, 11);
    const appended = await stream.append('t1', all.slice(0, 100));
    await until(() => first.stats().entriesProcessed + second.stats().entriesProcessed >= 40);
    await first.stop();
    appended.push(...(await stream.append('t1', all.slice(100))));
    await until(() => first.stats().entriesProcessed + second.stats().entriesProcessed === 200);
    await until(() => metrics.length > 0);
    await second.stop();
    const keys = all.map((record) => record.key);
    const partitionByKey = new Map(
      keys.map((key, index) => [key, appended[index]?.partition ?? -1]),
    );
    const expected = reference(keys, 4, (key) => partitionByKey.get(key) ?? -1);
    expect(await outputsOf(store)).toEqual(expected.outputs);
    expect(await statesOf(store, stream)).toEqual(expected.states);
    expect(first.stats().entriesProcessed).toBeGreaterThan(0);
    expect(changes.filter((change) => change.startsWith('w1:released'))).toHaveLength(
      changes.filter((change) => change.startsWith('w1:assigned')).length,
    );
    expect(changes.some((change) => change.startsWith('w2:assigned'))).toBe(true);
    expect(metrics.every((count) => count === 4)).toBe(true);
  });
});
