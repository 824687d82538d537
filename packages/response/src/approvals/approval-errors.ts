import { OpenMdrError, type OpenMdrErrorOptions } from '@openmdr/core';

/**
 * An approval cannot be decided: unknown id (`RESPONSE_APPROVAL_NOT_FOUND`), already decided or
 * expired (`RESPONSE_APPROVAL_CLOSED`), or the approver is not in an allowed group
 * (`RESPONSE_APPROVAL_FORBIDDEN`).
 */
export class ApprovalError extends OpenMdrError {
  constructor(
    code:
      | 'RESPONSE_APPROVAL_NOT_FOUND'
      | 'RESPONSE_APPROVAL_CLOSED'
      | 'RESPONSE_APPROVAL_FORBIDDEN',
    message: string,
    options: OpenMdrErrorOptions = {},
  ) {
    super(code, message, options);
    this.name = 'ApprovalError';
  }
}
