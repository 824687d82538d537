import {
  ActionRequestError,
  type ActionRequestV1,
  actionsByKind,
  buildActionInput,
} from '@openmdr/connector-kit';
import { describe, expect, it } from 'vitest';
import { oktaConnector } from './connector.js';

const { manifest } = oktaConnector;
const request = (kind: ActionRequestV1['kind'], target: ActionRequestV1['target']) => ({
  kind,
  requestId: 'req-1',
  target,
});

describe('Okta action kinds', () => {
  it('declares disable, enable and revoke sessions; expire-password implements none', () => {
    expect(actionsByKind(manifest)).toEqual({
      disable_account: 'suspend-user',
      enable_account: 'unsuspend-user',
      revoke_sessions: 'clear-user-sessions',
    });
    expect(manifest.actions['expire-password']?.implements).toBeUndefined();
  });

  it('builds each action input from the user id, else the login, valid against its schema', () => {
    const cases = [
      ['disable_account', 'suspend-user', { userId: '00u1' }],
      ['enable_account', 'unsuspend-user', { userId: '00u1' }],
      ['revoke_sessions', 'clear-user-sessions', { userId: '00u1', revokeOauthTokens: true }],
    ] as const;
    for (const [kind, action, input] of cases) {
      const built = buildActionInput(
        manifest,
        request(kind, { account: { uid: '00u1', name: 'carol@example.com' } }),
      );
      expect(built).toEqual({ action, input });
      expect(manifest.actions[action]?.input.safeParse(built.input).success).toBe(true);
    }
    expect(
      buildActionInput(
        manifest,
        request('disable_account', { account: { name: 'carol@example.com' } }),
      ).input,
    ).toEqual({ userId: 'carol@example.com' });
  });

  it('names the missing account fields', () => {
    expect(() =>
      buildActionInput(
        manifest,
        request('revoke_sessions', { account: { email: 'c@example.com' } }),
      ),
    ).toThrow(ActionRequestError);
    expect(() => buildActionInput(manifest, request('disable_account', {}))).toThrow(
      /target\.account\.uid or target\.account\.name is required/,
    );
  });
});
