import {
  ActionRequestError,
  type ActionRequestV1,
  actionsByKind,
  buildActionInput,
} from '@openmdr/connector-kit';
import { describe, expect, it } from 'vitest';
import { defenderConnector } from './connector.js';

const { manifest } = defenderConnector;
const machineId = '1e5bc9d7e413ddd7902c2932e418702b84d0cc07';
const device = { device: { uid: machineId } };

describe('Defender action kinds', () => {
  it('declares contain_device on isolate and allow_device on release', () => {
    expect(actionsByKind(manifest)).toEqual({ contain_device: 'isolate', allow_device: 'release' });
  });

  it('isolates fully by default, selectively for app_restriction, with the reason as comment', () => {
    const full = buildActionInput(manifest, {
      kind: 'contain_device',
      requestId: 'req-1',
      target: device,
      reason: 'IR-7 ransomware',
    });
    expect(full).toEqual({
      action: 'isolate',
      input: { machineId, isolationType: 'Full', comment: 'IR-7 ransomware' },
    });
    const selective = buildActionInput(manifest, {
      kind: 'contain_device',
      requestId: 'req-2',
      target: device,
      options: { containment: 'app_restriction' },
    });
    expect(selective.input).toMatchObject({ isolationType: 'Selective', comment: 'OpenMDR req-2' });
    for (const built of [full, selective]) {
      expect(manifest.actions['isolate']?.input.safeParse(built.input).success).toBe(true);
    }
  });

  it('releases with a comment naming the request and the incident, at most 1 000 characters', () => {
    const request: ActionRequestV1 = {
      kind: 'allow_device',
      requestId: 'req-3',
      target: device,
      incidentId: 'inc-42',
    };
    const built = buildActionInput(manifest, request);
    expect(built).toEqual({
      action: 'release',
      input: { machineId, comment: 'OpenMDR req-3 (incident inc-42)' },
    });
    expect(manifest.actions['release']?.input.safeParse(built.input).success).toBe(true);
    const long = buildActionInput(manifest, { ...request, reason: 'x'.repeat(1_500) });
    expect((long.input as { comment: string }).comment).toHaveLength(1_000);
  });

  it('names the missing machine id', () => {
    expect(() =>
      buildActionInput(manifest, {
        kind: 'contain_device',
        requestId: 'r',
        target: { device: { hostname: 'ws' } },
      }),
    ).toThrow(ActionRequestError);
  });
});
