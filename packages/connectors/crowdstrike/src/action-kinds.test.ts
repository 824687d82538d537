import {
  ActionRequestError,
  type ActionRequestV1,
  actionsByKind,
  buildActionInput,
} from '@openmdr/connector-kit';
import { describe, expect, it } from 'vitest';
import { crowdstrikeConnector } from './connector.js';

const { manifest } = crowdstrikeConnector;
const aid = '4c2e6c4cbd1c4bb8a4a0f7d6e5c3b2a1';
const request = (kind: ActionRequestV1['kind'], target: ActionRequestV1['target']) => ({
  kind,
  requestId: 'req-1',
  target,
});

describe('CrowdStrike action kinds', () => {
  it('declares contain_device on contain and allow_device on lift-containment', () => {
    expect(actionsByKind(manifest)).toEqual({
      contain_device: 'contain',
      allow_device: 'lift-containment',
    });
  });

  it('builds each action input from the device uid, valid against its schema', () => {
    for (const [kind, action] of [
      ['contain_device', 'contain'],
      ['allow_device', 'lift-containment'],
    ] as const) {
      const built = buildActionInput(
        manifest,
        request(kind, { device: { uid: aid, hostname: 'ws-1' } }),
      );
      expect(built).toEqual({ action, input: { deviceId: aid } });
      expect(manifest.actions[action]?.input.safeParse(built.input).success).toBe(true);
    }
  });

  it('names the missing device uid', () => {
    expect(() =>
      buildActionInput(manifest, request('contain_device', { device: { hostname: 'ws-1' } })),
    ).toThrow(ActionRequestError);
    expect(() => buildActionInput(manifest, request('contain_device', {}))).toThrow(
      /target\.device\.uid is required/,
    );
  });
});
