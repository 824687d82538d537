import { OpenMdrError } from '@openmdr/core';
import type { CaseStatus } from './case-types.js';

/**
 * No case with that id in this tenant. Code `CASE_NOT_FOUND`.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#case_not_found | CASE_NOT_FOUND} in the error reference
 */
export class CaseNotFoundError extends OpenMdrError {
  /** Marks case-not-found errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for('openmdr.error.response.CaseNotFoundError');
  declare readonly code: 'CASE_NOT_FOUND';
  /** The id asked for. */
  readonly caseId: string;
  constructor(caseId: string) {
    super('CASE_NOT_FOUND', `case ${JSON.stringify(caseId)} not found`, { details: { caseId } });
    this.name = 'CaseNotFoundError';
    this.caseId = caseId;
  }
}

/**
 * The lifecycle does not allow this move. Code `CASE_ILLEGAL_TRANSITION`.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#case_illegal_transition | CASE_ILLEGAL_TRANSITION} in the error reference
 */
export class CaseTransitionError extends OpenMdrError {
  /** Marks case transition errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.response.CaseTransitionError',
  );
  declare readonly code: 'CASE_ILLEGAL_TRANSITION';
  /** The current status. */
  readonly from: CaseStatus;
  /** The status asked for. */
  readonly to: CaseStatus;
  constructor(caseId: string, from: CaseStatus, to: CaseStatus, allowed: readonly CaseStatus[]) {
    super(
      'CASE_ILLEGAL_TRANSITION',
      `case ${JSON.stringify(caseId)}: cannot move from ${from} to ${to} (allowed: ${
        allowed.length > 0 ? allowed.join(', ') : 'none; reopen a closed case'
      })`,
      { details: { caseId, from, to, allowed: [...allowed] } },
    );
    this.name = 'CaseTransitionError';
    this.from = from;
    this.to = to;
  }
}

/**
 * Someone else changed the case since it was read (the `expectedVersion` given is stale, or
 * retries ran out). Retryable: read again and reapply. Code `CASE_CONFLICT`.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#case_conflict | CASE_CONFLICT} in the error reference
 */
export class CaseConflictError extends OpenMdrError {
  /** Marks case conflicts (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for('openmdr.error.response.CaseConflictError');
  declare readonly code: 'CASE_CONFLICT';
  constructor(caseId: string, expectedVersion: number, options: { cause?: unknown } = {}) {
    super(
      'CASE_CONFLICT',
      `case ${JSON.stringify(caseId)} changed concurrently (expected version ${expectedVersion})`,
      { isRetryable: true, cause: options.cause, details: { caseId, expectedVersion } },
    );
    this.name = 'CaseConflictError';
  }
}

/**
 * A change is not valid for the case (unknown task, merge into itself, …). Code `CASE_INVALID`.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#case_invalid | CASE_INVALID} in the error reference
 */
export class CaseInvalidError extends OpenMdrError {
  /** Marks invalid case changes (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for('openmdr.error.response.CaseInvalidError');
  declare readonly code: 'CASE_INVALID';
  constructor(caseId: string, message: string, field: string) {
    super('CASE_INVALID', `case ${JSON.stringify(caseId)}: ${message}`, {
      details: { caseId, field },
    });
    this.name = 'CaseInvalidError';
  }
}
