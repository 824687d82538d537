import {
  type AwsSimError,
  type AwsSimPrincipal,
  authenticateAws,
} from '@openmdr/connector-kit/aws';
import type {
  SimulatorRequest,
  SimulatorResponse,
  VendorSimulatorOptions,
} from '@openmdr/connector-kit/simulator';
import { handleEc2 } from './ec2.js';
import { handleIam } from './iam.js';
import { EC2_VERSION, ec2Error, IAM_VERSION, iamError } from './query.js';
import { type AwsSimAccount, type AwsSimAccountData, accountState } from './state.js';

/** The simulated region. */
export const AWS_SIM_REGION = 'us-east-1';

/** The account of the default simulation (placeholder). */
export const AWS_SIM_ACCOUNT = '111122223333';

/** The placeholder access key of the default simulation's account (never a real key). */
export const AWS_SIM_ACCESS_KEY = {
  accessKeyId: 'AKIASIMOPENMDRAWS01',
  secretAccessKey: 'sim-aws-containment-secret-0123456789abcd',
} as const;

/** A fault the simulator answers for an operation, the service's own way. */
export type AwsSimFault = 'throttling' | 'expired-token' | 'access-denied' | 'internal';

/** A recorded call: the account it acted in, the service, the operation and its form fields. */
export interface AwsSimCall {
  account: string;
  service: 'iam' | 'ec2';
  action: string;
  params: Readonly<Record<string, string>>;
}

/** What to simulate. */
export interface AwsContainmentSimulatorData {
  /** The accounts, each with its signing key and resources. Default: {@link awsContainmentSampleAccount}. */
  accounts?: readonly AwsSimAccountData[];
}

/** The live state of a simulation: accounts by id, recorded calls, scripted faults. */
export interface AwsContainmentSimulatorState {
  /** Accounts by id. */
  readonly accounts: ReadonlyMap<string, AwsSimAccount>;
  /** Every authenticated call, in order. */
  readonly calls: readonly AwsSimCall[];
  /**
   * Answers the next `times` calls of `operation` (`UpdateAccessKey`, `DescribeInstances`…)
   * with an AWS-style error: `throttling` is IAM's 400 `Throttling` or EC2's 503
   * `RequestLimitExceeded`, `expired-token` IAM's 403 `ExpiredToken` or EC2's 400
   * `RequestExpired`, `access-denied` IAM's 403 `AccessDenied` or EC2's 403
   * `UnauthorizedOperation`, `internal` a 500.
   */
  failNext(operation: string, fault: AwsSimFault, times?: number): void;
  /** The account of `id`; throws when the simulation has none. */
  account(id: string): AwsSimAccount;
}

/**
 * A sample account: a user with two active keys and one inactive, a role, an instance with two
 * network interfaces and two volumes in a VPC, and its security groups.
 */
export function awsContainmentSampleAccount(
  account: string = AWS_SIM_ACCOUNT,
  accessKey: { accessKeyId: string; secretAccessKey: string } = AWS_SIM_ACCESS_KEY,
): AwsSimAccountData {
  return {
    account,
    accessKey,
    users: [
      {
        name: 'build-bot',
        accessKeys: [
          { accessKeyId: 'AKIASIMBUILDBOTKEY1' },
          { accessKeyId: 'AKIASIMBUILDBOTKEY2', status: 'Inactive' },
        ],
      },
      { name: 'jdoe', accessKeys: [{ accessKeyId: 'AKIASIMJDOEKEY00001' }] },
    ],
    roles: [{ name: 'web-app' }],
    instances: [
      {
        instanceId: 'i-0a1b2c3d4e5f67890',
        vpcId: 'vpc-0a1b2c3d4e5f60001',
        networkInterfaces: [
          { networkInterfaceId: 'eni-0a1b2c3d4e5f60011', groupIds: ['sg-0a1b2c3d4e5f60021'] },
          {
            networkInterfaceId: 'eni-0a1b2c3d4e5f60012',
            groupIds: ['sg-0a1b2c3d4e5f60021', 'sg-0a1b2c3d4e5f60022'],
          },
        ],
        volumes: [
          { volumeId: 'vol-0a1b2c3d4e5f60031', deviceName: '/dev/xvda', sizeGiB: 8 },
          { volumeId: 'vol-0a1b2c3d4e5f60032', deviceName: '/dev/sdf', sizeGiB: 100 },
        ],
        tags: { Name: 'web-1' },
      },
    ],
    securityGroups: [
      { groupId: 'sg-0a1b2c3d4e5f60021', groupName: 'web', vpcId: 'vpc-0a1b2c3d4e5f60001' },
      { groupId: 'sg-0a1b2c3d4e5f60022', groupName: 'admin-ssh', vpcId: 'vpc-0a1b2c3d4e5f60001' },
    ],
  };
}

