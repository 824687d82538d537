export type { AwsSimPrincipal } from './aws-sim-auth.js';
export type { AwsSimObject } from './aws-sim-s3.js';
export type { AwsSimMessage } from './aws-sim-sqs.js';
export type { AwsSimAssumeRoleCall, AwsSimRole, AwsSimUser } from './aws-sim-state.js';
export {
  type AwsSimScriptedError,
  type AwsSimulator,
  type AwsSimulatorOptions,
  startAwsSimulator,
} from './aws-simulator.js';
