export { type AwsSimAuthResult, type AwsSimPrincipal, authenticateAws } from './aws-sim-auth.js';
export {
  type AwsSimError,
  awsErrorResponse,
  xmlElement,
  xmlEscape,
  xmlResponse,
} from './aws-sim-protocol.js';
export type { AwsSimObject } from './aws-sim-s3.js';
export type { AwsSimMessage } from './aws-sim-sqs.js';
export type { AwsSimAssumeRoleCall, AwsSimRole, AwsSimUser } from './aws-sim-state.js';
export {
  type AwsSimScriptedError,
  type AwsSimulator,
  type AwsSimulatorOptions,
  startAwsSimulator,
} from './aws-simulator.js';
