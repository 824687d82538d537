// The shared contract suite of every EventStream engine, run on the Kafka engine over the
// in-memory stand-in of fake-kafka.ts (no broker here): it checks the engine's own logic —
// routing, offsets, commits, seek-back, rebalances, metrics, trimming, fairness — against the
// contract. It is not evidence about the real client: kafka-contract.int.test.ts runs the same
// suite on a real broker when OPENMDR_TEST_KAFKA_BROKERS is set.
import { describeEventStreamContract } from '@openmdr/core/testing';
import { KafkaEventStream } from '../src/kafka-event-stream.js';
import { FakeClients, FakeKafka } from './fake-kafka.js';

describeEventStreamContract(
  'kafka over an in-memory broker',
  ({ name, partitions }) =>
    new KafkaEventStream(
      { brokers: ['fake:9092'], name, partitions },
      new FakeClients(new FakeKafka(partitions)),
    ),
  // Kafka redelivers from the group's committed offset: no per-consumer pending lists or claims.
  { tracksPending: false },
);
