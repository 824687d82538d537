import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  createOpenMdrBus,
  type DeadLetter,
  type Envelope,
  logDeadLetterSink,
  logSink,
  ManualClock,
  memoryDeadLetterSink,
  OpenMdrError,
  openMemoryStore,
  PipelineError,
  reject,
  runPipeline,
  type Sink,
  TenantIsolationError,
  type Transform,
} from '../src/index.js';
import { type NumberedEvent, numberedSource } from './support/numbered-source.js';

function collectingSink<T>(name = 'collect', delay?: (events: readonly Envelope<T>[]) => number) {
  const received: Envelope<T>[] = [];
  const batches: number[] = [];
  const sink: Sink<T> = {
    name,
    async write(events) {
      if (delay) await sleep(delay(events));
      batches.push(events.length);
      received.push(...events);
      return undefined;
    },
  };
  return { sink, received, batches };
}

describe('runPipeline', () => {
  it('moves every event from source through transforms to every sink and commits the checkpoint', async () => {
    const store = openMemoryStore();
    const tenant = store.forTenant('acme');
    const first = collectingSink<{ double: number }>('first');
    const second = collectingSink<{ double: number }>('second');
    const double: Transform<NumberedEvent, { double: number }> = {
      name: 'double',
      apply: (envelope) => ({ ...envelope, event: { double: envelope.event.n * 2 } }),
    };
    const bus = createOpenMdrBus();
    const committed: unknown[] = [];
    bus.on('checkpoint.committed', ({ position }) => {
      committed.push(position);
    });
    const summary = await runPipeline({
      tenant: 'acme',
      source: numberedSource({ tenant: 'acme', count: 250, batchSize: 100 }),
      transforms: [double as Transform<unknown, unknown>],
      sinks: [first.sink, second.sink],
      deadLetter: memoryDeadLetterSink(),
      store: tenant,
      batchSize: 40,
      bus,
    });
    expect(summary).toMatchObject({
      name: 'numbers',
      tenant: 'acme',
      batches: 3,
      read: 250,
      written: 250,
      deadLettered: 0,
      committed: 250,
      stoppedBy: 'end',
    });
    expect(first.received.map((envelope) => envelope.event.double).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 250 }, (_, index) => (index + 1) * 2),
    );
    expect(second.received).toHaveLength(250);
    expect(Math.max(...first.batches)).toBeLessThanOrEqual(40);
    expect((await tenant.checkpoints.get('numbers'))?.position).toBe(250);
    expect(committed.at(-1)).toBe(250);
  });

  it('resumes after the committed checkpoint', async () => {
    const store = openMemoryStore();
    const tenant = store.forTenant('acme');
    await tenant.checkpoints.commit('numbers', 180);
    const sink = collectingSink<NumberedEvent>();
    const source = numberedSource({ tenant: 'acme', count: 200, batchSize: 50 });
    await runPipeline({
      tenant: 'acme',
      source,
      sinks: [sink.sink],
      deadLetter: memoryDeadLetterSink(),
      store: tenant,
    });
    expect(source.reads).toEqual([181]);
    expect(sink.received.map((envelope) => envelope.event.n)).toEqual(
      Array.from({ length: 20 }, (_, index) => 181 + index),
    );
  });

  it('filters, splits and rejects per record while the rest of the batch goes on', async () => {
    const clock = new ManualClock(5_000);
    const deadLetter = memoryDeadLetterSink();
    const sink = collectingSink<NumberedEvent>();
    const transform: Transform<NumberedEvent, NumberedEvent> = {
      name: 'shape',
      apply(envelope) {
        const { n } = envelope.event;
        if (n % 10 === 0) return null; // filtered out
        if (n === 3)
          return reject({ code: 'TOO_SMALL', message: 'three is rejected', path: ['n'] });
        if (n === 7) throw new Error('boom with password=hunter2');
        if (n === 9)
          throw new OpenMdrError('OCSF_VALIDATION', 'bad field', {
            details: { path: ['event', 'n'] },
          });
        if (n === 11) return [envelope, { ...envelope, id: `${envelope.id}-copy` }];
        return envelope;
      },
    };
    const summary = await runPipeline({
      tenant: 'acme',
      source: numberedSource({ tenant: 'acme', count: 20, batchSize: 20 }),
      transforms: [transform as Transform<unknown, unknown>],
      sinks: [sink.sink],
      deadLetter,
      clock,
    });
    expect(sink.received.map((envelope) => envelope.id)).toEqual([
      'event-1',
      'event-2',
      'event-4',
      'event-5',
      'event-6',
      'event-8',
      'event-11',
      'event-11-copy',
      'event-12',
      'event-13',
      'event-14',
      'event-15',
      'event-16',
      'event-17',
      'event-18',
      'event-19',
    ]);
    expect(summary.deadLettered).toBe(3);
    expect(deadLetter.letters).toEqual<DeadLetter[]>([
      {
        record: { n: 3 },
        id: 'event-3',
        reason: { code: 'TOO_SMALL', message: 'three is rejected', path: ['n'] },
        stage: 'transform:shape',
        tenant: 'acme',
        at: 5_000,
      },
      {
        record: { n: 7 },
        id: 'event-7',
        reason: { code: 'TRANSFORM_FAILED', message: 'boom with password=[REDACTED]' },
        stage: 'transform:shape',
        tenant: 'acme',
        at: 5_000,
      },
      {
        record: { n: 9 },
        id: 'event-9',
        reason: { code: 'OCSF_VALIDATION', message: 'bad field', path: ['event', 'n'] },
        stage: 'transform:shape',
        tenant: 'acme',
        at: 5_000,
      },
    ]);
  });

  it('dead-letters records a sink rejects, and records of another tenant without their content', async () => {
    const deadLetter = memoryDeadLetterSink();
    const picky: Sink<NumberedEvent> = {
      name: 'picky',
      async write(events) {
        return {
          rejected: events.flatMap((envelope, index) =>
            envelope.event.n === 2
              ? [{ index, reason: { code: 'SINK_REFUSED', message: 'no twos' } }]
              : [],
          ),
        };
      },
    };
    const source = numberedSource({ tenant: 'acme', count: 4, batchSize: 4 });
    const mixed = {
      name: 'mixed',
      async *read() {
        for await (const batch of source.read({
          checkpoint: undefined,
          signal: new AbortController().signal,
        })) {
          yield {
            events: [
              ...batch.events,
              { tenant: 'globex', id: 'foreign-1', event: { n: 99, secret: 'globex data' } },
            ],
            position: batch.position,
          };
        }
      },
    };
    const summary = await runPipeline({
      tenant: 'acme',
      source: mixed,
      sinks: [picky],
      deadLetter,
    });
    expect(summary).toMatchObject({ read: 5, written: 4, deadLettered: 2 });
    expect(
      deadLetter.letters.map((letter) => [letter.stage, letter.reason.code, letter.id]),
    ).toEqual([
      ['source', 'TENANT_MISMATCH', 'foreign-1'],
      ['sink:picky', 'SINK_REFUSED', 'event-2'],
    ]);
    expect(JSON.stringify(deadLetter.letters)).not.toContain('globex data');
  });

  it('commits only up to the lowest fully acknowledged batch when batches finish out of order', async () => {
    const store = openMemoryStore();
    const tenant = store.forTenant('acme');
    const commits: number[] = [];
    const original = tenant.checkpoints.commit.bind(tenant.checkpoints);
    tenant.checkpoints.commit = async (source, position) => {
      commits.push(position as number);
      // When a position is committed, every event up to it must already be in the sink.
      expect(
        sink.received.map((envelope) => envelope.event.n).filter((n) => n <= (position as number)),
      ).toHaveLength(position as number);
      await original(source, position);
    };
    // The first batch of every four is slow, so later ones finish first.
    const sink = collectingSink<NumberedEvent>('slow-first', (events) =>
      events[0]!.event.n % 40 === 1 ? 30 : 1,
    );
    await runPipeline({
      tenant: 'acme',
      source: numberedSource({ tenant: 'acme', count: 160, batchSize: 10 }),
      sinks: [sink.sink],
      deadLetter: memoryDeadLetterSink(),
      store: tenant,
      concurrency: 4,
    });
    expect(sink.received).toHaveLength(160);
    expect(commits.length).toBeGreaterThan(0);
    expect([...commits].sort((a, b) => a - b)).toEqual(commits);
    expect(commits.at(-1)).toBe(160);
    // The sink saw batches out of order, so concurrency really was exercised.
    const firsts = sink.received.map((envelope) => envelope.event.n);
    expect(firsts).not.toEqual([...firsts].sort((a, b) => a - b));
  });

  it('applies backpressure: never more than `concurrency` batches in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const sink: Sink<NumberedEvent> = {
      name: 'slow',
      async write() {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await sleep(5);
        inFlight--;
        return undefined;
      },
    };
    let pulled = 0;
    const source = numberedSource({
      tenant: 'acme',
      count: 100,
      batchSize: 5,
      beforeBatch: () => void pulled++,
    });
    await runPipeline({
      tenant: 'acme',
      source,
      sinks: [sink],
      deadLetter: memoryDeadLetterSink(),
      concurrency: 3,
    });
    expect(peak).toBe(3);
    expect(pulled).toBe(20);
  });

  it('retries a failing sink, and stops with PIPELINE_SINK without committing past it', async () => {
    const store = openMemoryStore();
    const tenant = store.forTenant('acme');
    let attempts = 0;
    const flaky: Sink<NumberedEvent> = {
      name: 'flaky',
      async write(events) {
        if (events[0]!.event.n === 1 && attempts++ < 2) throw new Error('ECONNRESET');
        if (events[0]!.event.n === 21) throw new Error('disk full');
        return undefined;
      },
    };
    const error = await runPipeline({
      tenant: 'acme',
      source: numberedSource({ tenant: 'acme', count: 40, batchSize: 10 }),
      sinks: [flaky],
      deadLetter: memoryDeadLetterSink(),
      store: tenant,
      concurrency: 1,
      retry: { attempts: 3, delayMs: 1 },
    }).catch((failure) => failure);
    expect(error).toBeInstanceOf(PipelineError);
    expect(error.code).toBe('PIPELINE_SINK');
    expect(error.message).toContain('disk full');
    expect(attempts).toBe(3);
    expect((await tenant.checkpoints.get('numbers'))?.position).toBe(20);
  });

  it('stops reading on abort, finishes in-flight batches, commits and closes', async () => {
    const store = openMemoryStore();
    const tenant = store.forTenant('acme');
    const controller = new AbortController();
    const closed: string[] = [];
    const sink = collectingSink<NumberedEvent>('s', () => 2);
    sink.sink.close = async () => void closed.push('sink');
    const source = numberedSource({
      tenant: 'acme',
      count: 10_000,
      batchSize: 10,
      beforeBatch: (first) => {
        if (first === 101) controller.abort();
      },
    });
    const summary = await runPipeline({
      tenant: 'acme',
      source: { ...source, read: source.read, close: async () => void closed.push('source') },
      sinks: [sink.sink],
      deadLetter: memoryDeadLetterSink(),
      store: tenant,
      signal: controller.signal,
    });
    expect(summary.stoppedBy).toBe('signal');
    expect(summary.read).toBeLessThanOrEqual(110);
    expect(sink.received).toHaveLength(summary.read);
    expect((await tenant.checkpoints.get('numbers'))?.position).toBe(summary.read);
    expect(closed).toEqual(['source', 'sink']);
  });

  it('stops a source that waits forever when aborted', async () => {
    const controller = new AbortController();
    const stuck = {
      name: 'stuck',
      async *read() {
        yield { events: [{ tenant: 'acme', id: 'only', event: 1 }], position: 1 };
        await new Promise(() => {});
      },
    };
    setTimeout(() => controller.abort(), 20);
    const summary = await runPipeline({
      tenant: 'acme',
      source: stuck,
      sinks: [collectingSink<number>().sink],
      deadLetter: memoryDeadLetterSink(),
      signal: controller.signal,
    });
    expect(summary).toMatchObject({ read: 1, written: 1, stoppedBy: 'signal' });
  });

  it('reports a failing source as PIPELINE_SOURCE after committing what was done', async () => {
    const store = openMemoryStore();
    const tenant = store.forTenant('acme');
    const source = numberedSource({
      tenant: 'acme',
      count: 100,
      batchSize: 10,
      beforeBatch: (first) => {
        if (first === 31) throw new Error('vendor API 500');
      },
    });
    await expect(
      runPipeline({
        tenant: 'acme',
        source,
        sinks: [collectingSink().sink],
        deadLetter: memoryDeadLetterSink(),
        store: tenant,
      }),
    ).rejects.toMatchObject({ code: 'PIPELINE_SOURCE' });
    expect((await tenant.checkpoints.get('numbers'))?.position).toBe(30);
  });

  it('refuses a store of another tenant and bad options', async () => {
    const store = openMemoryStore();
    const base = {
      tenant: 'acme',
      source: numberedSource({ tenant: 'acme', count: 1, batchSize: 1 }),
      sinks: [collectingSink().sink],
      deadLetter: memoryDeadLetterSink(),
    };
    await expect(runPipeline({ ...base, store: store.forTenant('globex') })).rejects.toBeInstanceOf(
      TenantIsolationError,
    );
    await expect(runPipeline({ ...base, concurrency: 0 })).rejects.toMatchObject({
      code: 'PIPELINE_CONFIG',
    });
    await expect(runPipeline({ ...base, sinks: [] })).rejects.toMatchObject({
      code: 'PIPELINE_CONFIG',
    });
  });

  it('writes to a tenant log and dead letters to a log, refusing other tenants', async () => {
    const store = openMemoryStore();
    const acme = store.forTenant('acme');
    const summary = await runPipeline({
      tenant: 'acme',
      source: numberedSource({ tenant: 'acme', count: 5, batchSize: 2 }),
      transforms: [
        {
          name: 'drop-3',
          apply: (envelope: Envelope<unknown>) =>
            (envelope.event as NumberedEvent).n === 3
              ? reject({ code: 'THREE', message: 'no' })
              : envelope,
        },
      ],
      sinks: [logSink<{ n: number }>(acme, 'events')],
      deadLetter: logDeadLetterSink(acme),
      store: acme,
    });
    expect(summary.written).toBe(4);
    expect((await acme.log.read('events')).map((entry) => entry.data)).toEqual([
      { id: 'event-1', event: { n: 1 } },
      { id: 'event-2', event: { n: 2 } },
      { id: 'event-4', event: { n: 4 } },
      { id: 'event-5', event: { n: 5 } },
    ]);
    expect((await acme.log.read('dead-letters'))[0]?.data).toMatchObject({
      id: 'event-3',
      reason: { code: 'THREE' },
    });
    const globexLog = logSink(store.forTenant('globex'), 'events');
    await expect(
      globexLog.write([{ tenant: 'acme', id: 'x', event: 1 }], {
        tenant: 'acme',
        signal: new AbortController().signal,
      }),
    ).rejects.toBeInstanceOf(TenantIsolationError);
  });
  it('reports an unreadable checkpoint as PIPELINE_CHECKPOINT and reads nothing', async () => {
    const tenant = openMemoryStore().forTenant('acme');
    tenant.checkpoints.get = async () => {
      throw new Error('database unreachable');
    };
    const source = numberedSource({ tenant: 'acme', count: 10, batchSize: 5 });
    await expect(
      runPipeline({
        tenant: 'acme',
        source,
        sinks: [collectingSink().sink],
        deadLetter: memoryDeadLetterSink(),
        store: tenant,
      }),
    ).rejects.toMatchObject({ code: 'PIPELINE_CHECKPOINT', isRetryable: true });
    expect(source.reads).toEqual([]);
  });
});
