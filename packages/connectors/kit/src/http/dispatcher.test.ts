import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVendorSimulator, type VendorSimulator } from '../simulator/vendor-simulator.js';
import { createProxyDispatcher } from './dispatcher.js';
import { createHttpClient } from './http-client.js';

let simulator: VendorSimulator;
let proxy: Server;
let proxyUrl: string;
const proxied: string[] = [];

beforeAll(async () => {
  simulator = await createVendorSimulator({
    routes: [{ method: 'GET', path: '/ok', handle: () => ({ body: { ok: true } }) }],
  });
  // a forwarding HTTP proxy on loopback: records the absolute-form target, then relays it
  proxy = createServer((incoming, outgoing) => {
    proxied.push(String(incoming.url));
    request(String(incoming.url), { method: 'GET' }).then(
      async (response) => {
        outgoing.writeHead(response.statusCode, {
          'content-type': 'application/json',
          via: '1.1 test-proxy',
        });
        outgoing.end(await response.body.text());
      },
      () => {
        outgoing.writeHead(502);
        outgoing.end();
      },
    );
  });
  // undici tunnels through the proxy with CONNECT (for http: targets too)
  proxy.on('connect', (incoming, client, head) => {
    proxied.push(`CONNECT ${incoming.url}`);
    const [host, port] = String(incoming.url).split(':');
    const upstream = connect(Number(port), String(host), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await simulator.close();
  proxy.closeAllConnections();
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
});

describe('createProxyDispatcher', () => {
  it('sends requests through the proxy', async () => {
    const dispatcher = createProxyDispatcher({ httpProxy: proxyUrl, noProxy: '' });
    const http = createHttpClient({ baseUrl: simulator.url, dispatcher, retry: false });
    const response = await http.request({ path: '/ok' });
    expect(response.data).toEqual({ ok: true });
    expect(proxied).toEqual([`CONNECT ${new URL(simulator.url).host}`]);
    await dispatcher.close();
  });

  it('goes direct for hosts in NO_PROXY', async () => {
    proxied.length = 0;
    const dispatcher = createProxyDispatcher({ httpProxy: proxyUrl, noProxy: '127.0.0.1' });
    const http = createHttpClient({ baseUrl: simulator.url, dispatcher, retry: false });
    const response = await http.request({ path: '/ok' });
    expect(response.data).toEqual({ ok: true });
    expect(proxied).toEqual([]);
    await dispatcher.close();
  });
});
