import { randomBytes } from 'node:crypto';
import type { AwsSimPrincipal } from './aws-sim-auth.js';
import type { AwsSimError } from './aws-sim-protocol.js';

/** An IAM user whose long-term access key the simulator accepts. */
export interface AwsSimUser {
  /** Access key id (`AKIA…`). */
  accessKeyId: string;
  /** Secret access key. */
  secretAccessKey: string;
  /** Account id. Default `111111111111`. */
  account?: string;
  /** User name. Default `openmdr`. */
  name?: string;
}

/** A role the simulator lets its users assume. */
export interface AwsSimRole {
  /** Role ARN (`arn:aws:iam::222222222222:role/openmdr-reader`). */
  arn: string;
  /** The external id its trust policy requires. */
  externalId?: string;
}

/** Shared state of a simulated AWS: principals, sessions, clock, scripted AWS-style faults. */
export interface AwsSimState {
  /** The simulator's clock, epoch ms (real time plus what `advanceTime` added). */
  now(): number;
  /** Principals by access key id. */
  principals: Map<string, AwsSimPrincipal>;
  /** Roles by ARN. */
  roles: Map<string, AwsSimRole>;
  /** Session lifetime cap, seconds. */
  maxSessionSeconds: number;
  /** AWS-style faults by operation (`AssumeRole`, `ReceiveMessage`, `GetObject`): remaining count. */
  scripted: Map<
    string,
    { error: 'throttling' | 'access-denied' | 'internal' | 'expired-token'; remaining: number }
  >;
  /** Every AssumeRole call that succeeded. */
  assumeRoleCalls: AwsSimAssumeRoleCall[];
}

/** A recorded AssumeRole call. */
export interface AwsSimAssumeRoleCall {
  /** The caller's access key id. */
  callerAccessKeyId: string;
  /** Role ARN. */
  roleArn: string;
  /** Session name. */
  sessionName: string;
  /** External id sent, if any. */
  externalId?: string;
  /** Duration asked for, seconds. */
  durationSeconds: number;
  /** The temporary access key id issued. */
  issuedAccessKeyId: string;
}

/** A random id of `length` upper-case letters and digits after `prefix`. */
export function randomKeyId(prefix: string, length = 16): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes = randomBytes(length);
  let out = prefix;
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

/**
 * The scripted AWS-style fault due for `operation`, consumed: throttling answers the service's
 * own throttling error (`Throttling`, `ThrottlingException`, `SlowDown`).
 */
export function takeScripted(
  state: AwsSimState,
  operation: string,
  throttling: AwsSimError,
): AwsSimError | undefined {
  const due = state.scripted.get(operation);
  if (!due || due.remaining <= 0) return undefined;
  due.remaining -= 1;
  if (due.error === 'throttling') return throttling;
  if (due.error === 'expired-token') {
    return {
      status: throttling.status === 503 ? 400 : 403,
      code: 'ExpiredToken',
      message: 'The security token included in the request is expired',
    };
  }
  if (due.error === 'internal') {
    return { status: 500, code: 'InternalFailure', message: 'simulated internal failure' };
  }
  return {
    status: 403,
    code: 'AccessDenied',
    message: `User is not authorized to perform: ${operation}`,
  };
}
