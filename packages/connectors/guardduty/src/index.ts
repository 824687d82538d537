/**
 * `@openmdr/connector-guardduty`: the Amazon GuardDuty connector — findings read incrementally
 * from a region's detector (`ListFindings` then `GetFindings`, member accounts' included for a
 * delegated administrator) and normalised to OCSF Detection Finding
 * ({@link normalizeGuardDutyFinding}); `archive-findings` and `update-feedback`.
 *
 * @packageDocumentation
 */

export {
  archiveFindingsAction,
  archiveFindingsInputSchema,
  archiveFindingsManifest,
  archiveFindingsOutputSchema,
  updateFeedbackAction,
  updateFeedbackInputSchema,
  updateFeedbackManifest,
  updateFeedbackOutputSchema,
} from './actions.js';
export { createGuarddutyClient, type GuarddutyClient } from './client.js';
export { GUARDDUTY_REGIONS, type GuarddutyConfig, guarddutyConfigSchema } from './config.js';
export { guarddutyConnector } from './connector.js';
export {
  GUARDDUTY_DETAIL_TYPE,
  type GuardDutyFindingInput,
  guardDutyFindingInput,
  guardDutyFindingsOf,
  isGuardDutyEvent,
  isGuardDutyFinding,
} from './finding-input.js';
export { guarddutyNormalizeSources } from './normalize.js';
export {
  GUARDDUTY_PRODUCT,
  guardDutyConsoleUrl,
  guardDutySeverityId,
  normalizeGuardDutyFinding,
  normalizeGuardDutyFindings,
} from './normalize-finding.js';
export {
  findingsStream,
  GUARDDUTY_GET_FINDINGS_MAX,
  type GuarddutyFinding,
  guarddutyFindingCriteria,
} from './streams.js';
