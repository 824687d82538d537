import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { defineConnector } from '@openmdr/connector-kit';
import { createAwsClient } from './client.js';
import { AWS_REGIONS, awsConfigSchema } from './config.js';
import {
  quarantineInstanceAction,
  quarantineInstanceManifest,
  releaseInstanceAction,
  releaseInstanceManifest,
} from './ec2-quarantine.js';
import { snapshotInstanceVolumesAction, snapshotInstanceVolumesManifest } from './ec2-snapshots.js';
import {
  activateAccessKeyAction,
  activateAccessKeyManifest,
  deactivateAccessKeyAction,
  deactivateAccessKeyManifest,
} from './iam-access-keys.js';
import {
  restoreRoleSessionsAction,
  restoreRoleSessionsManifest,
  revokeRoleSessionsAction,
  revokeRoleSessionsManifest,
} from './iam-role-sessions.js';

/**
 * The AWS account response connector: containment in a customer's AWS account with an undo for
 * each step — IAM access keys deactivated (`disable_account`) and reactivated
 * (`enable_account`), a role's sessions revoked (`revoke_sessions`) and restored, EC2
 * instances snapshotted for forensics and quarantined behind an isolation security group
 * (`contain_device`), then released (`allow_device`). No streams: AWS's detections come through
 * the GuardDuty, Security Hub and CloudTrail connectors. The kit's AWS credentials: the default
 * chain or keys from the tenant's secrets, with an optional per-tenant STS AssumeRole.
 *
 * @example
 * ```ts
 * const aws = await awsConnector.connect({
 *   tenant: 'acme',
 *   config: {
 *     region: 'eu-west-1',
 *     assumeRole: { roleArn: 'arn:aws:iam::123456789012:role/openmdr-responder', externalId: 'acme' },
 *   },
 *   secrets,
 * });
 * const quarantined = await aws.runAction('quarantine-instance', { instanceId: 'i-0a1b2c3d4e5f67890' });
 * await aws.runAction('release-instance', { instanceId: 'i-0a1b2c3d4e5f67890' });
 * ```
 */
export const awsConnector = defineConnector({
  manifest: {
    id: 'aws',
    vendor: 'Amazon Web Services',
    product: 'AWS account response: IAM and EC2 containment',
    category: 'cloud',
    version: '0.1.0',
    auth: ['aws-sigv4'],
    regions: AWS_REGIONS,
    streams: {},
    actions: {
      'deactivate-access-key': deactivateAccessKeyManifest,
      'activate-access-key': activateAccessKeyManifest,
      'revoke-role-sessions': revokeRoleSessionsManifest,
      'restore-role-sessions': restoreRoleSessionsManifest,
      'snapshot-instance-volumes': snapshotInstanceVolumesManifest,
      'quarantine-instance': quarantineInstanceManifest,
      'release-instance': releaseInstanceManifest,
    },
    // a share of the account's API budget: IAM's and EC2's mutating calls are throttled at a few
    // to tens of requests per second per account
    rateLimit: { requests: 5, perMs: 1_000 },
    docsUrl: 'https://openmdr.dev/docs/connectors/aws',
  },
  config: awsConfigSchema,
  createClient: createAwsClient,
  // proves the credentials, the region's EC2 endpoint and a read permission in one cheap call
  check: async ({ client }) => {
    await client.send(client.ec2, new DescribeInstancesCommand({ MaxResults: 5 }));
  },
  streams: {},
  actions: {
    'deactivate-access-key': deactivateAccessKeyAction,
    'activate-access-key': activateAccessKeyAction,
    'revoke-role-sessions': revokeRoleSessionsAction,
    'restore-role-sessions': restoreRoleSessionsAction,
    'snapshot-instance-volumes': snapshotInstanceVolumesAction,
    'quarantine-instance': quarantineInstanceAction,
    'release-instance': releaseInstanceAction,
  },
});
