import { OpenMdrError } from '@openmdr/core';
import type { CaseStatus } from './case-types.js';

/** No case with that id in this tenant. Code `CASE_NOT_FOUND`. */
export class CaseNotFoundError extends OpenMdrError {
  /** The id asked for. */
  readonly caseId: string;
  constructor(caseId: string) {
    super('CASE_NOT_FOUND', `case ${JSON.stringify(caseId)} not found`, { details: { caseId } });
    this.name = 'CaseNotFoundError';
    this.caseId = caseId;
  }
}

/** The lifecycle does not allow this move. Code `CASE_ILLEGAL_TRANSITION`. */
export class CaseTransitionError extends OpenMdrError {
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
 */
export class CaseConflictError extends OpenMdrError {
  constructor(caseId: string, expectedVersion: number, options: { cause?: unknown } = {}) {
    super(
      'CASE_CONFLICT',
      `case ${JSON.stringify(caseId)} changed concurrently (expected version ${expectedVersion})`,
      { isRetryable: true, cause: options.cause, details: { caseId, expectedVersion } },
    );
    this.name = 'CaseConflictError';
  }
}

/** A change is not valid for the case (unknown task, merge into itself, …). Code `CASE_INVALID`. */
export class CaseInvalidError extends OpenMdrError {
  constructor(caseId: string, message: string, field: string) {
    super('CASE_INVALID', `case ${JSON.stringify(caseId)}: ${message}`, {
      details: { caseId, field },
    });
    this.name = 'CaseInvalidError';
  }
}
