/**
 * `@openmdr/connector-intel-feeds`: CSV and plain-list threat-intelligence feeds over HTTP, read
 * with conditional GET (`ETag` / `Last-Modified` as the cursor), each row delivered once; the rows
 * go back to text (`feedTexts`) for `@openmdr/detections`' list loaders and normalise to OCSF
 * OSINT Inventory Info.
 *
 * @packageDocumentation
 */

export { NormalizationError } from '@openmdr/connector-kit';
export type { NormalizeOptions, NormalizeSource } from '@openmdr/connector-kit/normalize';
export {
  createIntelFeedsClient,
  type FeedFetch,
  type FeedValidators,
  type IntelFeedsClient,
} from './client.js';
export {
  type IntelFeed,
  type IntelFeedsConfig,
  intelFeedSchema,
  intelFeedsAuthSchema,
  intelFeedsConfigSchema,
} from './config.js';
export { intelFeedsConnector } from './connector.js';
export { feedRows, feedTexts, type IntelFeedRow, rowDigest, splitCsvLine } from './feed-rows.js';
export {
  feedValueTypeId,
  INTEL_FEEDS_PRODUCT,
  intelFeedsNormalizeSources,
  isIntelFeedRow,
  normalizeIntelFeedRow,
} from './normalize.js';
export {
  INTEL_FEEDS_STATE_VERSION,
  type IntelFeedCursor,
  type IntelFeedsState,
  rowsStream,
} from './streams.js';
