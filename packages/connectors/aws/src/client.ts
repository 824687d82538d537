import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import type { ConnectorContext } from '@openmdr/connector-kit';
import {
  type AwsSdkClient,
  type AwsSdkCommand,
  type AwsSendOptions,
  awsClientOptions,
  awsSend,
} from '@openmdr/connector-kit/aws';
import type { AwsConfig } from './config.js';

/** The AWS connector's vendor client: IAM and EC2 SDK clients sharing the tenant's credentials. */
export interface AwsClient {
  /** The IAM client (endpoint override `endpoint.iam`). */
  readonly iam: IAMClient;
  /** The EC2 client of the config's region (endpoint override `endpoint.ec2`). */
  readonly ec2: EC2Client;
  /**
   * Sends a command with the kit's policies (`awsSend`: the tenant's rate budget, retries of
   * throttling and 5xx, refreshed expired credentials, typed redacted errors).
   */
  send: <C extends AwsSdkCommand>(
    client: AwsSdkClient,
    command: C,
    options?: AwsSendOptions,
  ) => ReturnType<typeof awsSend<C>>;
}

/**
 * Builds the AWS client for a tenant: IAM and EC2 SDK clients from the kit's AWS options (one
 * credential provider per tenant: base keys or the default chain, then the tenant's AssumeRole),
 * the SDK's retries off, commands sent through `awsSend`.
 */
export function createAwsClient(config: AwsConfig, context: ConnectorContext): AwsClient {
  return {
    iam: new IAMClient(awsClientOptions(config, context, 'iam')),
    ec2: new EC2Client(awsClientOptions(config, context, 'ec2')),
    send: (client, command, options) => awsSend(client, command, context, options),
  };
}
