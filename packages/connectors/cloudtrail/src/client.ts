import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { ConnectorContext } from '@openmdr/connector-kit';
import { type AwsClientOptionsContext, awsClientOptions } from '@openmdr/connector-kit/aws';
import type { CloudtrailConfig } from './config.js';

/** The AWS SDK v3 clients of the CloudTrail connector, sharing the tenant's credentials. */
export interface CloudtrailClient {
  /** SQS: the trail bucket's object notifications. */
  readonly sqs: SQSClient;
  /** S3: the trail's log files. */
  readonly s3: S3Client;
  /** CloudTrail: `LookupEvents`. */
  readonly cloudtrail: CloudTrailClient;
}

/**
 * The kit's client options for `service`, with the request timeout enforced: the SDK's node
 * handler only warns when a response exceeds `requestTimeout` unless `throwOnRequestTimeout` is
 * set, and a stalled response would then hang the read.
 */
export function cloudtrailClientOptions(
  config: CloudtrailConfig,
  context: AwsClientOptionsContext,
  service: 'sqs' | 's3' | 'sts' | 'cloudtrail',
) {
  const options = awsClientOptions(config, context, service);
  return {
    ...options,
    requestHandler: { ...options.requestHandler, throwOnRequestTimeout: true },
  };
}

/**
 * Builds the SQS, S3 and CloudTrail clients with the kit's AWS options: the tenant's
 * credentials (default chain or keys, then the per-tenant AssumeRole; one provider for the
 * three), endpoint overrides, SDK retries off (`awsSend` retries under the tenant's budget).
 */
export function createCloudtrailClient(
  config: CloudtrailConfig,
  context: ConnectorContext,
): CloudtrailClient {
  return {
    sqs: new SQSClient(cloudtrailClientOptions(config, context, 'sqs')),
    s3: new S3Client(cloudtrailClientOptions(config, context, 's3')),
    cloudtrail: new CloudTrailClient(cloudtrailClientOptions(config, context, 'cloudtrail')),
  };
}

/** Closes the clients' sockets. */
export function destroyCloudtrailClient(client: CloudtrailClient): void {
  client.sqs.destroy();
  client.s3.destroy();
  client.cloudtrail.destroy();
}
