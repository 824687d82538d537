import type {
  ActionDefinition,
  ActionRequestV1,
  ActionResult,
  ConnectorActionManifest,
  ConnectorSession,
} from '@openmdr/connector-kit';
import { ConnectorHttpError, defineAction, requireTarget } from '@openmdr/connector-kit';
import * as z from 'zod';
import type { OktaConfig } from './config.js';
import type { OktaClient } from './read-logs.js';

/** Input of every Okta user action: the Okta user id (or login). */
export const oktaUserActionInput = z.object({
  /** Okta user id (`00u…`) or login. */
  userId: z.string().min(1),
});

/** Input of `clear-user-sessions`. */
export const oktaClearSessionsInput = oktaUserActionInput.extend({
  /** Also revoke the OAuth 2.0 access and refresh tokens issued to the user. Default false. */
  revokeOauthTokens: z.boolean().default(false),
});

/** Output of every Okta user action. */
export const oktaUserActionOutput = z.object({
  userId: z.string(),
  /** The user's status afterwards (`SUSPENDED`, `ACTIVE`, `PASSWORD_EXPIRED`) or what was done. */
  status: z.string(),
  /** True when the user was already in the requested state and nothing was changed. */
  alreadyDone: z.boolean(),
});

type Session = ConnectorSession<OktaConfig, OktaClient>;
type Output = z.output<typeof oktaUserActionOutput>;

const userPath = (userId: string) => `/api/v1/users/${encodeURIComponent(userId)}`;

/** The Okta error code of a failed call (`E0000001`), from the response body. */
function oktaErrorCode(error: unknown): string | undefined {
  if (!ConnectorHttpError.isInstance(error)) return undefined;
  const body = (error as ConnectorHttpError).responseBody;
  if (!body) return undefined;
  try {
    const parsed = JSON.parse(body) as { errorCode?: unknown };
    return typeof parsed.errorCode === 'string' ? parsed.errorCode : undefined;
  } catch {
    return undefined;
  }
}

async function userStatus(session: Session, userId: string): Promise<string | undefined> {
  const response = await session.client.http.request<{ status?: unknown }>({
    path: userPath(userId),
    ...(session.signal ? { signal: session.signal } : {}),
  });
  return typeof response.data?.status === 'string' ? response.data.status : undefined;
}

/** A 404 is a final "no such user"; other failures are thrown (typed, retried by the kit). */
function notFound(error: unknown, userId: string): ActionResult<Output> | undefined {
  if (ConnectorHttpError.isInstance(error) && (error as ConnectorHttpError).status === 404) {
    return { status: 'failed', reason: `Okta user ${userId} not found` };
  }
  return undefined;
}

/**
 * A lifecycle transition (`suspend`, `unsuspend`): Okta refuses it with `E0000001` when the user
 * is not in the source state; if the user is already in the target state, the action is done.
 */
function lifecycle(
  operation: 'suspend' | 'unsuspend',
  target: string,
): ActionDefinition<OktaConfig, OktaClient> {
  return {
    run: async (input, session) => {
      const { userId } = input as z.output<typeof oktaUserActionInput>;
      try {
        await session.client.http.request({
          method: 'POST',
          path: `${userPath(userId)}/lifecycle/${operation}`,
          ...(session.signal ? { signal: session.signal } : {}),
        });
        return { status: 'completed', output: { userId, status: target, alreadyDone: false } };
      } catch (error) {
        const missing = notFound(error, userId);
        if (missing) return missing;
        if (oktaErrorCode(error) === 'E0000001') {
          const status = await userStatus(session, userId);
          if (status === target) {
            return { status: 'completed', output: { userId, status, alreadyDone: true } };
          }
          return {
            status: 'failed',
            reason: `Okta refused to ${operation} user ${userId} in status ${status ?? 'unknown'}`,
          };
        }
        throw error;
      }
    },
  };
}

