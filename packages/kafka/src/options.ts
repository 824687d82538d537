import {
  type JsonValue,
  type OpenMdrBus,
  StreamError,
  type StreamSubscribeOptions,
} from '@openmdr/core';
import type { ConnectionOptions } from '@platformatic/kafka';
import { checkTopicPart } from './topic-names.js';

/** Back-pressure of {@link KafkaStreamOptions.backPressure}. */
export interface KafkaBackPressureOptions {
  /** The consumer group whose lag is measured (the stage whose falling behind should slow producers). */
  readonly group: string;
  /** `append` waits while the group's unacknowledged entries of the tenant's stream reach this. */
  readonly maxLag: number;
  /** Gives up waiting after this long with `STREAM_BACKPRESSURE` (ms). Defaults to 30,000. */
  readonly timeoutMs?: number;
  /** How often the lag is measured again, while waiting and between appends (ms). Defaults to 1,000. */
  readonly checkIntervalMs?: number;
}

/** Options of {@link createKafkaEventStream}. */
export interface KafkaStreamOptions {
  /** Bootstrap brokers, `host:port`. */
  readonly brokers: readonly string[];
  /** The stream's name: the last part of every topic (letters, digits, `_`, `-`). */
  readonly name: string;
  /** Partitions of every tenant's topic, fixed for the stream's life. Defaults to 8. */
  readonly partitions?: number;
  /** The first part of every topic (letters, digits, `_`, `-`). Defaults to `openmdr`. */
  readonly topicPrefix?: string;
  /** Replicas of a topic this engine creates; `-1` takes the broker's default. Defaults to `-1`. */
  readonly replicationFactor?: number;
  /**
   * Extra configuration of the topics this engine creates (for example
   * `{ 'retention.ms': '604800000' }`: Kafka then expires old entries by itself).
   */
  readonly topicConfig?: Readonly<Record<string, string>>;
  /** The Kafka client id of the producer and admin clients. Defaults to `openmdr`. */
  readonly clientId?: string;
  /** TLS and SASL of the connections, passed to @platformatic/kafka as they are. */
  readonly connection?: Pick<ConnectionOptions, 'tls' | 'sasl' | 'connectTimeout'>;
  /** Group session timeout (ms): a consumer silent this long is dead and its partitions move. Defaults to 10,000. */
  readonly sessionTimeoutMs?: number;
  /** Group heartbeat interval (ms). Defaults to 1,000. */
  readonly heartbeatIntervalMs?: number;
  /** Slows `append` while a group lags (see {@link KafkaBackPressureOptions}). Off by default. */
  readonly backPressure?: KafkaBackPressureOptions;
  /** Where `stream.partition` and `stream.metrics` events go. */
  readonly bus?: OpenMdrBus;
  /** How often a subscription emits `stream.metrics` on the bus (ms). Defaults to 10,000. */
  readonly metricsIntervalMs?: number;
}

/** {@link KafkaStreamOptions} with every default filled in. */
export interface ResolvedKafkaStreamOptions {
  readonly brokers: readonly string[];
  readonly name: string;
  readonly partitions: number;
  readonly topicPrefix: string;
  readonly replicationFactor: number;
  readonly topicConfig: Readonly<Record<string, string>>;
  readonly clientId: string;
  readonly connection: Pick<ConnectionOptions, 'tls' | 'sasl' | 'connectTimeout'>;
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly backPressure?: Required<KafkaBackPressureOptions> | undefined;
  readonly bus?: OpenMdrBus | undefined;
  readonly metricsIntervalMs: number;
}

/** A change of a consumer's partitions, reported to {@link KafkaSubscribeOptions.onPartitionChange}. */
export interface KafkaPartitionChange {
  /** The tenant. */
  readonly tenant: string;
  /** The partition. */
  readonly partition: number;
  /**
   * `assigned`: a rebalance gave this consumer the partition; `released`: a rebalance or
   * `stop()` took it away. (Kafka has no per-entry claims: a new owner resumes at the group's
   * committed offset, so `claimed` is never reported.)
   */
  readonly change: 'assigned' | 'released' | 'claimed';
  /** Entries taken over (`claimed`). */
  readonly count?: number;
}

/** {@link StreamSubscribeOptions} plus the engine's callbacks. */
export interface KafkaSubscribeOptions<T extends JsonValue = JsonValue>
  extends StreamSubscribeOptions<T> {
  /**
   * Called when Kafka fails under the subscription (a fetch, a commit, a rejoin); the
   * subscription keeps going and retries. Defaults to ignoring it.
   */
  readonly onEngineError?: (error: unknown) => void;
  /** Called when a rebalance assigns this consumer a partition or takes one away. */
  readonly onPartitionChange?: (change: KafkaPartitionChange) => void;
}

/** {@link KafkaSubscribeOptions} with every default filled in. */
export type ResolvedSubscribeOptions<T extends JsonValue> = KafkaSubscribeOptions<T> & {
  readonly batchSize: number;
  readonly batchesPerTenantRound: number;
  readonly blockMs: number;
  readonly claimIdleMs: number;
};

