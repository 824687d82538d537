export {
  CaseConflictError,
  CaseInvalidError,
  CaseNotFoundError,
  CaseTransitionError,
} from './case-errors.js';
export { caseFieldsFromFinding, type FindingCaseFields } from './case-from-finding.js';
export { CASE_STATUSES, CASE_TRANSITIONS, canTransition } from './case-lifecycle.js';
export {
  type CaseChangeOptions,
  CaseService,
  type CaseServiceOptions,
  type CreateCaseInput,
  TenantCases,
} from './case-service.js';
export type * from './case-types.js';
