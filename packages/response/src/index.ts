/**
 * `@openmdr/response`: OpenC2-aligned response actions, actuators over connectors, authority
 * policy, approvals, audit and playbooks.
 *
 * @packageDocumentation
 */

export * from './actions/index.js';
export * from './actuators/index.js';
export * from './approvals/index.js';
export * from './audit/index.js';
export * from './blocklist/index.js';
export * from './cases/index.js';
export {
  type ApprovalErrorCode,
  type PlaybookStepErrorCode,
  RESPONSE_ERROR_CODES,
  type ResponseErrorCode,
} from './error-codes.js';
export * from './learning/index.js';
export * from './notifications/index.js';
export * from './playbooks/index.js';
export * from './policy/index.js';
export * from './reports/index.js';
export * from './review/index.js';
export * from './sla/index.js';
export { VERSION } from './version.js';
