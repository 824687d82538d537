const marker = Symbol.for('openmdr.rejection');

/** Why a record was rejected: a stable code, a message and where in the record. */
export interface RejectionReason {
  /** Stable machine-readable code (`OCSF_VALIDATION`, `TRANSFORM_FAILED`, `TENANT_MISMATCH`, …). */
  code: string;
  /** What is wrong, for a person. Redacted before it is stored. */
  message: string;
  /** Where in the record, as a path of keys and indexes (`['actor', 'user', 'uid']`). */
  path?: (string | number)[];
}

/** What a transform returns to send its input to the dead-letter sink. */
export interface Rejection {
  readonly [marker]: true;
  /** Why. */
  readonly reason: RejectionReason;
}

/**
 * Rejects the record a transform is handling: it goes to the dead-letter sink with `reason` and
 * the rest of the batch goes on.
 *
 * @example
 * ```ts
 * if (!raw.timestamp) return reject({ code: 'MISSING_TIME', message: 'no timestamp', path: ['timestamp'] });
 * ```
 */
export function reject(reason: RejectionReason): Rejection {
  return { [marker]: true, reason };
}

/** True when `value` was made by {@link reject}. */
export function isRejection(value: unknown): value is Rejection {
  return typeof value === 'object' && value !== null && marker in value;
}
