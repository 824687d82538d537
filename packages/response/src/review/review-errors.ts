import { OpenMdrError } from '@openmdr/core';

/**
 * No post-incident review for that case in this tenant. Code `REVIEW_NOT_FOUND`.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#review_not_found | REVIEW_NOT_FOUND} in the error reference
 */
export class ReviewNotFoundError extends OpenMdrError {
  /** Marks missing reviews (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.response.ReviewNotFoundError',
  );
  declare readonly code: 'REVIEW_NOT_FOUND';
  /** The case asked for. */
  readonly caseId: string;
  constructor(caseId: string) {
    super('REVIEW_NOT_FOUND', `no post-incident review of case ${JSON.stringify(caseId)}`, {
      details: { caseId },
    });
    this.name = 'ReviewNotFoundError';
    this.caseId = caseId;
  }
}

/**
 * Someone else changed the review since it was read (the `expectedVersion` given is stale).
 * Retryable: read it again, reapply the edit. Code `REVIEW_CONFLICT`.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#review_conflict | REVIEW_CONFLICT} in the error reference
 */
export class ReviewConflictError extends OpenMdrError {
  /** Marks review conflicts (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.response.ReviewConflictError',
  );
  declare readonly code: 'REVIEW_CONFLICT';
  constructor(caseId: string, expectedVersion?: number, options: { cause?: unknown } = {}) {
    super(
      'REVIEW_CONFLICT',
      `the post-incident review of case ${JSON.stringify(caseId)} changed concurrently (expected version ${expectedVersion ?? '?'})`,
      {
        isRetryable: true,
        cause: options.cause,
        details: { caseId, expectedVersion: expectedVersion ?? null },
      },
    );
    this.name = 'ReviewConflictError';
  }
}

/**
 * The review cannot be made or changed: its case is not closed, it already exists, it is final,
 * or an edit names an unknown field. Code `REVIEW_INVALID`; `details.reason` says which.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#review_invalid | REVIEW_INVALID} in the error reference
 */
export class ReviewInvalidError extends OpenMdrError {
  /** Marks invalid review changes (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for('openmdr.error.response.ReviewInvalidError');
  declare readonly code: 'REVIEW_INVALID';
  constructor(caseId: string, reason = 'invalid') {
    super('REVIEW_INVALID', `post-incident review of case ${JSON.stringify(caseId)}: ${reason}`, {
      details: { caseId, reason },
    });
    this.name = 'ReviewInvalidError';
  }
}
