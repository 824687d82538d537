import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type HttpBindings, serve } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import express from 'express';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createDashboardHandler } from '../src/http/handler.js';
import { authenticate, fakeOperations, sseReader, TOKENS } from './http-fixtures.js';

const ASSETS = {
  '/index.html': {
    contentType: 'text/html; charset=utf-8',
    body: '<html><head></head><body>spa</body></html>',
  },
  '/assets/dashboard.js': { contentType: 'text/javascript; charset=utf-8', body: '1' },
};
const auth = { authorization: `Bearer ${TOKENS.ana}` };

/** What every mount must serve under `${url}/soc`. */
async function exerciseMount(url: string, fake: ReturnType<typeof fakeOperations>): Promise<void> {
  const page = await fetch(`${url}/soc/cases/c-1`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<base href="/soc/">');
  expect(await (await fetch(`${url}/soc/assets/dashboard.js`)).text()).toBe('1');

  const overview = await fetch(`${url}/soc/api/overview?tenant=acme`, { headers: auth });
  expect(await overview.json()).toEqual({ op: 'overview' });
  expect(overview.headers.get('cache-control')).toBe('no-store');
  expect((await fetch(`${url}/soc/api/overview`)).status).toBe(401);

  const comment = await fetch(`${url}/soc/api/cases/c-1/comments`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ text: 'seen' }),
  });
  expect(await comment.json()).toEqual({ op: 'addCaseComment' });
  expect(fake.calls.at(-1)?.input).toEqual({ tenant: 'acme', caseId: 'c-1', text: 'seen' });
  const bad = await fetch(`${url}/soc/api/cases/c-1/comments`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ text: 7 }),
  });
  expect(bad.status).toBe(400);

  const abort = new AbortController();
  const events = await fetch(`${url}/soc/api/events?tenant=acme`, {
    headers: auth,
    signal: abort.signal,
  });
  expect(events.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  const stream = sseReader(events.body as ReadableStream<Uint8Array>);
  expect((await stream.nextEvent()).event).toBe('ready');
  fake.emit({ type: 'case.created', tenant: 'acme', at: 1, data: {} });
  expect((await stream.nextEvent()).event).toBe('case.created');
  abort.abort();
  await fake.subscriptions.at(-1)?.stopped;
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
}

describe('mounting the dashboard handler', () => {
  it('works under Express at a mount path, with or without express.json() before it', async () => {
    for (const parseJson of [false, true]) {
      const fake = fakeOperations();
      const app = express();
      if (parseJson) app.use(express.json());
      app.use(
        '/soc',
        createDashboardHandler({
          operations: fake.operations,
          authenticate,
          assets: ASSETS,
          basePath: '/soc',
        }),
      );
      app.get('/health', (_req, res) => {
        res.send('ok');
      });
      const server = app.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        await exerciseMount(url, fake);
        expect(await (await fetch(`${url}/health`)).text()).toBe('ok');
      } finally {
        await closeServer(server);
      }
    }
  });

  it('calls Express’s next for paths outside its base path when mounted at the root', async () => {
    const fake = fakeOperations();
    const app = express();
    app.use(
      createDashboardHandler({
        operations: fake.operations,
        authenticate,
        assets: ASSETS,
        basePath: '/soc',
      }),
    );
    app.get('/health', (_req, res) => {
      res.send('ok');
    });
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect(await (await fetch(`${url}/health`)).text()).toBe('ok');
      expect(await (await fetch(`${url}/soc/`)).text()).toContain('spa');
    } finally {
      await closeServer(server);
    }
  });

  it('works under Fastify with the reply hijacked and the body left unparsed', async () => {
    const fake = fakeOperations();
    const handler = createDashboardHandler({
      operations: fake.operations,
      authenticate,
      assets: ASSETS,
      basePath: '/soc',
    });
    const app = Fastify();
    await app.register(async (scope) => {
      // the dashboard reads its own bodies: keep Fastify's parsers off the raw stream
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
      const mount = (request: FastifyRequest, reply: FastifyReply) => {
        reply.hijack();
        handler(request.raw, reply.raw);
      };
      scope.all('/soc', mount);
      scope.all('/soc/*', mount);
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    try {
      await exerciseMount(url, fake);
    } finally {
      app.server.closeAllConnections();
      await app.close();
    }
  });

  it('works under Hono on @hono/node-server with the Node request and response', async () => {
    const fake = fakeOperations();
    const handler = createDashboardHandler({
      operations: fake.operations,
      authenticate,
      assets: ASSETS,
      basePath: '/soc',
    });
    const app = new Hono<{ Bindings: HttpBindings }>();
    app.all('/soc/*', (c) => {
      handler(c.env.incoming, c.env.outgoing);
      return RESPONSE_ALREADY_SENT;
    });
    app.get('/health', (c) => c.text('ok'));
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await exerciseMount(url, fake);
      expect(await (await fetch(`${url}/health`)).text()).toBe('ok');
    } finally {
      await closeServer(server);
    }
  });
});
