import { DeleteRolePolicyCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import type { ActionDefinition, ActionResult } from '@openmdr/connector-kit';
import { defineAction } from '@openmdr/connector-kit';
import * as z from 'zod';
import { isNoSuchEntity } from './aws-errors.js';
import type { AwsClient } from './client.js';
import type { AwsConfig } from './config.js';
import { IAM_ROLE_ARN, IAM_ROLE_NAME, roleTarget } from './targets.js';

/** The inline policy AWS's "Revoke active sessions" writes, by the name AWS gives it. */
export const REVOKE_POLICY_NAME = 'AWSRevokeOlderSessions';

/**
 * The policy AWS documents for revoking a role's temporary credentials ("Revoking IAM role
 * temporary security credentials"): deny everything to sessions issued before `issuedBefore`.
 */
export function revokeOlderSessionsPolicy(issuedBefore: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: {
      Effect: 'Deny',
      Action: ['*'],
      Resource: ['*'],
      Condition: { DateLessThan: { 'aws:TokenIssueTime': issuedBefore } },
    },
  });
}

const roleName = z
  .string()
  .refine(
    (value) => IAM_ROLE_NAME.test(value) || IAM_ROLE_ARN.test(value),
    'an IAM role name or role ARN',
  );

/** The role name of a name or ARN. */
const nameOf = (value: string) => IAM_ROLE_ARN.exec(value)?.[1] ?? value;

/** Input of `revoke-role-sessions` and `restore-role-sessions`. */
export const roleSessionsInputSchema = z.object({
  /** The role, by name or ARN. */
  role: roleName,
});

/** Output of `revoke-role-sessions`. */
export const revokeRoleSessionsOutputSchema = z.object({
  /** The role name. */
  roleName: z.string(),
  /** The inline policy written. */
  policyName: z.literal(REVOKE_POLICY_NAME),
  /** Sessions issued before this instant (ISO 8601) are denied everything. */
  issuedBefore: z.string(),
});

/** Output of `restore-role-sessions`. */
export const restoreRoleSessionsOutputSchema = z.object({
  /** The role name. */
  roleName: z.string(),
  /** The inline policy deleted. */
  policyName: z.literal(REVOKE_POLICY_NAME),
  /** False when there was no such policy (nothing to undo). */
  removed: z.boolean(),
});

type Input = z.output<typeof roleSessionsInputSchema>;
type RevokeOutput = z.input<typeof revokeRoleSessionsOutputSchema>;
type RestoreOutput = z.input<typeof restoreRoleSessionsOutputSchema>;

/** The manifest entry of `revoke-role-sessions` (implements `revoke_sessions`). */
export const revokeRoleSessionsManifest = defineAction({
  description:
    'Revoke every session of an IAM role issued until now: PutRolePolicy of the inline policy AWSRevokeOlderSessions (Deny * on * when aws:TokenIssueTime is before now), as the IAM console does. Sessions issued later are unaffected.',
  input: roleSessionsInputSchema,
  output: revokeRoleSessionsOutputSchema,
  asynchronous: false,
  requiredPermissions: ['iam:PutRolePolicy'],
  implements: { revoke_sessions: (request) => ({ role: roleTarget(request) }) },
});

/** The manifest entry of `restore-role-sessions` (the undo of `revoke-role-sessions`). */
export const restoreRoleSessionsManifest = defineAction({
  description:
    'Undo revoke-role-sessions: DeleteRolePolicy AWSRevokeOlderSessions. Sessions issued before the revocation are valid again until they expire.',
  input: roleSessionsInputSchema,
  output: restoreRoleSessionsOutputSchema,
  asynchronous: false,
  requiredPermissions: ['iam:DeleteRolePolicy'],
});

/** `revoke-role-sessions`: writes `AWSRevokeOlderSessions` with the current time. */
export const revokeRoleSessionsAction: ActionDefinition<AwsConfig, AwsClient, Input, RevokeOutput> =
  {
    run: async (input, { client, context, signal }): Promise<ActionResult<RevokeOutput>> => {
      const name = nameOf(input.role);
      const issuedBefore = new Date(context.clock.now()).toISOString();
      try {
        await client.send(
          client.iam,
          new PutRolePolicyCommand({
            RoleName: name,
            PolicyName: REVOKE_POLICY_NAME,
            PolicyDocument: revokeOlderSessionsPolicy(issuedBefore),
          }),
          signal ? { signal } : {},
        );
      } catch (error) {
        if (!isNoSuchEntity(error)) throw error;
        return { status: 'failed', reason: `IAM role ${name} not found` };
      }
      return {
        status: 'completed',
        output: { roleName: name, policyName: REVOKE_POLICY_NAME, issuedBefore },
      };
    },
  };

/** `restore-role-sessions`: deletes `AWSRevokeOlderSessions`. */
export const restoreRoleSessionsAction: ActionDefinition<
  AwsConfig,
  AwsClient,
  Input,
  RestoreOutput
> = {
  run: async (input, { client, signal }): Promise<ActionResult<RestoreOutput>> => {
    const name = nameOf(input.role);
    let removed = true;
    try {
      await client.send(
        client.iam,
        new DeleteRolePolicyCommand({ RoleName: name, PolicyName: REVOKE_POLICY_NAME }),
        signal ? { signal } : {},
      );
    } catch (error) {
      // no such role or no such policy: nothing is revoked, the undo is done
      if (!isNoSuchEntity(error)) throw error;
      removed = false;
    }
    return {
      status: 'completed',
      output: { roleName: name, policyName: REVOKE_POLICY_NAME, removed },
    };
  },
};
