/**
 * `@openmdr/connector-guardduty`: the Amazon GuardDuty connector — alerts read incrementally and normalised to OCSF
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
  GUARDDUTY_PRODUCT,
  guarddutyNormalizeSources,
  normalizeGuarddutyAlert,
} from './normalize.js';
export { alertsStream, GUARDDUTY_ALERTS_PATH } from './streams.js';
