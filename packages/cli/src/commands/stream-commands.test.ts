import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { kafkaBrokersOf } from '../stream/open-stream.js';
import { testIo } from './test-io.js';

// What runs without a server: option checks and rule loading. The commands against a real
// Redis are exercised by test/worker-failover.int.test.ts.
describe('kafkaBrokersOf', () => {
  it('reads the brokers of a kafka:// URL', () => {
    expect(kafkaBrokersOf('kafka://k1:9092,k2:9092/')).toEqual(['k1:9092', 'k2:9092']);
    expect(kafkaBrokersOf('kafka://127.0.0.1:9092')).toEqual(['127.0.0.1:9092']);
  });
});

describe('openmdr worker detect, stream append, stream status', () => {
  const directory = mkdtempSync(join(tmpdir(), 'openmdr-stream-cli-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('rejects a --stream that is not a Redis or Kafka URL, and a missing --tenant', async () => {
    const http = testIo();
    expect(
      await main(
        [
          'stream',
          'append',
          '--stream',
          'http://user:s3cret@127.0.0.1:6379',
          '--tenant',
          'acme',
          '-',
        ],
        http.io,
      ),
    ).toBe(2);
    expect(http.err()).toMatch(/--stream must be a redis:\/\/, rediss:\/\/ or kafka:\/\//);
    expect(http.err()).not.toContain('s3cret');
    const kafkaWithoutBroker = testIo();
    expect(
      await main(
        ['stream', 'status', '--stream', 'kafka://', '--tenant', 'acme'],
        kafkaWithoutBroker.io,
      ),
    ).toBe(2);
    expect(kafkaWithoutBroker.err()).toMatch(/--stream must be/);
    const noTenant = testIo();
    expect(await main(['stream', 'status', '--stream', 'redis://127.0.0.1:1'], noTenant.io)).toBe(
      2,
    );
    expect(noTenant.err()).toMatch(/--tenant/);
  });

  it('rejects bad numbers and a store it cannot read', async () => {
    const common = ['worker', 'detect', '--stream', 'redis://127.0.0.1:1', '--tenant', 'acme'];
    const partitions = testIo();
    expect(
      await main(
        [...common, '--store', 'memory:', '--rules', directory, '--partitions', '0'],
        partitions.io,
      ),
    ).toBe(2);
    expect(partitions.err()).toMatch(/--partitions must be a positive integer/);
    const store = testIo();
    expect(await main([...common, '--store', 'ftp://x', '--rules', directory], store.io)).toBe(2);
    expect(store.err()).toMatch(/--store/);
  });

  it('does not start when a rule does not load, and says which', async () => {
    const bad = join(directory, 'bad.yml');
    writeFileSync(bad, 'title: broken\ndetection: [not, a, map]\n');
    const io = testIo();
    expect(
      await main(
        [
          'worker',
          'detect',
          '--stream',
          'redis://127.0.0.1:1',
          '--tenant',
          'acme',
          '--store',
          'memory:',
          '--rules',
          bad,
        ],
        io.io,
      ),
    ).toBe(1);
    expect(io.err()).toMatch(/openmdr worker detect: rule not loaded \(SIGMA_/);
  });
});
