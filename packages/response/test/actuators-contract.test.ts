/**
 * The response layer against the connector contract alone: the action-kind vocabulary is the
 * kit's, commands become vendor-neutral requests, and a connector response has never heard of
 * is driven through the kinds its manifest declares.
 */
import {
  ACTION_KINDS_V1,
  type ActionKindV1,
  type ActionRequestV1,
  defineAction,
  defineConnector,
  requireTarget,
} from '@openmdr/connector-kit';
import { openMemoryStore } from '@openmdr/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import {
  ACTION_KINDS,
  type ActionKind,
  ActuatorRegistry,
  actionRequestOf,
  CommandDispatcher,
  createCommand,
  createConnectorActuator,
  parsePolicy,
} from '../src/index.js';

describe('the action-kind vocabulary', () => {
  it("is the connector kit's, in the same order", () => {
    expect([...ACTION_KINDS]).toEqual([...ACTION_KINDS_V1]);
    expectTypeOf<ActionKind>().toEqualTypeOf<ActionKindV1>();
  });
});

describe('actionRequestOf', () => {
  it('turns OpenC2 targets and arguments into the contract names', () => {
    const contain = createCommand(
      'contain_device',
      { device: { device_id: 'aid-1', hostname: 'ws-1' } },
      {
        requestId: 'c1',
        args: {
          duration: 60_000,
          er: { device_containment: 'app_restriction' },
          'x-openmdr': { reason: 'ransomware', incident_id: 'inc-7' },
        },
      },
    );
    expect(actionRequestOf(contain, 'contain_device')).toEqual({
      kind: 'contain_device',
      requestId: 'c1',
      target: { device: { uid: 'aid-1', hostname: 'ws-1' } },
      reason: 'ransomware',
      incidentId: 'inc-7',
      options: { containment: 'app_restriction', durationMs: 60_000 },
    });
    const sessions = createCommand(
      'revoke_sessions',
      {
        'x-openmdr:sessions': { account: { account_name: 'carol@example.com', directory: 'okta' } },
      },
      { requestId: 's1' },
    );
    expect(actionRequestOf(sessions, 'revoke_sessions')).toEqual({
      kind: 'revoke_sessions',
      requestId: 's1',
      target: { account: { name: 'carol@example.com', directory: 'okta' } },
    });
    const deny = createCommand('deny_ip', { ipv6_net: '2001:db8::/32' }, { requestId: 'd1' });
    expect(actionRequestOf(deny, 'deny_ip').target).toEqual({ ip: '2001:db8::/32' });
    const quarantine = {
      ...createCommand(
        'contain_file',
        { file: { path: 'C:\\evil.exe', hashes: { sha256: 'a'.repeat(64) } } },
        { requestId: 'f1' },
      ),
      actuator: { er: { hostname: 'ws-2' } },
    };
    expect(actionRequestOf(quarantine, 'contain_file').target).toEqual({
      file: { path: 'C:\\evil.exe', hashes: { sha256: 'a'.repeat(64) } },
      device: { hostname: 'ws-2' },
    });
  });
});

/** A firewall connector response knows nothing about: block and unblock addresses, asynchronously. */
function acmeFirewall() {
  const blocked = new Map<string, { address: string; note: string; polls: number }>();
  const ruleInput = z.object({ address: z.string(), note: z.string().max(64) });
  const ruleOutput = z.object({
    ruleId: z.string(),
    address: z.string(),
    state: z.enum(['active', 'removed']),
  });
  const ruleOf = (request: ActionRequestV1) => ({
    address: requireTarget(request, 'ip'),
    note: (request.reason ?? request.requestId).slice(0, 64),
  });
  return {
    blocked,
    connector: defineConnector({
      manifest: {
        id: 'acme-firewall',
        vendor: 'Acme',
        product: 'Firewall',
        category: 'ndr',
        version: '1.0.0',
        auth: ['none'],
        regions: { local: { baseUrl: 'http://127.0.0.1' } },
        streams: {},
        actions: {
          'add-block-rule': defineAction({
            description: 'Block an address (a rule that becomes active after a push)',
            input: ruleInput,
            output: ruleOutput,
            asynchronous: true,
            requiredPermissions: ['rules:write'],
            implements: { deny_ip: ruleOf },
          }),
          'remove-block-rule': defineAction({
            description: 'Unblock an address',
            input: ruleInput,
            output: ruleOutput,
            asynchronous: false,
            requiredPermissions: ['rules:write'],
            implements: { allow_ip: ruleOf },
          }),
          'block-host': defineAction({
            description: 'Block a host by name',
            input: z.object({ host: z.string() }),
            output: z.object({}),
            asynchronous: false,
            requiredPermissions: ['rules:write'],
            implements: {
              contain_device: (request) => ({ host: requireTarget(request, 'device', 'hostname') }),
            },
          }),
        },
        rateLimit: { requests: 100, perMs: 1_000 },
        docsUrl: 'https://openmdr.dev/docs/connectors/acme-firewall',
      },
      config: z.object({}),
      createClient: () => blocked,
      check: async () => {},
      streams: {},
      actions: {
        'add-block-rule': {
          run: async ({ address, note }, { client }) => {
            client.set(`rule-${address}`, { address, note, polls: 0 });
            return { status: 'pending', handle: `rule-${address}` };
          },
          poll: async (handle, { client }) => {
            const rule = client.get(handle);
            if (rule === undefined) return { status: 'failed', reason: `no rule ${handle}` };
            rule.polls += 1;
            return rule.polls < 2
              ? { status: 'pending', handle }
              : {
                  status: 'completed',
                  output: { ruleId: handle, address: rule.address, state: 'active' },
                };
          },
        },
        'remove-block-rule': {
          run: async ({ address }, { client }) => {
            client.delete(`rule-${address}`);
            return {
              status: 'completed',
              output: { ruleId: `rule-${address}`, address, state: 'removed' },
            };
          },
        },
        'block-host': { run: async () => ({ status: 'completed', output: {} }) },
      },
    }),
  };
}

