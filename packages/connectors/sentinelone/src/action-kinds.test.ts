import {
  ActionRequestError,
  type ActionRequestV1,
  actionsByKind,
  buildActionInput,
} from '@openmdr/connector-kit';
import { describe, expect, it } from 'vitest';
import { sentineloneConnector } from './connector.js';

const { manifest } = sentineloneConnector;
const agentId = '1234567890123456789';
const request = (kind: ActionRequestV1['kind'], target: ActionRequestV1['target']) => ({
  kind,
  requestId: 'req-1',
  target,
});

describe('SentinelOne action kinds', () => {
  it('declares contain_device on disconnect and allow_device on reconnect', () => {
    expect(actionsByKind(manifest)).toEqual({
      contain_device: 'disconnect',
      allow_device: 'reconnect',
    });
  });

  it('builds each action input from the agent id, valid against its schema', () => {
    for (const [kind, action] of [
      ['contain_device', 'disconnect'],
      ['allow_device', 'reconnect'],
    ] as const) {
      const built = buildActionInput(manifest, request(kind, { device: { uid: agentId } }));
      expect(built).toEqual({ action, input: { agentId } });
      expect(manifest.actions[action]?.input.safeParse(built.input).success).toBe(true);
    }
  });

  it('names the missing agent id', () => {
    expect(() =>
      buildActionInput(manifest, request('allow_device', { device: { hostname: 'ws-1' } })),
    ).toThrow(ActionRequestError);
  });
});
