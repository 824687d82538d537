// The shared contract suite of every EventStream engine, run on the Kafka engine over the
// in-memory stand-in of fake-kafka.ts (no broker here): it checks the engine's own logic —
// routing, offsets, commits, seek-back, rebalances, metrics, trimming, fairness — against the
// contract. The suite comes from @openmdr/core/testing; until that export exists the case is
// skipped (it is imported by name at run time so that this file loads without it).
import type { EventStream } from '@openmdr/core';
import { describe, it } from 'vitest';
import { KafkaEventStream } from '../src/kafka-event-stream.js';
import { FakeClients, FakeKafka } from './fake-kafka.js';

interface ContractModule {
  describeEventStreamContract(
    name: string,
    factory: (context: { name: string; partitions: number }) => EventStream,
    options?: { tracksPending?: boolean; waitMs?: number },
  ): void;
}

const testingModule = '@openmdr/core/testing';
const testing = (await import(/* @vite-ignore */ testingModule).catch(() => undefined)) as
  | ContractModule
  | undefined;

if (testing) {
  testing.describeEventStreamContract(
    'kafka over an in-memory broker',
    ({ name, partitions }) =>
      new KafkaEventStream(
        { brokers: ['fake:9092'], name, partitions },
        new FakeClients(new FakeKafka(partitions)),
      ),
    // Kafka redelivers from the group's committed offset: no per-consumer pending lists or claims.
    { tracksPending: false },
  );
} else {
  describe.skip('event stream contract: kafka over an in-memory broker', () => {
    it('needs describeEventStreamContract from @openmdr/core/testing', () => undefined);
  });
}
