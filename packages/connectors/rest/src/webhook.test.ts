import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NormalizedEvent } from '@openmdr/connector-kit';
import { signWebhook } from '@openmdr/connector-kit';
import { validateOcsfEvent } from '@openmdr/core';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { createRestConnector } from './connector.js';
import { createRestWebhookHandler } from './webhook.js';

const SECRET = 'rest-webhook-secret-0123456789';
let server: Server | undefined;
afterAll(
  () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
);

describe('createRestWebhookHandler', () => {
  it('verifies pushes, normalises them with the spec mapping, and dead-letters bad records', async () => {
    const connector = createRestConnector({
      id: 'push-auth',
      vendor: 'Example IdP',
      product: 'Sign-in events',
      category: 'identity',
      checkPath: '/me',
      stream: {
        name: 'signins',
        path: '/signins',
        cursor: { style: 'link-header' },
        idField: 'uuid',
        timeField: 'published',
      },
      mapping: {
        class: 'authentication',
        user: 'actor.login',
        outcome: { field: 'result', success: ['SUCCESS'], failure: ['FAILURE'] },
        sourceIp: 'client.ip',
      },
      rateLimit: { requests: 10, perMs: 1_000 },
    });
    const instance = await connector.connect({
      config: { baseUrl: 'https://idp.example.invalid', auth: { type: 'none' } },
      tenant: 'tenant-b',
    });
    const received: Array<{ events: NormalizedEvent[]; deadLetters: Array<{ reason: string }> }> =
      [];
    server = createServer(
      createRestWebhookHandler({
        connector: instance,
        secrets: [SECRET],
        timestampHeader: 'x-timestamp',
        recordsPath: 'events',
        onEvents: (events, deadLetters) => {
          received.push({ events, deadLetters });
        },
      }),
    );
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/push`;
    const body = JSON.stringify({
      events: [
        {
          uuid: 'e1',
          published: '2026-11-22T06:00:00Z',
          actor: { login: 'alice@example.com' },
          result: 'FAILURE',
          client: { ip: '192.0.2.7' },
        },
        { uuid: 'e2', published: 'not a time', actor: { login: 'bob@example.com' } },
      ],
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const good = await request(url, {
      method: 'POST',
      body,
      headers: {
        'x-signature': signWebhook(SECRET, body, { timestamp }),
        'x-timestamp': timestamp,
      },
    });
    expect(good.statusCode).toBe(204);
    await good.body.dump();
    const forged = await request(url, {
      method: 'POST',
      body,
      headers: {
        'x-signature': signWebhook('forged-secret-xxxxxxxx', body, { timestamp }),
        'x-timestamp': timestamp,
      },
    });
    expect(forged.statusCode).toBe(401);
    await forged.body.dump();
    expect(received).toHaveLength(1);
    expect(received[0]?.events).toEqual([
      expect.objectContaining({
        class_uid: 3002,
        type_uid: 300201,
        status_id: 2,
        user: { name: 'alice@example.com' },
        src_endpoint: { ip: '192.0.2.7' },
        time: Date.parse('2026-11-22T06:00:00Z'),
        metadata: expect.objectContaining({ uid: 'e1', tenant_uid: 'tenant-b' }),
      }),
    ]);
    for (const event of received[0]?.events ?? []) {
      expect(validateOcsfEvent(event, { mode: 'strict' }).errors).toEqual([]);
    }
    expect(received[0]?.deadLetters.map((letter) => letter.reason)).toEqual([
      'record has no valid time at published',
    ]);
  });
});
