/**
 * `@openmdr/connector-kit/aws`: the kit's retries, rate budgets, typed errors and secrets around
 * the AWS SDK for JavaScript v3 — the AWS config schema (region, endpoint overrides, default
 * chain or keys from the tenant's secrets, per-tenant STS AssumeRole), client options for any
 * SDK client, `awsSend`, and a local AWS simulator (STS, SQS, S3). The `@aws-sdk/*` packages are
 * optional peer dependencies of the kit: connectors that use this entry point depend on them.
 *
 * @packageDocumentation
 */
export {
  type AwsClientOptions,
  type AwsClientOptionsContext,
  awsClientOptions,
} from './aws-client-options.js';
export {
  type AwsAssumeRole,
  type AwsConfig,
  type AwsConfigSchemaOptions,
  type AwsServiceKey,
  awsAssumeRoleSchema,
  awsConfigSchema,
} from './aws-config.js';
export {
  AWS_CREDENTIAL_REFRESH_MARGIN_MS,
  type AwsCredentialContext,
  type AwsMemoizedCredentialProvider,
  awsCredentialProvider,
  defaultRoleSessionName,
  memoizeCredentials,
} from './aws-credentials.js';
export {
  AWS_AUTH_CODES,
  AWS_EXPIRED_CREDENTIAL_CODES,
  AWS_THROTTLING_CODES,
  type AwsErrorClass,
  awsErrorCode,
  awsRedactedRequest,
  classifyAwsError,
  SQS_MESSAGE_GONE_CODES,
  toConnectorError,
} from './aws-errors.js';
export {
  AWS_COMMERCIAL_REGIONS,
  type AwsServiceRegionsOptions,
  awsServiceRegions,
} from './aws-regions.js';
export {
  type AwsSdkClient,
  type AwsSdkCommand,
  type AwsSendContext,
  type AwsSendOptions,
  awsSend,
} from './aws-send.js';
export {
  type ParseS3NotificationOptions,
  parseS3Notification,
  type S3Notification,
  type S3NotificationShape,
  type S3ObjectRef,
  stringAtPath,
} from './s3-notifications.js';
export * from './simulator/index.js';
