import { defineAction, defineConnector, requireTarget } from '@openmdr/connector-kit';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  ActuatorNotFoundError,
  ActuatorRegistry,
  createCommand,
  createConnectorActuator,
} from '../src/index.js';
import {
  crowdstrikeHost,
  defenderMachineId,
  entraUser,
  type Simulated,
  sentineloneAgent,
  simulatedCrowdstrike,
  simulatedDefender,
  simulatedEntra,
  simulatedOkta,
  simulatedSentinelone,
} from './support/vendor-simulators.js';

const open: Array<Simulated<unknown>> = [];
afterEach(async () => {
  for (const item of open.splice(0)) await item.close();
});
const track = <T>(item: Simulated<T>): Simulated<T> => {
  open.push(item as Simulated<unknown>);
  return item;
};
const fast = { pollIntervalMs: 1, sleep: async () => {} };

describe('connector actuators against vendor simulators', () => {
  it('crowdstrike: contain device → contain, polled to contained; allow device → lift-containment', async () => {
    const falcon = track(await simulatedCrowdstrike(2));
    const actuator = createConnectorActuator(falcon.instance, fast);
    expect(actuator.kinds).toEqual(['contain_device', 'allow_device', 'query_features']);
    const contain = createCommand(
      'contain_device',
      { device: { device_id: crowdstrikeHost } },
      { requestId: 'c1' },
    );
    const response = await actuator.execute(contain, 'contain_device');
    expect(response).toMatchObject({
      request_id: 'c1',
      status: 200,
      results: {
        'x-openmdr': {
          connector: 'crowdstrike',
          connector_action: 'contain',
          output: { deviceId: crowdstrikeHost, status: 'contained' },
        },
      },
    });
    const actionCalls = falcon
      .apiRequests()
      .filter((request) => request.path === '/devices/entities/devices-actions/v2');
    expect(actionCalls.map((request) => request.query['action_name'])).toEqual(['contain']);
    expect(
      falcon.apiRequests().filter((request) => request.path === '/devices/entities/devices/v2')
        .length,
    ).toBe(3);
    const lift = createCommand(
      'allow_device',
      { device: { device_id: crowdstrikeHost } },
      { requestId: 'c2' },
    );
    expect((await actuator.execute(lift, 'allow_device')).results?.['x-openmdr']?.output).toEqual({
      deviceId: crowdstrikeHost,
      status: 'normal',
    });
  });

  it('defender: contain device → isolate (Selective for app_restriction) and allow → release', async () => {
    const defender = track(await simulatedDefender(1));
    const actuator = createConnectorActuator(defender.instance, fast);
    const contain = createCommand(
      'contain_device',
      { device: { device_id: defenderMachineId } },
      {
        requestId: 'd1',
        args: {
          er: { device_containment: 'app_restriction' },
          'x-openmdr': { reason: 'IR-7 ransomware' },
        },
      },
    );
    const response = await actuator.execute(contain, 'contain_device');
    expect(response.status).toBe(200);
    const isolate = defender.apiRequests().find((request) => request.path.endsWith('/isolate'));
    expect(isolate?.body).toEqual({ Comment: 'IR-7 ransomware', IsolationType: 'Selective' });
    const release = createCommand(
      'allow_device',
      { device: { device_id: defenderMachineId } },
      { requestId: 'd2' },
    );
    expect((await actuator.execute(release, 'allow_device')).status).toBe(200);
    expect(defender.apiRequests().some((request) => request.path.endsWith('/unisolate'))).toBe(
      true,
    );
  });

  it('sentinelone: contain device → disconnect, allow device → reconnect', async () => {
    const s1 = track(await simulatedSentinelone(1));
    const actuator = createConnectorActuator(s1.instance, fast);
    const contain = createCommand(
      'contain_device',
      { device: { device_id: sentineloneAgent } },
      { requestId: 's1' },
    );
    expect(
      (await actuator.execute(contain, 'contain_device')).results?.['x-openmdr']?.output,
    ).toEqual({
      agentId: sentineloneAgent,
      networkStatus: 'disconnected',
    });
    const allow = createCommand(
      'allow_device',
      { device: { device_id: sentineloneAgent } },
      { requestId: 's2' },
    );
    expect(
      (await actuator.execute(allow, 'allow_device')).results?.['x-openmdr']?.output,
    ).toMatchObject({
      networkStatus: 'connected',
    });
  });

  it('okta: disable → suspend-user, enable → unsuspend-user, revoke sessions → clear-user-sessions; a failed vendor action → 500 with its reason', async () => {
    const okta = track(
      await simulatedOkta([{ id: '00u1', status: 'ACTIVE', login: 'carol@example.com' }]),
    );
    const actuator = createConnectorActuator(okta.instance, fast);
    expect(actuator.kinds).toEqual([
      'disable_account',
      'enable_account',
      'revoke_sessions',
      'query_features',
    ]);
    const account = { 'er:account': { uid: '00u1' } };
    expect(
      (
        await actuator.execute(
          createCommand('disable_account', account, { requestId: 'o1' }),
          'disable_account',
        )
      ).results?.['x-openmdr']?.output,
    ).toMatchObject({
      status: 'SUSPENDED',
    });
    expect(
      (
        await actuator.execute(
          createCommand('enable_account', account, { requestId: 'o2' }),
          'enable_account',
        )
      ).status,
    ).toBe(200);
    const sessions = createCommand(
      'revoke_sessions',
      { 'x-openmdr:sessions': { account: { uid: '00u1' } } },
      { requestId: 'o3' },
    );
    expect((await actuator.execute(sessions, 'revoke_sessions')).status).toBe(200);
    expect(okta.apiRequests().map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /api/v1/users/00u1/lifecycle/suspend',
      'POST /api/v1/users/00u1/lifecycle/unsuspend',
      'DELETE /api/v1/users/00u1/sessions',
    ]);
    const missing = await actuator.execute(
      createCommand('disable_account', { 'er:account': { uid: '00unknown' } }, { requestId: 'o4' }),
      'disable_account',
    );
    expect(missing).toMatchObject({ status: 500, status_text: 'Okta user 00unknown not found' });
  });

  it('entra: disable → disable-account, revoke sessions → revoke-sign-in-sessions', async () => {
    const entra = track(await simulatedEntra());
    const actuator = createConnectorActuator(entra.instance, fast);
    const account = { 'er:account': { uid: entraUser } };
    expect(
      (
        await actuator.execute(
          createCommand('disable_account', account, { requestId: 'e1' }),
          'disable_account',
        )
      ).status,
    ).toBe(200);
    const sessions = createCommand(
      'revoke_sessions',
      { 'x-openmdr:sessions': { account: { uid: entraUser } } },
      { requestId: 'e2' },
    );
    expect((await actuator.execute(sessions, 'revoke_sessions')).status).toBe(200);
    const calls = entra
      .apiRequests()
      .map((request) => ({ method: request.method, path: request.path, body: request.body }));
    expect(calls).toEqual([
      { method: 'PATCH', path: `/v1.0/users/${entraUser}`, body: { accountEnabled: false } },
      { method: 'POST', path: `/v1.0/users/${entraUser}/revokeSignInSessions`, body: undefined },
    ]);
  });

  it('answers query features from the advertised kinds, and 501 for others', async () => {
    const connector = await defineConnector({
      manifest: {
        id: 'containment-only',
        vendor: 'Test',
        product: 'Containment',
        category: 'edr',
        version: '1.0.0',
        auth: ['none'],
        regions: { local: { baseUrl: 'http://127.0.0.1' } },
        streams: {},
        actions: {
          contain: defineAction({
            description: 'Contain a device',
            input: z.object({ deviceId: z.string() }),
            output: z.object({}),
            asynchronous: false,
            requiredPermissions: [],
            implements: {
              contain_device: (request) => ({ deviceId: requireTarget(request, 'device', 'uid') }),
            },
          }),
        },
        rateLimit: { requests: 100, perMs: 1_000 },
        docsUrl: 'https://openmdr.dev/docs/connectors/containment-only',
      },
      config: z.object({}),
      createClient: () => null,
      check: async () => {},
      streams: {},
      actions: { contain: { run: async () => ({ status: 'completed', output: {} }) } },
    }).connect({ config: {} });
    const actuator = createConnectorActuator(connector);
    expect(actuator.kinds).toEqual(['contain_device', 'query_features']);
    const features = await actuator.start(
      createCommand('query_features', { features: ['pairs'] }, { requestId: 'q' }),
      'query_features',
    );
    expect(features.results?.pairs).toEqual({ contain: ['device'], query: ['features'] });
    const allow = createCommand('allow_device', { device: { device_id: 'x' } }, { requestId: 'a' });
    expect((await actuator.start(allow, 'allow_device')).status).toBe(501);
  });
});