const fast = { pollIntervalMs: 1, sleep: async () => {} };

describe('a connector response has never heard of', () => {
  it('advertises the kinds its manifest declares and carries them out', async () => {
    const firewall = acmeFirewall();
    const instance = await firewall.connector.connect({ config: {} });
    const actuator = createConnectorActuator(instance, fast);
    expect(actuator.id).toBe('acme-firewall');
    expect(actuator.kinds).toEqual(['contain_device', 'deny_ip', 'allow_ip', 'query_features']);
    const deny = createCommand(
      'deny_ip',
      { ipv4_net: '203.0.113.9' },
      { requestId: 'fw-1', args: { 'x-openmdr': { reason: 'C2 beacon' } } },
    );
    expect(actuator.accepts(deny, 'deny_ip')).toBe(true);
    expect(await actuator.execute(deny, 'deny_ip')).toMatchObject({
      request_id: 'fw-1',
      status: 200,
      results: {
        'x-openmdr': {
          connector: 'acme-firewall',
          connector_action: 'add-block-rule',
          output: { ruleId: 'rule-203.0.113.9', address: '203.0.113.9', state: 'active' },
        },
      },
    });
    expect(firewall.blocked.get('rule-203.0.113.9')).toEqual({
      address: '203.0.113.9',
      note: 'C2 beacon',
      polls: 2,
    });
    const allow = createCommand('allow_ip', { ipv4_net: '203.0.113.9' }, { requestId: 'fw-2' });
    expect((await actuator.execute(allow, 'allow_ip')).status).toBe(200);
    expect(firewall.blocked.size).toBe(0);
  });

  it('answers 400 naming the target field the connector needs, and does not accept the command', async () => {
    const instance = await acmeFirewall().connector.connect({ config: {} });
    const actuator = createConnectorActuator(instance, fast);
    const byId = createCommand(
      'contain_device',
      { device: { device_id: 'aid-1' } },
      { requestId: 'h1' },
    );
    expect(actuator.accepts(byId, 'contain_device')).toBe(false);
    expect(await actuator.start(byId, 'contain_device')).toMatchObject({
      status: 400,
      status_text: 'contain_device h1: target.device.hostname is required',
      results: {
        'x-openmdr': {
          connector: 'acme-firewall',
          connector_action: 'block-host',
          error_code: 'CONNECTOR_ACTION_REQUEST',
        },
      },
    });
    const byName = createCommand(
      'contain_device',
      { device: { hostname: 'ws-9' } },
      { requestId: 'h2' },
    );
    expect(actuator.accepts(byName, 'contain_device')).toBe(true);
    const account = createCommand(
      'disable_account',
      { 'er:account': { uid: 'u1' } },
      { requestId: 'h3' },
    );
    expect(actuator.accepts(account, 'disable_account')).toBe(false);
    expect((await actuator.execute(account, 'disable_account')).status).toBe(501);
  });

  it('lets an embedder override a declared kind with `mapping`, ignoring unknown actions', async () => {
    const instance = await acmeFirewall().connector.connect({ config: {} });
    const actuator = createConnectorActuator(instance, {
      ...fast,
      mapping: {
        deny_ip: {
          action: 'remove-block-rule',
          input: (request, command) => ({
            address: requireTarget(request, 'ip'),
            note: command.request_id,
          }),
        },
        deny_domain: { action: 'block-domain', input: () => ({}) },
      },
    });
    expect(actuator.kinds).toEqual(['contain_device', 'deny_ip', 'allow_ip', 'query_features']);
    const deny = createCommand('deny_ip', { ipv4_net: '198.51.100.1' }, { requestId: 'o-1' });
    expect((await actuator.execute(deny, 'deny_ip')).results?.['x-openmdr']).toMatchObject({
      connector_action: 'remove-block-rule',
      output: { state: 'removed' },
    });
  });

  it('is dispatched through the registry like any built-in connector', async () => {
    const instance = await acmeFirewall().connector.connect({ config: {} });
    const store = (await openMemoryStore()).forTenant('acme');
    const dispatcher = new CommandDispatcher({
      store,
      registry: new ActuatorRegistry([createConnectorActuator(instance, fast)]),
      policy: parsePolicy({ version: 1, rules: [{ id: 'auto', actions: '*', decision: 'allow' }] }),
      pollIntervalMs: 1,
      sleep: async () => {},
    });
    const { response } = await dispatcher.dispatch(
      createCommand('deny_ip', { ipv4_net: '192.0.2.44' }, { requestId: 'disp-1' }),
    );
    expect(response).toMatchObject({
      status: 200,
      results: { 'x-openmdr': { connector: 'acme-firewall', connector_action: 'add-block-rule' } },
    });
  });
});
