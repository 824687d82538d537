import { afterEach, describe, expect, it } from 'vitest';
import type { JsonValue } from '../storage/types.js';
import { compareEntryIds, partitionOf } from '../streams/entry-ids.js';
import type {
  EventStream,
  StreamBatch,
  StreamEntry,
  StreamPartitionChange,
  StreamSubscribeOptions,
  StreamSubscription,
} from '../streams/types.js';

/** What the contract suite asks its factory for. */
export interface EventStreamContractContext {
  /** A stream name not used before in this run (so a shared server needs no cleaning). */
  readonly name: string;
  /** Partitions of every tenant's stream. */
  readonly partitions: number;
}

/** Options of {@link describeEventStreamContract}. */
export interface EventStreamContractOptions {
  /** Passed to every subscription as `claimIdleMs` (ms). Defaults to 200. */
  readonly claimIdleMs?: number;
  /** Passed to every subscription as `blockMs` (ms). Defaults to 20. */
  readonly blockMs?: number;
  /** How long a case waits for something to happen before it fails (ms). Defaults to 10,000. */
  readonly waitMs?: number;
  /**
   * Whether the engine keeps entries pending per consumer, counts deliveries and reports claims
   * (memory, Redis). Kafka, which redelivers from the last committed offset, does not. Defaults
   * to true.
   */
  readonly tracksPending?: boolean;
  /** Whether {@link EventStream.trim} removes entries (Kafka leaves that to the broker's retention). Defaults to true. */
  readonly trims?: boolean;
}

