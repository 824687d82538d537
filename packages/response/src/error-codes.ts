/**
 * The codes of `@openmdr/response`'s errors. Each has a heading (its anchor is the code in lower
 * case) in the error reference, docs/reference/errors.md, saying what it means and what to do.
 */

/** Every code an error thrown by `@openmdr/response` carries. */
export const RESPONSE_ERROR_CODES = [
  'ACTION_PENDING',
  'ACTION_REFUSED',
  'ACTION_TIMEOUT',
  'APPROVAL_REQUIRED',
  'CASE_CONFLICT',
  'CASE_ILLEGAL_TRANSITION',
  'CASE_INVALID',
  'CASE_NOT_FOUND',
  'LEARNING_INVALID',
  'LEARNING_NOT_FOUND',
  'NO_EXECUTOR',
  'NOTIFY_CONFIG_INVALID',
  'NOTIFY_DELIVERY_FAILED',
  'OPENC2_STATUS',
  'OPENC2_TRANSPORT',
  'PLAYBOOK_COMMAND_INVALID',
  'PLAYBOOK_CONDITION_SYNTAX',
  'PLAYBOOK_INVALID',
  'PLAYBOOK_RUN',
  'POLICY_DENIED',
  'REPORT_INPUT_INVALID',
  'REPORT_PERIOD_INVALID',
  'RESPONSE_ACTUATOR_INPUT',
  'RESPONSE_APPROVAL_CLOSED',
  'RESPONSE_APPROVAL_FORBIDDEN',
  'RESPONSE_APPROVAL_NOT_FOUND',
  'RESPONSE_AUDIT_NOT_JSON',
  'RESPONSE_BLOCKLIST_ENTRY',
  'RESPONSE_COMMAND_INVALID',
  'RESPONSE_NO_ACTUATOR',
  'RESPONSE_POLICY_INVALID',
  'REVIEW_CONFLICT',
  'REVIEW_INVALID',
  'REVIEW_NOT_FOUND',
  'SLA_POLICY_INVALID',
  'SUPPRESSION_PROPOSAL_REVIEWED',
] as const;

/** A code of an error thrown by `@openmdr/response`. */
export type ResponseErrorCode = (typeof RESPONSE_ERROR_CODES)[number];

/** The codes of a failed playbook step raised by the engine itself. */
export type PlaybookStepErrorCode = Extract<
  ResponseErrorCode,
  'ACTION_TIMEOUT' | 'APPROVAL_REQUIRED' | 'NO_EXECUTOR' | 'POLICY_DENIED'
>;

/** The codes of an `ApprovalError`. */
export type ApprovalErrorCode = Extract<ResponseErrorCode, `RESPONSE_APPROVAL_${string}`>;
