import { OpenMdrError, StreamError } from '@openmdr/core';

/** What the engine was doing when Kafka failed (goes into `details.operation`). */
export type KafkaOperation =
  | 'append'
  | 'commit'
  | 'connect'
  | 'create-topic'
  | 'fetch'
  | 'join-group'
  | 'leave-group'
  | 'list-offsets'
  | 'describe-group'
  | 'trim'
  | 'close';

/** The shape of @platformatic/kafka's errors that the mapping reads (all optional). */
interface KafkaClientErrorShape {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly canRetry?: unknown;
  readonly apiId?: unknown;
  readonly errors?: unknown;
}

/** Client error codes that say the connection failed or timed out: retrying may succeed. */
const RETRYABLE_CLIENT_CODES = new Set(['PLT_KFK_NETWORK', 'PLT_KFK_TIMEOUT']);

/**
 * The Kafka protocol error ids (`apiId`) an error of @platformatic/kafka carries, its own and
 * those of the errors it aggregates (for an error mapped by {@link toStreamError}: its
 * `details.protocolErrors`).
 */
export function kafkaProtocolErrorIds(error: unknown): string[] {
  const ids: string[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (depth > 4 || value === null || typeof value !== 'object') return;
    if (OpenMdrError.isInstance(value)) {
      // already mapped by toStreamError: the ids are in its details
      const mapped = value.details?.['protocolErrors'];
      if (Array.isArray(mapped))
        ids.push(...mapped.filter((id): id is string => typeof id === 'string'));
      return;
    }
    const shape = value as KafkaClientErrorShape;
    if (typeof shape.apiId === 'string') ids.push(shape.apiId);
    if (Array.isArray(shape.errors)) for (const inner of shape.errors) visit(inner, depth + 1);
  };
  visit(error, 0);
  return [...new Set(ids)];
}

/** True when an error of @platformatic/kafka (or one it aggregates) is the given protocol error. */
export function hasKafkaProtocolError(error: unknown, apiId: string): boolean {
  return kafkaProtocolErrorIds(error).includes(apiId);
}

/** Group errors that joining the group again resolves: a rebalance, a new generation, a lost membership. */
const GROUP_CHURN = [
  'REBALANCE_IN_PROGRESS',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
  'NOT_COORDINATOR',
  'COORDINATOR_LOAD_IN_PROGRESS',
  'COORDINATOR_NOT_AVAILABLE',
];

/**
 * True for a group error that a rejoin resolves (a rebalance moved partitions, the member's
 * generation is stale): a commit that fails with one leaves its entries to be delivered again.
 */
export function isGroupChurn(error: unknown): boolean {
  const ids = kafkaProtocolErrorIds(error);
  return GROUP_CHURN.some((id) => ids.includes(id));
}

/**
 * Whether retrying may succeed: network and timeout errors, and protocol errors Kafka marks
 * retriable (a leader moving, a rebalance, a coordinator loading), anywhere in an aggregate; for
 * an error already mapped by {@link toStreamError}, its `isRetryable`.
 */
export function isRetryableKafkaError(error: unknown): boolean {
  const visit = (value: unknown, depth: number): boolean => {
    if (depth > 4 || value === null || typeof value !== 'object') return false;
    if (OpenMdrError.isInstance(value)) return value.isRetryable;
    const shape = value as KafkaClientErrorShape;
    if (typeof shape.code === 'string' && RETRYABLE_CLIENT_CODES.has(shape.code)) return true;
    if (shape.canRetry === true) return true;
    return Array.isArray(shape.errors) && shape.errors.some((inner) => visit(inner, depth + 1));
  };
  return visit(error, 0);
}

/**
 * Wraps an error of the Kafka client in a `StreamError` (code `STREAM`) with the operation, the
 * client's code and the protocol error ids in `details`, retryable as {@link isRetryableKafkaError}
 * says. OpenMDR errors pass through unchanged.
 */
export function toStreamError(
  error: unknown,
  operation: KafkaOperation,
  context: Record<string, unknown> = {},
): OpenMdrError {
  if (OpenMdrError.isInstance(error)) return error;
  const shape = (typeof error === 'object' && error !== null ? error : {}) as KafkaClientErrorShape;
  const message = typeof shape.message === 'string' ? shape.message : String(error);
  const protocolErrors = kafkaProtocolErrorIds(error);
  return new StreamError(
    `kafka ${operation} failed: ${message}${protocolErrors.length > 0 ? ` (${protocolErrors.join(', ')})` : ''}`,
    {
      cause: error,
      isRetryable: isRetryableKafkaError(error),
      details: {
        operation,
        ...context,
        ...(typeof shape.code === 'string' ? { kafkaCode: shape.code } : {}),
        ...(protocolErrors.length > 0 ? { protocolErrors } : {}),
      },
    },
  );
}
