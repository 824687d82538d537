import {
  createTestSecretProvider,
  createVendorSimulator,
  type VendorSimulator,
} from '@openmdr/connector-kit/testing';
import { Agent } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { oktaConnector } from './connector.js';
import { oktaUserRoutes, type SimulatedOktaUser } from './simulator/index.js';

const TOKEN = '00aActionsTestToken-0123456789abcdef';
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function setup(users: SimulatedOktaUser[]) {
  const simulator: VendorSimulator = await createVendorSimulator({
    auth: { type: 'header', header: 'authorization', value: `SSWS ${TOKEN}` },
    routes: oktaUserRoutes(users),
  });
  const dispatcher = new Agent();
  const instance = await oktaConnector.connect({
    config: { orgUrl: simulator.url, auth: { type: 'ssws' } },
    secrets: createTestSecretProvider({ okta_api_token: TOKEN }),
    dispatcher,
    rateLimit: false,
  });
  cleanups.push(async () => {
    await simulator.close();
    await dispatcher.close();
  });
  const sent = () =>
    simulator.requests.map((request) => ({
      method: request.method,
      path: request.path,
      query: request.query,
      authorization: request.headers['authorization'],
      body: request.body,
    }));
  return { simulator, instance, sent };
}

describe('Okta actions', () => {
  it('send the documented lifecycle and session requests', async () => {
    const users: SimulatedOktaUser[] = [
      { id: '00u1', status: 'ACTIVE', login: 'carol.diaz@example.com' },
    ];
    const { instance, sent } = await setup(users);
    await expect(instance.runAction('suspend-user', { userId: '00u1' })).resolves.toEqual({
      userId: '00u1',
      status: 'SUSPENDED',
      alreadyDone: false,
    });
    await instance.runAction('unsuspend-user', { userId: '00u1' });
    await instance.runAction('clear-user-sessions', { userId: '00u1', revokeOauthTokens: true });
    await instance.runAction('clear-user-sessions', { userId: '00u1' });
    await expect(instance.runAction('expire-password', { userId: '00u1' })).resolves.toEqual({
      userId: '00u1',
      status: 'PASSWORD_EXPIRED',
      alreadyDone: false,
    });
    expect(sent()).toEqual([
      {
        method: 'POST',
        path: '/api/v1/users/00u1/lifecycle/suspend',
        query: {},
        authorization: '[REDACTED]',
        body: undefined,
      },
      {
        method: 'POST',
        path: '/api/v1/users/00u1/lifecycle/unsuspend',
        query: {},
        authorization: '[REDACTED]',
        body: undefined,
      },
      {
        method: 'DELETE',
        path: '/api/v1/users/00u1/sessions',
        query: { oauthTokens: 'true' },
        authorization: '[REDACTED]',
        body: undefined,
      },
      {
        method: 'DELETE',
        path: '/api/v1/users/00u1/sessions',
        query: { oauthTokens: 'false' },
        authorization: '[REDACTED]',
        body: undefined,
      },
      {
        method: 'POST',
        path: '/api/v1/users/00u1/lifecycle/expire_password',
        query: {},
        authorization: '[REDACTED]',
        body: undefined,
      },
    ]);
  });

  it('treat suspending a suspended user as done (idempotent)', async () => {
    const { instance, sent } = await setup([
      { id: '00u2', status: 'SUSPENDED', login: 'dan@example.com' },
    ]);
    await expect(instance.runAction('suspend-user', { userId: '00u2' })).resolves.toEqual({
      userId: '00u2',
      status: 'SUSPENDED',
      alreadyDone: true,
    });
    expect(sent().map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /api/v1/users/00u2/lifecycle/suspend',
      'GET /api/v1/users/00u2',
    ]);
  });

  it('fail, with the reason, for a user in another state or an unknown user', async () => {
    const { instance } = await setup([
      { id: '00u3', status: 'DEPROVISIONED', login: 'erin@example.com' },
    ]);
    await expect(instance.runAction('suspend-user', { userId: '00u3' })).rejects.toMatchObject({
      code: 'CONNECTOR_ACTION',
      message: expect.stringContaining('DEPROVISIONED'),
    });
    await expect(instance.startAction('expire-password', { userId: '00u404' })).resolves.toEqual({
      status: 'failed',
      reason: 'Okta user 00u404 not found',
    });
  });

  it('reject invalid input with a typed error', async () => {
    const { instance } = await setup([]);
    await expect(instance.startAction('suspend-user', { userId: '' })).rejects.toMatchObject({
      code: 'CONNECTOR_ACTION',
    });
  });
});
