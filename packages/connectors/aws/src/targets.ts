import type { ActionRequestV1 } from '@openmdr/connector-kit';
import { ActionRequestError, requireTarget } from '@openmdr/connector-kit';

/** An IAM access key id: 16 to 128 upper-case letters and digits (`AKIA…`). */
export const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;
/** An IAM user name. */
export const IAM_USER_NAME = /^[\w+=,.@-]{1,64}$/;
/** An IAM role name. */
export const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** An IAM role ARN (`arn:aws:iam::123456789012:role/path/name`); group 1 is the name. */
export const IAM_ROLE_ARN =
  /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
/** An EC2 instance id (`i-` and 8 or 17 hex digits). */
export const INSTANCE_ID = /^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

function invalid(request: ActionRequestV1, field: string, what: string): ActionRequestError {
  return new ActionRequestError(
    field,
    `${request.kind} ${request.requestId}: ${field} must be ${what}`,
    {
      details: { kind: request.kind, requestId: request.requestId },
    },
  );
}

/**
 * The IAM account target of a key action: `target.account.uid` an access key id, else
 * `target.account.name` a user name (all its keys).
 *
 * @throws ActionRequestError naming the field when both are absent or one is malformed.
 */
export function accessKeyTarget(
  request: ActionRequestV1,
): { accessKeyId: string } | { userName: string } {
  const uid = request.target.account?.uid;
  if (uid !== undefined && uid !== '') {
    if (!ACCESS_KEY_ID.test(uid))
      throw invalid(request, 'target.account.uid', 'an IAM access key id');
    return { accessKeyId: uid };
  }
  const name = requireTarget(request, 'account', 'uid', 'name');
  if (!IAM_USER_NAME.test(name)) throw invalid(request, 'target.account.name', 'an IAM user name');
  return { userName: name };
}

/**
 * The role of `revoke_sessions`: `target.account.name`, a role name or role ARN.
 *
 * @throws ActionRequestError naming `target.account.name` when it is absent or neither.
 */
export function roleTarget(request: ActionRequestV1): string {
  const name = requireTarget(request, 'account', 'name');
  if (!IAM_ROLE_NAME.test(name) && !IAM_ROLE_ARN.test(name)) {
    throw invalid(request, 'target.account.name', 'an IAM role name or role ARN');
  }
  return name;
}

/**
 * The instance of `contain_device` / `allow_device`: `target.device.uid`, an EC2 instance id.
 *
 * @throws ActionRequestError naming `target.device.uid` when it is absent or not an `i-…` id.
 */
export function instanceTarget(request: ActionRequestV1): string {
  const uid = requireTarget(request, 'device', 'uid');
  if (!INSTANCE_ID.test(uid))
    throw invalid(request, 'target.device.uid', 'an EC2 instance id (i-…)');
  return uid;
}