const clearSessions: ActionDefinition<OktaConfig, OktaClient> = {
  run: async (input, session) => {
    const { userId, revokeOauthTokens } = input as z.output<typeof oktaClearSessionsInput>;
    try {
      await session.client.http.request({
        method: 'DELETE',
        path: `${userPath(userId)}/sessions`,
        query: { oauthTokens: revokeOauthTokens },
        ...(session.signal ? { signal: session.signal } : {}),
      });
    } catch (error) {
      const missing = notFound(error, userId);
      if (missing) return missing;
      throw error;
    }
    return {
      status: 'completed',
      output: { userId, status: 'SESSIONS_CLEARED', alreadyDone: false },
    };
  },
};

const expirePassword: ActionDefinition<OktaConfig, OktaClient> = {
  run: async (input, session) => {
    const { userId } = input as z.output<typeof oktaUserActionInput>;
    try {
      const response = await session.client.http.request<{ status?: unknown }>({
        method: 'POST',
        path: `${userPath(userId)}/lifecycle/expire_password`,
        ...(session.signal ? { signal: session.signal } : {}),
      });
      const status =
        typeof response.data?.status === 'string' ? response.data.status : 'PASSWORD_EXPIRED';
      return { status: 'completed', output: { userId, status, alreadyDone: false } };
    } catch (error) {
      const missing = notFound(error, userId);
      if (missing) return missing;
      throw error;
    }
  },
};

/** The actions of the Okta connector. */
export const oktaActions: Readonly<Record<string, ActionDefinition<OktaConfig, OktaClient>>> = {
  'suspend-user': lifecycle('suspend', 'SUSPENDED'),
  'unsuspend-user': lifecycle('unsuspend', 'ACTIVE'),
  'clear-user-sessions': clearSessions,
  'expire-password': expirePassword,
};

const manage = ['okta.users.manage'] as const;

/** The Okta user of a vendor-neutral request: the user id, else the login. */
const oktaUserId = (request: ActionRequestV1) => requireTarget(request, 'account', 'uid', 'name');

/**
 * The manifest entries of the Okta actions. `suspend-user` implements `disable_account`,
 * `unsuspend-user` `enable_account` and `clear-user-sessions` `revoke_sessions` (OAuth tokens
 * revoked too); the account is `target.account.uid` (Okta user id), else its `name` (login).
 */
export const oktaActionManifests: Readonly<Record<string, ConnectorActionManifest>> = {
  'suspend-user': defineAction({
    description:
      'Suspend a user (POST /api/v1/users/{id}/lifecycle/suspend): the user cannot sign in until unsuspended; sessions stay until cleared.',
    input: oktaUserActionInput,
    output: oktaUserActionOutput,
    asynchronous: false,
    requiredPermissions: manage,
    implements: { disable_account: (request) => ({ userId: oktaUserId(request) }) },
  }),
  'unsuspend-user': defineAction({
    description: 'Return a suspended user to ACTIVE (POST /api/v1/users/{id}/lifecycle/unsuspend).',
    input: oktaUserActionInput,
    output: oktaUserActionOutput,
    asynchronous: false,
    requiredPermissions: manage,
    implements: { enable_account: (request) => ({ userId: oktaUserId(request) }) },
  }),
  'clear-user-sessions': defineAction({
    description:
      "End all of a user's Okta sessions (DELETE /api/v1/users/{id}/sessions), optionally revoking OAuth tokens.",
    input: oktaClearSessionsInput,
    output: oktaUserActionOutput,
    asynchronous: false,
    requiredPermissions: manage,
    implements: {
      revoke_sessions: (request) => ({ userId: oktaUserId(request), revokeOauthTokens: true }),
    },
  }),
  'expire-password': {
    description:
      "Expire a user's password (POST /api/v1/users/{id}/lifecycle/expire_password): a new one is required at next sign-in.",
    input: oktaUserActionInput,
    output: oktaUserActionOutput,
    asynchronous: false,
    requiredPermissions: manage,
  },
};
