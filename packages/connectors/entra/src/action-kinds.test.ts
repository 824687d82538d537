import {
  ActionRequestError,
  type ActionRequestV1,
  actionsByKind,
  buildActionInput,
} from '@openmdr/connector-kit';
import { describe, expect, it } from 'vitest';
import { entraConnector } from './connector.js';

const { manifest } = entraConnector;
const objectId = '5e1f0000-0000-4000-8000-000000020002';
const request = (kind: ActionRequestV1['kind'], target: ActionRequestV1['target']) => ({
  kind,
  requestId: 'req-1',
  target,
});

describe('Entra action kinds', () => {
  it('declares disable, enable and revoke sessions; the risk actions implement none', () => {
    expect(actionsByKind(manifest)).toEqual({
      disable_account: 'disable-account',
      enable_account: 'enable-account',
      revoke_sessions: 'revoke-sign-in-sessions',
    });
    expect(manifest.actions['confirm-compromised']?.implements).toBeUndefined();
  });

  it('builds each action input from the object id, else the user principal name', () => {
    for (const [kind, action] of [
      ['disable_account', 'disable-account'],
      ['enable_account', 'enable-account'],
      ['revoke_sessions', 'revoke-sign-in-sessions'],
    ] as const) {
      const built = buildActionInput(manifest, request(kind, { account: { uid: objectId } }));
      expect(built).toEqual({ action, input: { userId: objectId } });
      expect(manifest.actions[action]?.input.safeParse(built.input).success).toBe(true);
    }
    expect(
      buildActionInput(
        manifest,
        request('revoke_sessions', { account: { name: 'adele@example.com' } }),
      ).input,
    ).toEqual({ userId: 'adele@example.com' });
  });

  it('names the missing account fields', () => {
    expect(() =>
      buildActionInput(manifest, request('enable_account', { device: { uid: 'x' } })),
    ).toThrow(ActionRequestError);
  });
});
