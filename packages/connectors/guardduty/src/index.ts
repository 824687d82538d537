/**
 * `@openmdr/connector-guardduty`: the Amazon GuardDuty connector — findings (`GetFindings` records
 * or EventBridge events) normalised to OCSF Detection Finding ({@link normalizeGuardDutyFinding}).
 * TODO: the streams and actions of the AWS connector (the template's placeholders for now).
 *
 * @packageDocumentation
 */

export {
  isolateHostAction,
  isolateHostInputSchema,
  isolateHostManifest,
  isolateHostOutputSchema,
} from './actions.js';
export { createGuarddutyClient, type GuarddutyClient, type GuarddutyPage } from './client.js';
export {
  GUARDDUTY_REGIONS,
  type GuarddutyConfig,
  type GuarddutyRegion,
  guarddutyBaseUrl,
  guarddutyConfigSchema,
} from './config.js';
export { guarddutyConnector } from './connector.js';
export {
  GUARDDUTY_DETAIL_TYPE,
  type GuardDutyFindingInput,
  guardDutyFindingInput,
  guardDutyFindingsOf,
  isGuardDutyEvent,
  isGuardDutyFinding,
} from './finding-input.js';
export { guarddutyNormalizeSources, normalizeGuarddutyAlert } from './normalize.js';
export {
  GUARDDUTY_PRODUCT,
  guardDutyConsoleUrl,
  guardDutySeverityId,
  normalizeGuardDutyFinding,
  normalizeGuardDutyFindings,
} from './normalize-finding.js';
export { alertsStream, GUARDDUTY_ALERTS_PATH } from './streams.js';
