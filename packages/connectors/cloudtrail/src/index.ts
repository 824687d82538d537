/**
 * `@openmdr/connector-cloudtrail`: the AWS CloudTrail connector — log files delivered to S3 and
 * announced on SQS (stream `events`: S3, SNS-wrapped and EventBridge notifications, account and
 * organisation trails, digests skipped, poison files dead-lettered, messages deleted once their
 * batch is committed) or `LookupEvents` for small accounts (stream `lookup-events`), normalised
 * to OCSF 1.8.0 API Activity, Authentication, Account Change and Detection Finding (Insights).
 *
 * @packageDocumentation
 */

export {
  type CloudtrailClient,
  cloudtrailClientOptions,
  createCloudtrailClient,
  destroyCloudtrailClient,
} from './client.js';
export { type CloudtrailConfig, cloudtrailConfigSchema } from './config.js';
export { cloudtrailConnector } from './connector.js';
export { type CloudTrailQueueState, eventsStream, QUEUE_STATE_VERSION } from './events-stream.js';
export {
  type CloudTrailLogFile,
  type CloudTrailPoisonFile,
  decodeCloudTrailLogFile,
  isCloudTrailPoisonFile,
  POISON_FILE_TYPE,
} from './log-file.js';
export { LOOKUP_PAGE_SIZE, type LookupEventRecord, lookupEventsStream } from './lookup-stream.js';
export {
  CLOUDTRAIL_PRODUCT,
  cloudTrailFileRecords,
  cloudtrailNormalizeSources,
  isCloudTrailEventBridgeEvent,
  isCloudTrailRecord,
  normalizeCloudTrail,
  normalizeCloudTrailFile,
  normalizeCloudTrailInsight,
  unwrapCloudTrailRecord,
} from './normalize.js';
export { normalizeCloudTrailStreamRecord } from './normalize-stream-record.js';
export {
  type CloudTrailKeyInfo,
  type CloudTrailNotification,
  type CloudTrailObjectRef,
  isCloudTrailDigestKey,
  parseCloudTrailKey,
  parseCloudTrailNotification,
} from './s3-notifications.js';