function scriptedError(service: 'iam' | 'ec2', fault: AwsSimFault, operation: string): AwsSimError {
  if (fault === 'throttling') {
    return service === 'iam'
      ? { status: 400, code: 'Throttling', message: 'Rate exceeded' }
      : { status: 503, code: 'RequestLimitExceeded', message: 'Request limit exceeded.' };
  }
  if (fault === 'expired-token') {
    return service === 'iam'
      ? {
          status: 403,
          code: 'ExpiredToken',
          message: 'The security token included in the request is expired',
        }
      : { status: 400, code: 'RequestExpired', message: 'Request has expired.' };
  }
  if (fault === 'internal') {
    return {
      status: 500,
      code: service === 'iam' ? 'ServiceFailure' : 'InternalError',
      message: 'simulated internal failure',
    };
  }
  return service === 'iam'
    ? {
        status: 403,
        code: 'AccessDenied',
        message: `User is not authorized to perform: iam:${operation}`,
      }
    : {
        status: 403,
        code: 'UnauthorizedOperation',
        message: `You are not authorized to perform this operation (ec2:${operation}).`,
      };
}

/** EC2 answers authentication failures as `AuthFailure` (401), expiry as `RequestExpired`. */
function ec2AuthError(error: AwsSimError): AwsSimError {
  if (error.code === 'ExpiredToken') return scriptedError('ec2', 'expired-token', '');
  return {
    status: 401,
    code: 'AuthFailure',
    message: 'AWS was not able to validate the provided access credentials',
  };
}

/**
 * The simulator options of a simulated AWS account set for IAM and EC2 containment: one
 * `POST /` route on the query protocols (IAM `Version=2010-05-08`, EC2 `Version=2016-11-15`),
 * each request SigV4-checked (the kit's `authenticateAws`) and served from the state of the
 * account its key belongs to — two accounts never see each other's resources.
 */
export function awsContainmentSimulation(data: AwsContainmentSimulatorData = {}): {
  options: VendorSimulatorOptions;
  state: AwsContainmentSimulatorState;
} {
  const created = new Date().toISOString();
  const accountsData = data.accounts ?? [awsContainmentSampleAccount()];
  const accounts = new Map(
    accountsData.map((entry) => [entry.account, accountState(entry, created)]),
  );
  const principals = new Map<string, AwsSimPrincipal>(
    accountsData.map((entry) => [
      entry.accessKey.accessKeyId,
      {
        accessKeyId: entry.accessKey.accessKeyId,
        secretAccessKey: entry.accessKey.secretAccessKey,
        arn: `arn:aws:iam::${entry.account}:user/openmdr`,
        account: entry.account,
        userId: `AIDA${entry.accessKey.accessKeyId.slice(4)}`,
      },
    ]),
  );
  const calls: AwsSimCall[] = [];
  const scripted = new Map<string, { fault: AwsSimFault; remaining: number }>();
  let origin = 'http://127.0.0.1';
  const handle = async (request: SimulatorRequest): Promise<SimulatorResponse> => {
    const form = new URLSearchParams(request.body);
    const action = form.get('Action') ?? '';
    const version = form.get('Version');
    const service = version === IAM_VERSION ? 'iam' : version === EC2_VERSION ? 'ec2' : undefined;
    if (!service) {
      return iamError({
        status: 400,
        code: 'InvalidAction',
        message: 'Could not find operation for this API version',
      });
    }
    const errorOf = service === 'iam' ? iamError : ec2Error;
    const host = request.headers['host'];
    if (host) origin = `http://${host}`;
    const url = new URL(request.path, origin);
    const auth = await authenticateAws(
      { ...request, url },
      (id) => principals.get(id),
      Date.now(),
      'ExpiredToken',
    );
    if (auth.error) return errorOf(service === 'ec2' ? ec2AuthError(auth.error) : auth.error);
    const due = scripted.get(action);
    if (due && due.remaining > 0) {
      due.remaining -= 1;
      return errorOf(scriptedError(service, due.fault, action));
    }
    const account = accounts.get(auth.principal.account);
    if (!account) return errorOf(scriptedError(service, 'access-denied', action));
    const params: Record<string, string> = {};
    for (const [key, value] of form) if (key !== 'Action' && key !== 'Version') params[key] = value;
    calls.push({ account: account.account, service, action, params });
    return service === 'iam'
      ? handleIam(account, action, form)
      : handleEc2(account, action, form, Date.now);
  };
  const state: AwsContainmentSimulatorState = {
    accounts,
    calls,
    failNext: (operation, fault, times = 1) => {
      scripted.set(operation, { fault, remaining: times });
    },
    account: (id) => {
      const account = accounts.get(id);
      if (!account) throw new Error(`no simulated account ${id}`);
      return account;
    },
  };
  return { options: { routes: [{ method: 'POST', path: '/', handle }] }, state };
}
