import { randomUUID } from 'node:crypto';
import type { SimulatorRequest, SimulatorResponse } from '../../simulator/simulator-types.js';
import { authenticateAws } from './aws-sim-auth.js';
import { awsErrorResponse, xmlElement, xmlResponse } from './aws-sim-protocol.js';
import { type AwsSimState, randomKeyId, takeScripted } from './aws-sim-state.js';

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

const stsError = (status: number, code: string, message: string) =>
  awsErrorResponse('query', { status, code, message });

/**
 * STS on the query protocol (`POST /`, form `Action=…&Version=2011-06-15`): `AssumeRole`
 * (role must exist, external id must match its trust policy; temporary `ASIA…` keys valid for
 * `DurationSeconds`) and `GetCallerIdentity`, XML responses as the STS API reference shows them.
 */
export async function handleSts(
  state: AwsSimState,
  request: SimulatorRequest & { url: URL },
): Promise<SimulatorResponse> {
  const form = new URLSearchParams(request.body);
  const action = form.get('Action') ?? '';
  if (form.get('Version') !== '2011-06-15') {
    return stsError(400, 'InvalidAction', 'Could not find operation for this API version');
  }
  const auth = await authenticateAws(
    request,
    (id) => state.principals.get(id),
    state.now(),
    'ExpiredToken',
  );
  if (auth.error) return awsErrorResponse('query', auth.error);
  const caller = auth.principal;
  const scripted = takeScripted(state, action, {
    status: 400,
    code: 'Throttling',
    message: 'Rate exceeded',
  });
  if (scripted) return awsErrorResponse('query', scripted);
  if (action === 'GetCallerIdentity') {
    return xmlResponse(
      `<GetCallerIdentityResponse xmlns="${NS}"><GetCallerIdentityResult>${xmlElement('Arn', caller.arn)}${xmlElement('UserId', caller.userId)}${xmlElement('Account', caller.account)}</GetCallerIdentityResult><ResponseMetadata>${xmlElement('RequestId', randomUUID())}</ResponseMetadata></GetCallerIdentityResponse>`,
    );
  }
  if (action !== 'AssumeRole') {
    return stsError(400, 'InvalidAction', `The action ${action} is not valid for this endpoint.`);
  }
  const roleArn = form.get('RoleArn') ?? '';
  const sessionName = form.get('RoleSessionName') ?? '';
  const externalId = form.get('ExternalId') ?? undefined;
  const durationSeconds = Number(form.get('DurationSeconds') ?? 3600);
  if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
    return stsError(400, 'ValidationError', 'RoleSessionName must satisfy [\\w+=,.@-]{2,64}');
  }
  if (!Number.isInteger(durationSeconds) || durationSeconds < 900) {
    return stsError(400, 'ValidationError', 'DurationSeconds must be at least 900');
  }
  const role = state.roles.get(roleArn);
  if (!role || (role.externalId !== undefined && role.externalId !== externalId)) {
    return stsError(
      403,
      'AccessDenied',
      `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    );
  }
  if (durationSeconds > state.maxSessionSeconds) {
    return stsError(
      400,
      'ValidationError',
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  }
  const account = /^arn:aws[a-z-]*:iam::(\d{12}):role\//.exec(roleArn)?.[1] ?? '000000000000';
  const roleName = roleArn.split('/').at(-1) ?? 'role';
  const roleId = randomKeyId('AROA');
  const accessKeyId = randomKeyId('ASIA');
  const secretAccessKey = randomKeyId('', 40);
  const sessionToken = `FwoGZXIvYXdzE${randomKeyId('', 120)}`;
  const expiresAt = state.now() + durationSeconds * 1000;
  const arn = `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`;
  state.principals.set(accessKeyId, {
    accessKeyId,
    secretAccessKey,
    sessionToken,
    expiresAt,
    arn,
    account,
    userId: `${roleId}:${sessionName}`,
  });
  state.assumeRoleCalls.push({
    callerAccessKeyId: caller.accessKeyId,
    roleArn,
    sessionName,
    ...(externalId === undefined ? {} : { externalId }),
    durationSeconds,
    issuedAccessKeyId: accessKeyId,
  });
  return xmlResponse(
    `<AssumeRoleResponse xmlns="${NS}"><AssumeRoleResult><Credentials>${xmlElement('AccessKeyId', accessKeyId)}${xmlElement('SecretAccessKey', secretAccessKey)}${xmlElement('SessionToken', sessionToken)}${xmlElement('Expiration', new Date(expiresAt).toISOString())}</Credentials><AssumedRoleUser>${xmlElement('Arn', arn)}${xmlElement('AssumedRoleId', `${roleId}:${sessionName}`)}</AssumedRoleUser>${xmlElement('PackedPolicySize', 6)}</AssumeRoleResult><ResponseMetadata>${xmlElement('RequestId', randomUUID())}</ResponseMetadata></AssumeRoleResponse>`,
  );
}
