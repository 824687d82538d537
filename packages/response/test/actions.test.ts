import { describe, expect, it } from 'vitest';
import {
  ACTION_DEFINITIONS,
  ACTION_KINDS,
  CommandValidationError,
  commandResponseSchema,
  createCommand,
  parseCommand,
  targetKey,
  undoCommand,
} from '../src/index.js';

const sha256 = 'a'.repeat(64);

describe('action vocabulary', () => {
  it('classifies each kind from its OpenC2 form', () => {
    const cases = [
      ['contain_device', { action: 'contain', target: { device: { device_id: 'd1' } } }],
      ['allow_device', { action: 'allow', target: { device: { hostname: 'h1' } } }],
      [
        'disable_account',
        {
          action: 'set',
          target: { 'er:account': { uid: 'u1' } },
          args: { er: { account_status: 'disabled' } },
        },
      ],
      [
        'enable_account',
        {
          action: 'set',
          target: { 'er:account': { uid: 'u1' } },
          args: { er: { account_status: 'enabled' } },
        },
      ],
      ['deny_ip', { action: 'deny', target: { ipv4_net: '203.0.113.7/32' } }],
      ['allow_ip', { action: 'allow', target: { ipv6_net: '2001:db8::1' } }],
      ['deny_domain', { action: 'deny', target: { domain_name: 'evil.example' } }],
      ['allow_domain', { action: 'allow', target: { domain_name: 'evil.example' } }],
      ['deny_url', { action: 'deny', target: { uri: 'https://evil.example/x' } }],
      ['allow_url', { action: 'allow', target: { uri: 'https://evil.example/x' } }],
      ['deny_file_hash', { action: 'deny', target: { file: { hashes: { sha256 } } } }],
      ['allow_file_hash', { action: 'allow', target: { file: { hashes: { sha256 } } } }],
      ['stop_process', { action: 'stop', target: { process: { pid: 4 } } }],
      ['contain_file', { action: 'contain', target: { file: { path: 'C:/x.exe' } } }],
      ['delete_file', { action: 'delete', target: { file: { path: 'C:/x.exe' } } }],
      ['query_features', { action: 'query', target: { features: ['pairs'] } }],
      [
        'revoke_sessions',
        { action: 'delete', target: { 'x-openmdr:sessions': { account: { uid: 'u1' } } } },
      ],
      [
        'notify',
        {
          action: 'create',
          target: {
            'x-openmdr:notification': {
              channel: 'email',
              recipients: ['soc@example.com'],
              message: 'hi',
            },
          },
        },
      ],
    ] as const;
    expect(cases.map(([kind]) => kind).sort()).toEqual([...ACTION_KINDS].sort());
    for (const [kind, body] of cases) {
      expect(parseCommand({ request_id: `r-${kind}`, ...body }).kind).toBe(kind);
    }
  });

  it('names the field path of invalid commands', () => {
    const attempt = () =>
      parseCommand({ request_id: 'r1', action: 'contain', target: { device: { hostname: '' } } });
    expect(attempt).toThrow(CommandValidationError);
    try {
      parseCommand({ request_id: 'r1', action: 'deny', target: { ipv4_net: '999.1.1.1' } });
      expect.unreachable();
    } catch (error) {
      expect((error as CommandValidationError).issues[0]?.path).toMatch(/^target/);
      expect((error as CommandValidationError).code).toBe('RESPONSE_COMMAND_INVALID');
    }
    expect(() =>
      parseCommand({ request_id: 'r1', action: 'set', target: { 'er:account': { uid: 'u' } } }),
    ).toThrow(/args\.er\.account_status/);
    expect(() =>
      parseCommand({ request_id: 'r1', action: 'deny', target: { file: { path: '/x' } } }),
    ).toThrow(/target\.file\.hashes/);
    expect(() =>
      parseCommand({ request_id: 'r1', action: 'stop', target: { device: { hostname: 'h' } } }),
    ).toThrow(/no action "stop device"/);
  });

  it('builds the undo of each reversible kind, and none for the others', () => {
    for (const kind of ACTION_KINDS) {
      const undo = ACTION_DEFINITIONS[kind].undo;
      if (undo !== null) expect(ACTION_DEFINITIONS[undo].undo).toBe(kind);
    }
    const contain = createCommand(
      'contain_device',
      { device: { device_id: 'd1' } },
      { requestId: 'r1', connector: 'crowdstrike' },
    );
    const undone = undoCommand(contain);
    expect(undone).toEqual({
      request_id: 'r1:undo',
      action: 'allow',
      target: { device: { device_id: 'd1' } },
      args: { 'x-openmdr': { undoes: 'r1' } },
      actuator: { 'x-openmdr': { connector: 'crowdstrike' } },
    });
    const disable = createCommand(
      'disable_account',
      { 'er:account': { uid: 'u1' } },
      { requestId: 'r2' },
    );
    expect(parseCommand(undoCommand(disable)).kind).toBe('enable_account');
    const deny = createCommand('deny_domain', { domain_name: 'evil.example' }, { requestId: 'r3' });
    expect(parseCommand(undoCommand(deny)).kind).toBe('allow_domain');
    expect(
      undoCommand(createCommand('stop_process', { process: { pid: 1 } }, { requestId: 'r4' })),
    ).toBeNull();
  });

  it('keys targets stably', () => {
    expect(targetKey({ device: { hostname: 'h', device_id: 'd' } })).toBe(
      'device:device_id=d&hostname=h',
    );
    expect(targetKey({ ipv4_net: '10.0.0.1' })).toBe('ipv4_net:10.0.0.1');
  });

  it('validates responses with OpenC2 status codes only', () => {
    expect(commandResponseSchema.safeParse({ request_id: 'r', status: 200 }).success).toBe(true);
    expect(commandResponseSchema.safeParse({ request_id: 'r', status: 201 }).success).toBe(false);
  });
});
