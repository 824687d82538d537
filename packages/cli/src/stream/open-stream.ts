/**
 * Opens the Redis event stream that `openmdr worker detect`, `stream append` and `stream status`
 * share.
 *
 * @module
 */
import { createRedisEventStream, type EventStream, type StreamBackpressure } from '@openmdr/core';

/** Options of {@link openRedisEventStream}. */
export interface OpenRedisEventStreamOptions {
  /** `redis://[:password@]host:port/db` (or `rediss://`). */
  readonly url: string;
  /** The stream's name. */
  readonly name: string;
  /** Partitions of every tenant's stream. */
  readonly partitions: number;
  /** How long a dead worker holds its partitions (ms). */
  readonly leaseMs?: number | undefined;
  /** Makes appends wait while the workers lag. */
  readonly backpressure?: StreamBackpressure | undefined;
}

/** The Redis Streams engine on its own connection (closed by `close()`). */
export function openRedisEventStream(options: OpenRedisEventStreamOptions): EventStream {
  return createRedisEventStream({
    redis: options.url,
    name: options.name,
    partitions: options.partitions,
    ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
    ...(options.backpressure === undefined ? {} : { backpressure: options.backpressure }),
  });
}