/** Kafka's largest partition count per topic that this engine accepts. */
const MAX_PARTITIONS = 10_000;

/**
 * Checks a stream's options and fills in the defaults.
 * @throws StreamError `STREAM_CONFIG` naming the option in `details.option`.
 */
export function resolveKafkaStreamOptions(options: KafkaStreamOptions): ResolvedKafkaStreamOptions {
  if (!Array.isArray(options.brokers) || options.brokers.length === 0) {
    throw configError('brokers', options.brokers, 'needs at least one broker');
  }
  for (const broker of options.brokers) {
    if (typeof broker !== 'string' || !/^\S+:[0-9]{1,5}$/.test(broker)) {
      throw configError('brokers', broker, 'each broker is host:port');
    }
  }
  const name = checkTopicPart('name', options.name);
  const topicPrefix = checkTopicPart('topicPrefix', options.topicPrefix ?? 'openmdr');
  const partitions = integerOption('partitions', options.partitions, 8, 1, MAX_PARTITIONS);
  const replicationFactor = options.replicationFactor ?? -1;
  if (
    !Number.isInteger(replicationFactor) ||
    (replicationFactor !== -1 && (replicationFactor < 1 || replicationFactor > 32_767))
  ) {
    throw configError('replicationFactor', replicationFactor, 'is -1 or a positive integer');
  }
  const sessionTimeoutMs = integerOption(
    'sessionTimeoutMs',
    options.sessionTimeoutMs,
    10_000,
    1,
    3_600_000,
  );
  const heartbeatIntervalMs = integerOption(
    'heartbeatIntervalMs',
    options.heartbeatIntervalMs,
    1_000,
    1,
    sessionTimeoutMs,
  );
  let backPressure: Required<KafkaBackPressureOptions> | undefined;
  if (options.backPressure !== undefined) {
    const { group } = options.backPressure;
    if (typeof group !== 'string' || group.length === 0) {
      throw configError('backPressure.group', group, 'names a consumer group');
    }
    backPressure = {
      group,
      maxLag: integerOption('backPressure.maxLag', options.backPressure.maxLag, undefined, 1),
      timeoutMs: integerOption('backPressure.timeoutMs', options.backPressure.timeoutMs, 30_000, 0),
      checkIntervalMs: integerOption(
        'backPressure.checkIntervalMs',
        options.backPressure.checkIntervalMs,
        1_000,
        1,
      ),
    };
  }
  return {
    brokers: [...options.brokers],
    name,
    partitions,
    topicPrefix,
    replicationFactor,
    topicConfig: { ...(options.topicConfig ?? {}) },
    clientId: options.clientId ?? 'openmdr',
    connection: { ...(options.connection ?? {}) },
    sessionTimeoutMs,
    heartbeatIntervalMs,
    backPressure,
    bus: options.bus,
    metricsIntervalMs: integerOption('metricsIntervalMs', options.metricsIntervalMs, 10_000, 1),
  };
}

/**
 * Checks a subscription's options and fills in the contract's defaults (batch size 500, one batch
 * per tenant per round, reads block 1 s, rejected batches come back after 30 s).
 * @throws StreamError `STREAM_CONFIG` naming the option in `details.option`.
 */
export function resolveSubscribeOptions<T extends JsonValue>(
  options: KafkaSubscribeOptions<T>,
): ResolvedSubscribeOptions<T> {
  for (const option of ['group', 'consumer'] as const) {
    const value = options[option];
    if (typeof value !== 'string' || value.length === 0 || value.length > 255) {
      throw configError(option, value, 'is a non-empty string of at most 255 characters');
    }
  }
  if (typeof options.handler !== 'function') {
    throw configError('handler', typeof options.handler, 'is a function');
  }
  if (typeof options.tenants !== 'function' && !Array.isArray(options.tenants)) {
    throw configError(
      'tenants',
      options.tenants,
      'is a list of tenant ids or a function returning one',
    );
  }
  return {
    ...options,
    batchSize: integerOption('batchSize', options.batchSize, 500, 1, 1_000_000),
    batchesPerTenantRound: integerOption(
      'batchesPerTenantRound',
      options.batchesPerTenantRound,
      1,
      1,
      1_000_000,
    ),
    blockMs: integerOption('blockMs', options.blockMs, 1_000, 0, 3_600_000),
    claimIdleMs: integerOption('claimIdleMs', options.claimIdleMs, 30_000, 0, 86_400_000),
  };
}

function integerOption(
  option: string,
  value: number | undefined,
  fallback: number | undefined,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw configError(option, value, `is an integer from ${min} to ${max}`);
  }
  return value;
}

function configError(option: string, value: unknown, rule: string): StreamError {
  return new StreamError(`invalid stream option ${option} (${JSON.stringify(value)}): it ${rule}`, {
    code: 'STREAM_CONFIG',
    details: { option, value },
  });
}
