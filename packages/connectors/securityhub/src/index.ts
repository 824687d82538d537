/**
 * `@openmdr/connector-securityhub`: the AWS Security Hub connector — alerts read incrementally and normalised to OCSF
 * Detection Finding; host isolation polled to completion. TODO: one sentence per stream and
 * action of the vendor.
 *
 * @packageDocumentation
 */

export {
  isolateHostAction,
  isolateHostInputSchema,
  isolateHostManifest,
  isolateHostOutputSchema,
} from './actions.js';
export { createSecurityhubClient, type SecurityhubClient, type SecurityhubPage } from './client.js';
export {
  SECURITYHUB_REGIONS,
  type SecurityhubConfig,
  type SecurityhubRegion,
  securityhubBaseUrl,
  securityhubConfigSchema,
} from './config.js';
export { securityhubConnector } from './connector.js';
export {
  type AsffFindingEvent,
  asffFindingsOf,
  isAsffFinding,
  normalizeAsffFinding,
  normalizeAsffFindings,
  normalizeSecurityhubAlert,
  SECURITYHUB_PRODUCT,
  securityhubNormalizeSources,
} from './normalize.js';
export { alertsStream, SECURITYHUB_ALERTS_PATH } from './streams.js';
