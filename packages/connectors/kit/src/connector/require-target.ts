import type { ActionRequestV1, ActionTargetV1 } from '../contract/v1/action-request-v1.js';
import { ActionRequestError } from './action-request-errors.js';

/** Target members that are plain values (`ip`, `domain`, `url`). */
export type ScalarTargetKey = 'ip' | 'domain' | 'url';
/** Target members that are objects (`device`, `account`, `file`, `process`, `notification`). */
export type ObjectTargetKey = Exclude<keyof ActionTargetV1, ScalarTargetKey>;

const present = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

/**
 * Reads a target field an action input builder needs, or throws {@link ActionRequestError}
 * naming it. With several fields, the first one present wins (`'uid', 'name'`: the id, else the
 * sign-in name).
 *
 * @example
 * ```ts
 * implements: {
 *   contain_device: (request) => ({ deviceId: requireTarget(request, 'device', 'uid') }),
 *   disable_account: (request) => ({ userId: requireTarget(request, 'account', 'uid', 'name') }),
 *   deny_ip: (request) => ({ address: requireTarget(request, 'ip') }),
 * }
 * ```
 * @throws ActionRequestError (`CONNECTOR_ACTION_REQUEST`) when none of the fields is present.
 */
export function requireTarget<Key extends ScalarTargetKey>(
  request: ActionRequestV1,
  key: Key,
): NonNullable<ActionTargetV1[Key]>;
export function requireTarget<
  Key extends ObjectTargetKey,
  Field extends keyof NonNullable<ActionTargetV1[Key]>,
>(
  request: ActionRequestV1,
  key: Key,
  ...fields: [Field, ...Field[]]
): NonNullable<NonNullable<ActionTargetV1[Key]>[Field]>;
export function requireTarget(
  request: ActionRequestV1,
  key: keyof ActionTargetV1,
  ...fields: PropertyKey[]
): unknown {
  const member: unknown = request.target[key];
  if (fields.length === 0) {
    if (present(member)) return member;
  } else if (typeof member === 'object' && member !== null) {
    for (const field of fields) {
      const value = (member as Record<PropertyKey, unknown>)[field];
      if (present(value)) return value;
    }
  }
  const paths =
    fields.length === 0
      ? [`target.${key}`]
      : fields.map((field) => `target.${key}.${String(field)}`);
  const field = paths.join(' or ');
  throw new ActionRequestError(
    field,
    `${request.kind} ${request.requestId}: ${field} is required`,
    {
      details: { kind: request.kind, requestId: request.requestId },
    },
  );
}
