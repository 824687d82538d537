// The Kafka engine against a real broker: the shared contract suite of every EventStream engine,
// then what only Kafka does (a dead consumer's partitions move through a rebalance; trimming with
// DeleteRecords; the partition count of an existing topic is checked). Needs
// OPENMDR_TEST_KAFKA_BROKERS=host:port (see packages/kafka/README.md, "Testing against a broker");
// without it every case is skipped.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type StreamBatch, StreamError } from '@openmdr/core';
import { describeEventStreamContract } from '@openmdr/core/testing';
import { describe, expect, it } from 'vitest';
import { createKafkaEventStream, type KafkaEventStream } from '../src/index.js';

const brokers = process.env['OPENMDR_TEST_KAFKA_BROKERS'];
const doomedScript = fileURLToPath(new URL('./fixtures/doomed-consumer.ts', import.meta.url));
const brokerList = brokers?.split(',').map((broker) => broker.trim()) ?? [];
// Short group timeouts so that a rebalance completes within a test (Kafka's minimum session is 6 s).
const groupTimings = { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 500 };

if (!brokers) {
  console.warn(
    'kafka-contract.int.test.ts: skipped (set OPENMDR_TEST_KAFKA_BROKERS=localhost:9092 with a broker running; see packages/kafka/README.md)',
  );
}

let sequence = 0;
const uniqueName = (label: string) => {
  sequence += 1;
  return `${label}-${process.pid}-${Date.now().toString(36)}-${sequence}`;
};

const until = async (what: string, check: () => boolean | Promise<boolean>, waitMs = 40_000) => {
  const deadline = Date.now() + waitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe.skipIf(!brokers)('kafka engine on a real broker', () => {
  describeEventStreamContract(
    'kafka',
    ({ name, partitions }: { name: string; partitions: number }) =>
      createKafkaEventStream({ brokers: brokerList, name, partitions, ...groupTimings }),
    // Kafka redelivers from the group's committed offset: no per-consumer pending lists or
    // claims; group rebalances take a few seconds.
    { tracksPending: false, waitMs: 40_000, claimIdleMs: 200, blockMs: 50 },
  );

  it('moves the partitions of a SIGKILLed consumer to the others, losing nothing', async () => {
    const name = uniqueName('takeover');
    const stream = createKafkaEventStream({
      brokers: brokerList,
      name,
      partitions: 4,
      ...groupTimings,
    });
    const doomed = spawn(
      process.execPath,
      [
        '--conditions=@openmdr/source',
        '--import',
        'tsx',
        doomedScript,
        brokerList.join(','),
        name,
        'takeover',
        '4',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let holding = false;
    doomed.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('holding')) holding = true;
    });
    try {
      const handled = new Map<string, number>();
      const survivor = stream.subscribe({
        group: 'takeover',
        consumer: 'survivor',
        tenants: ['acme'],
        blockMs: 50,
        handler: async (batch: StreamBatch) => {
          for (const entry of batch.entries) {
            const id = `${entry.partition}/${entry.id}`;
            handled.set(id, (handled.get(id) ?? 0) + 1);
          }
        },
      });
      await until('the group splits the partitions', async () => {
        const owners = (await stream.metrics('acme', 'takeover')).map((m) => m.owner);
        return owners.includes('doomed') && (survivor.assignments().get('acme')?.length ?? 0) === 2;
      });
      const appended = await stream.append(
        'acme',
        Array.from({ length: 200 }, (_, index) => ({
          key: `host-${index % 17}`,
          data: { n: index },
        })),
      );
      await until('the doomed consumer holds a batch', () => holding);
      // No goodbye: the broker notices after the session timeout and the group rebalances.
      doomed.kill('SIGKILL');
      await until(
        'the survivor owns every partition',
        () => (survivor.assignments().get('acme')?.length ?? 0) === 4,
      );
      await until('every entry is handled', () => handled.size === appended.length);
      for (const where of appended)
        expect(handled.has(`${where.partition}/${where.id}`)).toBe(true);
      await until('nothing lags', async () =>
        (await stream.metrics('acme', 'takeover')).every((m) => m.lag === 0 && m.pending === 0),
      );
      expect((await stream.metrics('acme', 'takeover')).every((m) => m.owner === 'survivor')).toBe(
        true,
      );
      await survivor.stop();
    } finally {
      doomed.kill('SIGKILL');
      await stream.close();
    }
  });

  it('trims by age with a timestamp lookup and DeleteRecords', async () => {
    const stream = createKafkaEventStream({
      brokers: brokerList,
      name: uniqueName('trim'),
      partitions: 2,
    });
    try {
      await stream.append(
        'acme',
        Array.from({ length: 20 }, (_, n) => ({ key: `k${n}`, data: { n } })),
      );
      expect(await stream.trim('acme', { olderThanMs: 3_600_000 })).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await stream.trim('acme', { olderThanMs: 0 })).toBe(20);
      const metrics = await stream.metrics('acme', 'nobody');
      expect(metrics.reduce((sum, m) => sum + m.length, 0)).toBe(0);
    } finally {
      await stream.close();
    }
  });

  it('refuses a topic that exists with another partition count', async () => {
    const name = uniqueName('partitions');
    const first: KafkaEventStream = createKafkaEventStream({
      brokers: brokerList,
      name,
      partitions: 2,
    });
    const second = createKafkaEventStream({ brokers: brokerList, name, partitions: 3 });
    try {
      await first.append('acme', [{ key: 'k', data: 1 }]);
      const error = await second
        .append('acme', [{ key: 'k', data: 1 }])
        .catch((caught: unknown) => caught);
      expect(StreamError.isInstance(error) && error.code).toBe('STREAM_CONFIG');
    } finally {
      await Promise.allSettled([first.close(), second.close()]);
    }
  });

  it('holds producers back while the group lags, with STREAM_BACKPRESSURE after the timeout', async () => {
    const stream = createKafkaEventStream({
      brokers: brokerList,
      name: uniqueName('backpressure'),
      partitions: 1,
      backPressure: { group: 'slow', maxLag: 10, timeoutMs: 300, checkIntervalMs: 100 },
    });
    try {
      await stream.append(
        'acme',
        Array.from({ length: 10 }, (_, n) => ({ key: 'k', data: n })),
      );
      const error = await stream
        .append('acme', [{ key: 'k', data: 'more' }])
        .catch((caught: unknown) => caught);
      expect(StreamError.isInstance(error) && error.code).toBe('STREAM_BACKPRESSURE');
      expect((error as StreamError).details).toMatchObject({ lag: 10, limit: 10, group: 'slow' });
    } finally {
      await stream.close();
    }
  });
});
