import { readFileSync } from 'node:fs';
import {
  createTestSecretProvider,
  createVendorSimulator,
  type SimulatorRecord,
} from '@openmdr/connector-kit/testing';
import { Agent } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { entraConfigSchema } from './config.js';
import { entraConnector, entraEndpoints } from './connector.js';
import { ENTRA_TEST_TENANT, entraActionRoutes } from './testing/entra-conformance.js';

const SECRET = 'Test~EntraSecret.0123456789abcdef';
const signIns = JSON.parse(
  readFileSync(new URL('./__fixtures__/sign-ins.json', import.meta.url), 'utf8'),
) as SimulatorRecord[];
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function setup() {
  const simulator = await createVendorSimulator({
    auth: {
      type: 'oauth2',
      tokenPath: `/${ENTRA_TEST_TENANT}/oauth2/v2.0/token`,
      clientId: 'app-1',
      clientSecret: SECRET,
    },
    datasets: [
      {
        path: '/v1.0/auditLogs/signIns',
        cursor: 'odata-next-link',
        records: signIns,
        idField: 'id',
        timeField: 'createdDateTime',
      },
    ],
    routes: entraActionRoutes(),
  });
  const dispatcher = new Agent();
  const instance = await entraConnector.connect({
    config: {
      tenantId: ENTRA_TEST_TENANT,
      clientId: 'app-1',
      loginUrl: simulator.url,
      graphUrl: simulator.url,
      signins: { since: '2026-03-02T09:05:00Z', lookbackMinutes: 30, pageSize: 4 },
    },
    secrets: createTestSecretProvider({ entra_client_secret: SECRET }),
    dispatcher,
    rateLimit: false,
  });
  cleanups.push(async () => {
    await simulator.close();
    await dispatcher.close();
  });
  return { simulator, instance };
}

describe('entraEndpoints', () => {
  it('uses the authority and Graph host of each cloud, the scope of its Graph resource', () => {
    const base = { tenantId: 'contoso.onmicrosoft.com', clientId: 'c', clientSecret: 's' };
    expect(entraEndpoints(entraConfigSchema.parse(base))).toEqual({
      tokenUrl: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
      graphUrl: 'https://graph.microsoft.com/v1.0',
      scope: 'https://graph.microsoft.com/.default',
    });
    expect(entraEndpoints(entraConfigSchema.parse({ ...base, cloud: 'us-gov' }))).toEqual({
      tokenUrl: 'https://login.microsoftonline.us/contoso.onmicrosoft.com/oauth2/v2.0/token',
      graphUrl: 'https://graph.microsoft.us/v1.0',
      scope: 'https://graph.microsoft.us/.default',
    });
    expect(
      entraEndpoints(entraConfigSchema.parse({ ...base, cloud: 'us-gov-dod', apiVersion: 'beta' })),
    ).toEqual({
      tokenUrl: 'https://login.microsoftonline.us/contoso.onmicrosoft.com/oauth2/v2.0/token',
      graphUrl: 'https://dod-graph.microsoft.us/beta',
      scope: 'https://dod-graph.microsoft.us/.default',
    });
  });
});

describe('Entra sign-ins read', () => {
  it('filters by createdDateTime, pages by nextLink, and asks for the Graph token of the cloud', async () => {
    const { simulator, instance } = await setup();
    const records: SimulatorRecord[] = [];
    for await (const batch of instance.read('signins'))
      records.push(...(batch.records as SimulatorRecord[]));
    // records before the start are dropped even when an endpoint ignores the filter
    expect(records.map((record) => record['id'])).toEqual(
      signIns
        .filter((record) => String(record['createdDateTime']) >= '2026-03-02T09:05:00Z')
        .map((record) => record['id']),
    );
    const token = simulator.requests.find((request) => request.path.endsWith('/token'));
    expect(token?.body).toMatchObject({
      grant_type: 'client_credentials',
      client_id: 'app-1',
      client_secret: '[REDACTED]',
      scope: '[REDACTED]',
    });
    const data = simulator.requests.filter((request) => request.path.startsWith('/v1.0/'));
    expect(data[0]?.query).toEqual({
      $filter: 'createdDateTime ge 2026-03-02T09:05:00.000Z',
      $top: '4',
    });
    expect(data.length).toBeGreaterThan(1);
    expect(data[1]?.query['$skiptoken']).toBeDefined();
  });

  it('delivers a sign-in that arrives late inside the look-back once, and nothing twice', async () => {
    const { simulator, instance } = await setup();
    let state: unknown;
    for await (const batch of instance.read('signins')) state = batch.state;
    const late = { ...signIns[4], id: 'late-sign-in', createdDateTime: '2026-03-02T09:14:50Z' };
    simulator.addRecord('/v1.0/auditLogs/signIns', late);
    const again: unknown[] = [];
    for await (const batch of instance.read('signins', state)) {
      again.push(...batch.records);
      state = batch.state;
    }
    expect(again).toEqual([late]);
    const third: unknown[] = [];
    for await (const batch of instance.read('signins', state)) third.push(...batch.records);
    expect(third).toEqual([]);
  });
});

describe('Entra actions', () => {
  it('send the documented Graph requests', async () => {
    const { simulator, instance } = await setup();
    const user = '5e1f0000-0000-4000-8000-000000020002';
    for (const name of [
      'disable-account',
      'enable-account',
      'revoke-sign-in-sessions',
      'confirm-compromised',
      'dismiss-risk',
    ]) {
      await instance.runAction(name, { userId: user });
    }
    expect(
      simulator.requests
        .filter((request) => !request.path.endsWith('/token'))
        .map(({ method, path, body }) => ({ method, path, body })),
    ).toEqual([
      { method: 'PATCH', path: `/v1.0/users/${user}`, body: { accountEnabled: false } },
      { method: 'PATCH', path: `/v1.0/users/${user}`, body: { accountEnabled: true } },
      { method: 'POST', path: `/v1.0/users/${user}/revokeSignInSessions`, body: undefined },
      {
        method: 'POST',
        path: '/v1.0/identityProtection/riskyUsers/confirmCompromised',
        body: { userIds: [user] },
      },
      {
        method: 'POST',
        path: '/v1.0/identityProtection/riskyUsers/dismiss',
        body: { userIds: [user] },
      },
    ]);
  });

  it('fail with the reason for an unknown user', async () => {
    const { instance } = await setup();
    await expect(instance.startAction('disable-account', { userId: 'nobody' })).resolves.toEqual({
      status: 'failed',
      reason: 'Entra user nobody not found',
    });
  });
});
