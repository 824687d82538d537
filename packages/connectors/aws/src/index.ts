/**
 * `@openmdr/connector-aws`: AWS account response — IAM and EC2 containment with undo:
 * `deactivate-access-key` / `activate-access-key`, `revoke-role-sessions` /
 * `restore-role-sessions`, `snapshot-instance-volumes`, `quarantine-instance` /
 * `release-instance`, declaring the response vocabulary's `disable_account`, `enable_account`,
 * `revoke_sessions`, `contain_device` and `allow_device`.
 *
 * @packageDocumentation
 */

export { awsErrorCodeOf, isAwsNotFound, isNoSuchEntity } from './aws-errors.js';
export { type AwsClient, createAwsClient } from './client.js';
export {
  AWS_ISOLATION_GROUP_NAME,
  AWS_REGIONS,
  type AwsConfig,
  awsConfigSchema,
} from './config.js';
export { awsConnector } from './connector.js';
export { ensureIsolationGroup, ISOLATION_TAG, type IsolationGroup } from './ec2-isolation-group.js';
export {
  PREVIOUS_GROUPS_TAG_PREFIX,
  QUARANTINE_TAG,
  quarantineInstanceAction,
  quarantineInstanceInputSchema,
  quarantineInstanceManifest,
  quarantineInstanceOutputSchema,
  releaseInstanceAction,
  releaseInstanceInputSchema,
  releaseInstanceManifest,
  releaseInstanceOutputSchema,
} from './ec2-quarantine.js';
export {
  describeInstance,
  FORENSICS_TAG,
  type ForensicSnapshot,
  INCIDENT_ID_TAG,
  REQUEST_ID_TAG,
  snapshotInstanceVolumesAction,
  snapshotInstanceVolumesInputSchema,
  snapshotInstanceVolumesManifest,
  snapshotInstanceVolumesOutputSchema,
  takeForensicSnapshots,
} from './ec2-snapshots.js';
export {
  activateAccessKeyAction,
  activateAccessKeyInputSchema,
  activateAccessKeyManifest,
  activateAccessKeyOutputSchema,
  DEACTIVATED_KEYS_TAG,
  deactivateAccessKeyAction,
  deactivateAccessKeyInputSchema,
  deactivateAccessKeyManifest,
  deactivateAccessKeyOutputSchema,
} from './iam-access-keys.js';
export {
  REVOKE_POLICY_NAME,
  restoreRoleSessionsAction,
  restoreRoleSessionsManifest,
  restoreRoleSessionsOutputSchema,
  revokeOlderSessionsPolicy,
  revokeRoleSessionsAction,
  revokeRoleSessionsManifest,
  revokeRoleSessionsOutputSchema,
  roleSessionsInputSchema,
} from './iam-role-sessions.js';
export { accessKeyTarget, instanceTarget, roleTarget } from './targets.js';
