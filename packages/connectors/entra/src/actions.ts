import type {
  ActionDefinition,
  ActionImplementsV1,
  ActionRequestV1,
  ActionResult,
  ConnectorActionManifest,
} from '@openmdr/connector-kit';
import { ConnectorHttpError, requireTarget } from '@openmdr/connector-kit';
import * as z from 'zod';
import type { EntraConfig } from './config.js';
import type { EntraClient } from './read-graph.js';

/** Input of every Entra user action. */
export const entraUserActionInput = z.object({
  /** The user's object id (GUID) or user principal name. */
  userId: z.string().min(1),
});

/** Output of every Entra user action. */
export const entraUserActionOutput = z.object({
  userId: z.string(),
  /** What was done: `disabled`, `enabled`, `sessions-revoked`, `confirmed-compromised`, `risk-dismissed`. */
  result: z.string(),
});

type Output = z.output<typeof entraUserActionOutput>;
type Action = ActionDefinition<EntraConfig, EntraClient>;

function notFound(error: unknown, userId: string): ActionResult<Output> | undefined {
  if (ConnectorHttpError.isInstance(error) && (error as ConnectorHttpError).status === 404) {
    return { status: 'failed', reason: `Entra user ${userId} not found` };
  }
  return undefined;
}

function userAction(
  result: string,
  request: (userId: string) => { method: string; path: string; json?: unknown },
): Action {
  return {
    run: async (input, session) => {
      const { userId } = input as z.output<typeof entraUserActionInput>;
      try {
        await session.client.graph.request({
          ...request(userId),
          ...(session.signal ? { signal: session.signal } : {}),
        });
      } catch (error) {
        const missing = notFound(error, userId);
        if (missing) return missing;
        throw error;
      }
      return { status: 'completed', output: { userId, result } };
    },
  };
}

const user = (userId: string) => `/users/${encodeURIComponent(userId)}`;

/** The actions of the Entra connector. */
export const entraActions: Readonly<Record<string, Action>> = {
  'disable-account': userAction('disabled', (userId) => ({
    method: 'PATCH',
    path: user(userId),
    json: { accountEnabled: false },
  })),
  'enable-account': userAction('enabled', (userId) => ({
    method: 'PATCH',
    path: user(userId),
    json: { accountEnabled: true },
  })),
  'revoke-sign-in-sessions': userAction('sessions-revoked', (userId) => ({
    method: 'POST',
    path: `${user(userId)}/revokeSignInSessions`,
  })),
  'confirm-compromised': userAction('confirmed-compromised', (userId) => ({
    method: 'POST',
    path: '/identityProtection/riskyUsers/confirmCompromised',
    json: { userIds: [userId] },
  })),
  'dismiss-risk': userAction('risk-dismissed', (userId) => ({
    method: 'POST',
    path: '/identityProtection/riskyUsers/dismiss',
    json: { userIds: [userId] },
  })),
};

type Input = z.input<typeof entraUserActionInput>;

const manifest = (
  description: string,
  permissions: readonly string[],
  implemented?: ActionImplementsV1<Input>,
): ConnectorActionManifest<typeof entraUserActionInput, typeof entraUserActionOutput> => ({
  description,
  input: entraUserActionInput,
  output: entraUserActionOutput,
  asynchronous: false,
  requiredPermissions: permissions,
  ...(implemented === undefined ? {} : { implements: implemented }),
});

/** The input for a vendor-neutral request: the user's object id, else its user principal name. */
const userInput = (request: ActionRequestV1): Input => ({
  userId: requireTarget(request, 'account', 'uid', 'name'),
});

/**
 * The manifest entries of the Entra actions. `disable-account` implements `disable_account`,
 * `enable-account` `enable_account` and `revoke-sign-in-sessions` `revoke_sessions`; the
 * account is `target.account.uid` (object id), else its `name` (user principal name).
 */
export const entraActionManifests: Readonly<Record<string, ConnectorActionManifest>> = {
  'disable-account': manifest(
    'Block sign-in: PATCH /users/{id} {"accountEnabled": false}. Existing tokens stay valid until revoked.',
    ['User.EnableDisableAccount.All', 'User.Read.All'],
    { disable_account: userInput },
  ),
  'enable-account': manifest(
    'Allow sign-in again: PATCH /users/{id} {"accountEnabled": true}.',
    ['User.EnableDisableAccount.All', 'User.Read.All'],
    { enable_account: userInput },
  ),
  'revoke-sign-in-sessions': manifest(
    'Invalidate refresh tokens and session cookies: POST /users/{id}/revokeSignInSessions.',
    ['User.RevokeSessions.All'],
    { revoke_sessions: userInput },
  ),
  'confirm-compromised': manifest(
    'Mark the user compromised in ID Protection (risk high): POST /identityProtection/riskyUsers/confirmCompromised.',
    ['IdentityRiskyUser.ReadWrite.All'],
  ),
  'dismiss-risk': manifest(
    "Dismiss the user's risk in ID Protection: POST /identityProtection/riskyUsers/dismiss.",
    ['IdentityRiskyUser.ReadWrite.All'],
  ),
};