describe('ActuatorRegistry', () => {
  it('resolves by named connector, else by the first actuator accepting the target', async () => {
    const falcon = track(await simulatedCrowdstrike());
    const defender = track(await simulatedDefender());
    const registry = new ActuatorRegistry([
      createConnectorActuator(falcon.instance),
      createConnectorActuator(defender.instance),
    ]);
    const forFalcon = createCommand(
      'contain_device',
      { device: { device_id: crowdstrikeHost } },
      { requestId: 'r1' },
    );
    const forDefender = createCommand(
      'contain_device',
      { device: { device_id: defenderMachineId } },
      { requestId: 'r2' },
    );
    expect(registry.resolve(forFalcon, 'contain_device').id).toBe('crowdstrike');
    expect(registry.resolve(forDefender, 'contain_device').id).toBe('defender');
    const named = createCommand(
      'contain_device',
      { device: { device_id: crowdstrikeHost } },
      { requestId: 'r3', connector: 'defender' },
    );
    expect(registry.resolve(named, 'contain_device').id).toBe('defender');
    const hostname = createCommand(
      'contain_device',
      { device: { hostname: 'ws-1' } },
      { requestId: 'r4' },
    );
    expect(() => registry.resolve(hostname, 'contain_device')).toThrow(
      /no actuator accepts the device target/,
    );
    const account = createCommand(
      'disable_account',
      { 'er:account': { uid: 'u' } },
      { requestId: 'r5' },
    );
    expect(() => registry.resolve(account, 'disable_account')).toThrow(ActuatorNotFoundError);
    const unknown = createCommand(
      'contain_device',
      { device: { device_id: 'x' } },
      { requestId: 'r6', connector: 'carbonblack' },
    );
    expect(() => registry.resolve(unknown, 'contain_device')).toThrow(/no actuator carbonblack/);
    expect(registry.capabilities()).toEqual({
      crowdstrike: ['contain_device', 'allow_device', 'query_features'],
      defender: ['contain_device', 'allow_device', 'query_features'],
    });
  });
});
