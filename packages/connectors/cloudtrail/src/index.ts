/**
 * `@openmdr/connector-cloudtrail`: the AWS CloudTrail connector — alerts read incrementally and normalised to OCSF
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
export { type CloudtrailClient, type CloudtrailPage, createCloudtrailClient } from './client.js';
export {
  CLOUDTRAIL_REGIONS,
  type CloudtrailConfig,
  type CloudtrailRegion,
  cloudtrailBaseUrl,
  cloudtrailConfigSchema,
} from './config.js';
export { cloudtrailConnector } from './connector.js';
export {
  CLOUDTRAIL_PRODUCT,
  cloudTrailFileRecords,
  cloudtrailNormalizeSources,
  isCloudTrailEventBridgeEvent,
  isCloudTrailRecord,
  normalizeCloudTrail,
  normalizeCloudTrailFile,
  normalizeCloudTrailInsight,
  normalizeCloudtrailAlert,
  unwrapCloudTrailRecord,
} from './normalize.js';
export { alertsStream, CLOUDTRAIL_ALERTS_PATH } from './streams.js';
