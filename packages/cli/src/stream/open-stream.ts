/**
 * Opens the event stream that `openmdr worker detect`, `stream append` and `stream status`
 * share: Redis Streams for a `redis://` URL, Kafka for `kafka://`.
 *
 * @module
 */
import { createRedisEventStream, type EventStream, type StreamBackpressure } from '@openmdr/core';
import { createKafkaEventStream } from '@openmdr/kafka';

/** Options of {@link openEventStream}. */
export interface OpenEventStreamOptions {
  /** `redis://[:password@]host:port/db` (or `rediss://`), or `kafka://host:port[,host:port…]`. */
  readonly url: string;
  /** The stream's name. */
  readonly name: string;
  /** Partitions of every tenant's stream. */
  readonly partitions: number;
  /** How long a dead worker holds its partitions (ms; Redis only: Kafka's group decides). */
  readonly leaseMs?: number | undefined;
  /** Makes appends wait while the workers lag. */
  readonly backpressure?: StreamBackpressure | undefined;
  /** The consumer group whose lag back-pressure measures on Kafka. Defaults to `detect`. */
  readonly group?: string | undefined;
}

/** The brokers of a `kafka://host:port[,host:port…]` URL. */
export function kafkaBrokersOf(url: string): string[] {
  return url
    .slice('kafka://'.length)
    .replace(/\/.*$/, '')
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker !== '');
}

/** The engine of the URL's scheme, on its own connection (closed by `close()`). */
export function openEventStream(options: OpenEventStreamOptions): EventStream {
  if (options.url.startsWith('kafka://')) {
    return createKafkaEventStream({
      brokers: kafkaBrokersOf(options.url),
      name: options.name,
      partitions: options.partitions,
      ...(options.backpressure === undefined
        ? {}
        : {
            backPressure: {
              group: options.backpressure.group ?? options.group ?? 'detect',
              maxLag: options.backpressure.maxLag,
              timeoutMs: options.backpressure.timeoutMs,
            },
          }),
    });
  }
  return createRedisEventStream({
    redis: options.url,
    name: options.name,
    partitions: options.partitions,
    ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
    ...(options.backpressure === undefined ? {} : { backpressure: options.backpressure }),
  });
}
