import { OpenMdrError, type OpenMdrErrorOptions } from '@openmdr/core';
import type { ApprovalErrorCode } from '../error-codes.js';

/**
 * An approval cannot be decided: unknown id (`RESPONSE_APPROVAL_NOT_FOUND`), already decided or
 * expired (`RESPONSE_APPROVAL_CLOSED`), or the approver is not in an allowed group
 * (`RESPONSE_APPROVAL_FORBIDDEN`).
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#response_approval_not_found | RESPONSE_APPROVAL_NOT_FOUND} in the error reference
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#response_approval_closed | RESPONSE_APPROVAL_CLOSED} in the error reference
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#response_approval_forbidden | RESPONSE_APPROVAL_FORBIDDEN} in the error reference
 */
export class ApprovalError extends OpenMdrError {
  /** Marks approval errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for('openmdr.error.response.ApprovalError');
  declare readonly code: ApprovalErrorCode;
  constructor(code: ApprovalErrorCode, message: string, options: OpenMdrErrorOptions = {}) {
    super(code, message, options);
    this.name = 'ApprovalError';
  }
}
