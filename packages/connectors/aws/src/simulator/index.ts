/**
 * `@openmdr/connector-aws/simulator`: simulated AWS IAM and EC2 on 127.0.0.1 — the query
 * protocols with SigV4-checked requests, per-account state (users and access keys, roles and
 * their inline policies, instances, network interfaces, security groups, volumes, snapshots,
 * tags), AWS's error shapes and scripted faults (throttling, expired credentials) — for demos,
 * examples and tests. Needs no vitest.
 *
 * @packageDocumentation
 */
export {
  AWS_SIM_ACCESS_KEY,
  AWS_SIM_ACCOUNT,
  AWS_SIM_REGION,
  type AwsContainmentSimulatorData,
  type AwsContainmentSimulatorState,
  type AwsSimCall,
  type AwsSimFault,
  awsContainmentSampleAccount,
  awsContainmentSimulation,
} from './routes.js';
export {
  type AwsContainmentSimulatorConfig,
  awsContainmentSimulatorSecrets,
  startAwsContainmentSimulator,
} from './start.js';
export type {
  AwsSimAccessKeyData,
  AwsSimAccount,
  AwsSimAccountData,
  AwsSimIamRoleData,
  AwsSimIamUserData,
  AwsSimInstance,
  AwsSimInstanceData,
  AwsSimRule,
  AwsSimSecurityGroup,
  AwsSimSecurityGroupData,
  AwsSimSnapshot,
} from './state.js';