/** Resolves once `check` returns true; throws after `waitMs`. */
async function until(what: string, check: () => boolean | Promise<boolean>, waitMs: number) {
  const deadline = Date.now() + waitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

interface Collector {
  readonly subscription: StreamSubscription;
  readonly entries: (StreamEntry & { tenant: string })[];
  readonly batches: StreamBatch[];
  readonly changes: StreamPartitionChange[];
}

let sequence = 0;

/**
 * The contract every {@link EventStream} engine passes, as a vitest suite: routing by key, ids in
 * order, delivery to every group, redelivery of rejected batches, partition ownership split among
 * a group's consumers and handed over when one stops, take-over of a departed consumer's pending
 * entries, metrics, trimming, tenant isolation and tenant fairness.
 *
 * `factory` makes an empty stream for each case (use `context.name`); the suite closes it. Run it
 * from a test file of the engine's package:
 *
 * @example
 * ```ts
 * import { createMemoryEventStream } from '@openmdr/core';
 * import { describeEventStreamContract } from '@openmdr/core/testing';
 *
 * describeEventStreamContract('memory', ({ name, partitions }) =>
 *   createMemoryEventStream({ name, partitions, leaseMs: 300 }),
 * );
 * ```
 */
export function describeEventStreamContract(
  name: string,
  factory: (context: EventStreamContractContext) => EventStream | Promise<EventStream>,
  options: EventStreamContractOptions = {},
): void {
  const claimIdleMs = options.claimIdleMs ?? 200;
  const blockMs = options.blockMs ?? 20;
  const waitMs = options.waitMs ?? 10_000;
  const tracksPending = options.tracksPending ?? true;
  const trims = options.trims ?? true;

  describe(`event stream contract: ${name}`, () => {
    const open: EventStream[] = [];
    const running: StreamSubscription[] = [];

    afterEach(async () => {
      await Promise.all(running.splice(0).map((subscription) => subscription.stop()));
      await Promise.all(open.splice(0).map((stream) => stream.close()));
    });

    const make = async (partitions: number): Promise<EventStream> => {
      sequence += 1;
      const stream = await factory({
        name: `contract-${process.pid}-${Date.now().toString(36)}-${sequence}`,
        partitions,
      });
      open.push(stream);
      return stream;
    };

    const collect = (
      stream: EventStream,
      subscribe: Partial<StreamSubscribeOptions> & Pick<StreamSubscribeOptions, 'tenants'>,
    ): Collector => {
      const entries: Collector['entries'] = [];
      const batches: StreamBatch[] = [];
      const changes: StreamPartitionChange[] = [];
      const subscription = stream.subscribe({
        group: 'contract',
        consumer: 'c1',
        blockMs,
        claimIdleMs,
        onPartitionChange: (change) => changes.push(change),
        ...subscribe,
        handler: async (batch) => {
          if (subscribe.handler) await subscribe.handler(batch);
          batches.push(batch);
          for (const entry of batch.entries) entries.push({ ...entry, tenant: batch.tenant });
        },
      });
      running.push(subscription);
      return { subscription, entries, batches, changes };
    };

    const records = (count: number, keys: number, offset = 0) =>
      Array.from({ length: count }, (_, index) => ({
        key: `host-${(index + offset) % keys}`,
        data: { n: index + offset } as JsonValue,
      }));

    it('routes each record to the partition of its key, with ids increasing per partition', async () => {
      const stream = await make(4);
      expect(stream.partitions).toBe(4);
      const appended = [
        ...(await stream.append('t1', records(20, 5))),
        ...(await stream.append('t1', records(20, 5, 20))),
      ];
      const input = [...records(20, 5), ...records(20, 5, 20)];
      const lastByPartition = new Map<number, string>();
      appended.forEach((where, index) => {
        expect(where.partition).toBe(partitionOf(input[index]?.key ?? '', 4));
        const last = lastByPartition.get(where.partition);
        if (last !== undefined) expect(compareEntryIds(where.id, last)).toBeGreaterThan(0);
        lastByPartition.set(where.partition, where.id);
      });
    });

    it('delivers every entry once to a group, in append order within each partition', async () => {
      const stream = await make(3);
      const appended = await stream.append('t1', records(60, 7));
      const seen = collect(stream, { tenants: ['t1'], batchSize: 8 });
      await until('60 entries are handled', () => seen.entries.length >= 60, waitMs);
      await stream.append('t1', records(15, 7, 60));
      await until('75 entries are handled', () => seen.entries.length >= 75, waitMs);
      expect(seen.entries).toHaveLength(75);
      expect(new Set(seen.entries.map((entry) => `${entry.partition}/${entry.id}`)).size).toBe(75);
      for (const [index, where] of appended.entries()) {
        const entry = seen.entries.find(
          (e) => e.partition === where.partition && e.id === where.id,
        );
        expect(entry?.data).toEqual({ n: index });
        expect(entry?.key).toBe(`host-${index % 7}`);
        expect(entry?.deliveries).toBe(1);
        expect(typeof entry?.appendedAt).toBe('number');
      }
      for (let partition = 0; partition < 3; partition += 1) {
        const ids = seen.entries.filter((e) => e.partition === partition).map((e) => e.id);
        expect([...ids].sort(compareEntryIds)).toEqual(ids);
      }
      for (const batch of seen.batches) {
        expect(batch.tenant).toBe('t1');
        expect(batch.entries.length).toBeLessThanOrEqual(8);
        expect(batch.entries.every((entry) => entry.partition === batch.partition)).toBe(true);
      }
    });

    it('gives every group every entry, and keeps tenants apart', async () => {
      const stream = await make(2);
      await stream.append('t1', records(12, 4));
      await stream.append('t2', records(5, 4));
      const first = collect(stream, { tenants: ['t1'], group: 'g1' });
      const second = collect(stream, { tenants: ['t1', 't2'], group: 'g2' });
      await until('g1 handles 12 entries', () => first.entries.length >= 12, waitMs);
      await until('g2 handles 17 entries', () => second.entries.length >= 17, waitMs);
      expect(first.entries.every((entry) => entry.tenant === 't1')).toBe(true);
      expect(second.entries.filter((entry) => entry.tenant === 't2')).toHaveLength(5);
      expect(first.entries).toHaveLength(12);
      expect(second.entries).toHaveLength(17);
    });

    it('reads the tenant list again when it is a function: a tenant added later is consumed', async () => {
      const stream = await make(2);
      const tenants = ['t1'];
      await stream.append('t1', records(3, 2));
      await stream.append('t2', records(4, 2));
      const seen = collect(stream, { tenants: () => [...tenants] });
      await until('t1 is handled', () => seen.entries.length >= 3, waitMs);
      expect(seen.entries.every((entry) => entry.tenant === 't1')).toBe(true);
      tenants.push('t2');
      await until('t2 is handled too', () => seen.entries.length >= 7, waitMs);
      expect(seen.entries.filter((entry) => entry.tenant === 't2')).toHaveLength(4);
    });

    it('delivers the entries of a rejected batch again', async () => {
      const stream = await make(1);
      await stream.append('t1', records(6, 2));
      let rejected = 0;
      const errors: unknown[] = [];
      const seen = collect(stream, {
        tenants: ['t1'],
        batchSize: 3,
        onError: (error) => errors.push(error),
        handler: async () => {
          if (rejected < 1) {
            rejected += 1;
            throw new Error('not now');
          }
        },
      });
      await until('6 entries are handled', () => seen.entries.length >= 6, waitMs);
      expect(errors).toHaveLength(1);
      const ids = seen.entries.map((entry) => entry.id);
      expect(new Set(ids).size).toBe(6);
      expect([...ids].sort(compareEntryIds)).toEqual(ids);
      if (tracksPending) expect(seen.entries[0]?.deliveries).toBeGreaterThanOrEqual(2);
    });

    it('splits partitions among the consumers of a group and hands them over when one stops', async () => {
      const stream = await make(4);
      const a = collect(stream, { tenants: ['t1'], consumer: 'a' });
      const b = collect(stream, { tenants: ['t1'], consumer: 'b' });
      const owned = (collector: Collector) => collector.subscription.assignments().get('t1') ?? [];
      await until(
        'the partitions are split',
        () =>
          owned(a).length > 0 &&
          owned(b).length > 0 &&
          owned(a).length + owned(b).length === 4 &&
          !owned(a).some((partition) => owned(b).includes(partition)),
        waitMs,
      );
      await stream.append('t1', records(40, 13));
      await until(
        '40 entries are handled',
        () => a.entries.length + b.entries.length >= 40,
        waitMs,
      );
      await a.subscription.stop();
      expect(a.subscription.assignments().size).toBe(0);
      await until('b owns every partition', () => owned(b).length === 4, waitMs);
      await stream.append('t1', records(20, 13, 40));
      await until(
        '60 entries are handled',
        () => a.entries.length + b.entries.length >= 60,
        waitMs,
      );
      const all = [...a.entries, ...b.entries].map((entry) => `${entry.partition}/${entry.id}`);
      expect(new Set(all).size).toBe(60);
      expect(all).toHaveLength(60);
      expect(a.changes.filter((change) => change.change === 'released').length).toBe(
        a.changes.filter((change) => change.change === 'assigned').length,
      );
    });

    it('takes over the entries a departed consumer left pending', async () => {
      const stream = await make(1);
      await stream.append('t1', records(5, 1));
      let attempts = 0;
      const a = collect(stream, {
        tenants: ['t1'],
        consumer: 'a',
        handler: async () => {
          attempts += 1;
          throw new Error('a cannot');
        },
      });
      await until('a has tried', () => attempts > 0, waitMs);
      await a.subscription.stop();
      const b = collect(stream, { tenants: ['t1'], consumer: 'b' });
      await until('b handles the 5 entries', () => b.entries.length >= 5, waitMs);
      expect(b.entries.map((entry) => entry.data)).toEqual(records(5, 1).map((r) => r.data));
      if (tracksPending) {
        expect(b.entries.every((entry) => entry.deliveries >= 2)).toBe(true);
        expect(b.changes).toContainEqual(
          expect.objectContaining({ tenant: 't1', partition: 0, change: 'claimed', count: 5 }),
        );
      }
    });

    it('reports length, lag, pending and owner per partition', async () => {
      const stream = await make(2);
      await stream.append('t1', records(10, 3));
      const before = await stream.metrics('t1', 'contract');
      expect(before.map((m) => m.partition)).toEqual([0, 1]);
      expect(before.reduce((sum, m) => sum + m.length, 0)).toBe(10);
      expect(before.reduce((sum, m) => sum + m.lag, 0)).toBe(10);
      expect(before.reduce((sum, m) => sum + m.pending, 0)).toBe(0);
      let open = (): void => {};
      const gate = new Promise<void>((resolve) => {
        open = resolve;
      });
      let entered: StreamBatch | undefined;
      const seen = collect(stream, {
        tenants: ['t1'],
        handler: async (batch) => {
          entered ??= batch;
          await gate;
        },
      });
      await until('a batch is in the handler', () => entered !== undefined, waitMs);
      const during = await stream.metrics('t1', 'contract');
      const held = during.find((m) => m.partition === entered?.partition);
      expect(held?.owner).toBe('c1');
      if (tracksPending) expect(held?.pending).toBe(entered?.entries.length);
      open();
      await until('10 entries are handled', () => seen.entries.length >= 10, waitMs);
      await until(
        'nothing lags or is pending',
        async () =>
          (await stream.metrics('t1', 'contract')).every((m) => m.lag === 0 && m.pending === 0),
        waitMs,
      );
    });

    it('stops when its signal aborts, and lets the batch in flight finish first', async () => {
      const stream = await make(2);
      await stream.append('t1', records(4, 2));
      const controller = new AbortController();
      let finished = false;
      let entered = false;
      const seen = collect(stream, {
        tenants: ['t1'],
        signal: controller.signal,
        handler: async () => {
          entered = true;
          await new Promise((resolve) => setTimeout(resolve, 50));
          finished = true;
        },
      });
      await until('a batch is in the handler', () => entered, waitMs);
      controller.abort();
      await seen.subscription.done;
      expect(finished).toBe(true);
      expect(seen.subscription.assignments().size).toBe(0);
      await seen.subscription.stop();
    });

    it.skipIf(!trims)('trims partitions by length', async () => {
      const stream = await make(1);
      await stream.append('t1', records(30, 1));
      expect(await stream.trim('t1', { maxLength: 10 })).toBe(20);
      const [metrics] = await stream.metrics('t1', 'contract');
      expect(metrics?.length).toBe(10);
      const seen = collect(stream, { tenants: ['t1'] });
      await until('the 10 kept entries are handled', () => seen.entries.length >= 10, waitMs);
      expect(seen.entries.map((entry) => entry.data)).toEqual(
        records(30, 1)
          .slice(20)
          .map((record) => record.data),
      );
    });

    it('is fair to tenants: a backlog of one does not hold back the others', async () => {
      const stream = await make(1);
      await stream.append('noisy', records(300, 1));
      await stream.append('quiet', records(3, 1));
      const seen = collect(stream, {
        tenants: ['noisy', 'quiet'],
        batchSize: 10,
        batchesPerTenantRound: 1,
      });
      await until(
        'the quiet tenant is handled',
        () => seen.entries.some((e) => e.tenant === 'quiet'),
        waitMs,
      );
      const firstQuiet = seen.batches.findIndex((batch) => batch.tenant === 'quiet');
      expect(firstQuiet).toBeLessThan(2);
      await until('everything is handled', () => seen.entries.length >= 303, waitMs);
    });
  });
}
