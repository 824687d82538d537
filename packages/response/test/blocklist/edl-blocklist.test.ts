import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock, openStore, type Store } from '@openmdr/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ActuatorRegistry,
  AuditLog,
  type Command,
  type CommandArgs,
  CommandDispatcher,
  createBlocklistActuator,
  createCommand,
  createEdlHandler,
  type EdlCredentials,
  parsePolicy,
  type Target,
  undoCommand,
} from '../../src/index.js';

const START = Date.UTC(2026, 10, 18, 9, 0);
const HOUR = 3_600_000;
const allowAll = parsePolicy({
  version: 1,
  rules: [{ id: 'auto', actions: '*', decision: 'allow' }],
});

for (const kind of ['memory', 'pglite'] as const) {
  describe(`published blocklist on ${kind}`, () => {
    const clock = new ManualClock(START);
    const credentials: Record<string, EdlCredentials> = {
      globex: { bearer: 'edl-test-token' },
      initech: { basic: { username: 'panos', password: 'not-a-real-password' } },
    };
    let store: Store;
    let server: Server;
    let base: string;
    let counter = 0;

    beforeAll(async () => {
      store = await openStore({ kind, clock });
      const edl = createEdlHandler({
        store,
        clock,
        credentials: (tenant) => credentials[tenant],
        tenants: (tenant) => ['acme', 'globex', 'initech'].includes(tenant),
      });
      server = createServer((request, response) => {
        edl(request, response).then((handled) => {
          if (!handled) {
            response.statusCode = 418;
            response.end();
          }
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    });

    const sent: Command[] = [];
    const tenantOf = (tenant: string) => {
      const tenantStore = store.forTenant(tenant);
      const audit = new AuditLog(tenantStore, { clock });
      const dispatcher = new CommandDispatcher({
        store: tenantStore,
        registry: new ActuatorRegistry([
          createBlocklistActuator({ store: tenantStore, clock, defaultTtlMs: 24 * HOUR }),
        ]),
        policy: allowAll,
        audit,
        clock,
        sleep: async () => {},
      });
      const send = (
        kindName: Parameters<typeof createCommand>[0],
        target: Target,
        args?: CommandArgs,
      ) => {
        const command = createCommand(kindName, target, {
          requestId: `${tenant}:${++counter}`,
          ...(args === undefined ? {} : { args }),
        });
        sent.push(command);
        return dispatcher.dispatch(command, { actor: 'test' });
      };
      return { audit, dispatcher, send };
    };

    const get = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${base}${path}`, { headers });
    const lines = async (path: string, headers: Record<string, string> = {}) => {
      const response = await get(path, headers);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      const text = await response.text();
      return text === '' ? [] : text.trimEnd().split('\n');
    };

    it('serves denied IPs, domains and URLs as one entry per line, normalised', async () => {
      const { send } = tenantOf('acme');
      const results = await Promise.all([
        send('deny_ip', { ipv4_net: '203.0.113.7' }),
        send('deny_ip', { ipv4_net: '198.51.100.0/24' }),
        send('deny_ip', { ipv6_net: '2001:DB8:0:0::1/128' }),
        send('deny_domain', { domain_name: 'C2.Evil.Example.' }),
        send('deny_url', { uri: 'https://Evil.Example:8443/payload.bin?id=7#frag' }),
      ]);
      expect(results.map((result) => result.response.status)).toEqual([200, 200, 200, 200, 200]);
      expect(await lines('/edl/acme/ip.txt')).toEqual([
        '198.51.100.0/24',
        '2001:db8::1',
        '203.0.113.7',
      ]);
      expect(await lines('/edl/acme/domain.txt')).toEqual(['c2.evil.example']);
      expect(await lines('/edl/acme/url.txt')).toEqual(['evil.example:8443/payload.bin?id=7']);
    });

    it('leaves entries out once their TTL (duration, stop_time or default) has passed', async () => {
      const { send } = tenantOf('acme');
      await send('deny_ip', { ipv4_net: '192.0.2.10' }, { duration: HOUR });
      await send('deny_ip', { ipv4_net: '192.0.2.11' }, { stop_time: clock.now() + 2 * HOUR });
      expect(await lines('/edl/acme/ip.txt')).toContain('192.0.2.10');
      clock.advance(HOUR);
      const afterOne = await lines('/edl/acme/ip.txt');
      expect(afterOne).not.toContain('192.0.2.10');
      expect(afterOne).toContain('192.0.2.11');
      clock.advance(HOUR);
      expect(await lines('/edl/acme/ip.txt')).not.toContain('192.0.2.11');
      expect(await lines('/edl/acme/ip.txt')).toContain('203.0.113.7');
      clock.advance(22 * HOUR);
      expect(await lines('/edl/acme/ip.txt')).toEqual([]);
      expect(await lines('/edl/acme/domain.txt')).toEqual([]);
    });

    it('refuses a stop_time in the past and a malformed entry with 400', async () => {
      const { send } = tenantOf('acme');
      const past = await send(
        'deny_ip',
        { ipv4_net: '192.0.2.12' },
        { stop_time: clock.now() - 1 },
      );
      expect(past.response.status).toBe(400);
      expect(past.response.results?.['x-openmdr']?.error_code).toBe('RESPONSE_BLOCKLIST_ENTRY');
      const bad = await send('deny_ip', { ipv6_net: '2001:db8::1::2' });
      expect(bad.response.status).toBe(400);
      expect(bad.response.status_text).toMatch(/not an IP address/);
      expect(await lines('/edl/acme/ip.txt')).toEqual([]);
    });

    it('undoes a deny through the dispatcher and records both in the audit log', async () => {
      const { send, dispatcher, audit } = tenantOf('acme');
      const denied = await send('deny_domain', { domain_name: 'beacon.evil.example' });
      expect(denied.response.status).toBe(200);
      await send('deny_domain', { domain_name: 'keep.evil.example' });
      expect(await lines('/edl/acme/domain.txt')).toEqual([
        'beacon.evil.example',
        'keep.evil.example',
      ]);
      const deny = sent.find((command) => command.request_id === denied.response.request_id);
      const undo = deny === undefined ? null : undoCommand(deny);
      if (undo === null) throw new Error('deny_domain has an undo');
      expect(undo.action).toBe('allow');
      const undone = await dispatcher.dispatch(undo, { actor: 'test' });
      expect(undone.response.status).toBe(200);
      expect(undone.response.results?.['x-openmdr']?.output).toMatchObject({ removed: true });
      expect(await lines('/edl/acme/domain.txt')).toEqual(['keep.evil.example']);
      const again = await dispatcher.dispatch(undo, { actor: 'test' });
      expect(again.replayed).toBe(true);

      const audited = (await audit.read())
        .filter((record) => record.type === 'command.sent')
        .map((record) => [record.requestId, (record.data as { kind: string }).kind]);
      expect(audited).toContainEqual([denied.response.request_id, 'deny_domain']);
      expect(audited).toContainEqual([`${denied.response.request_id}:undo`, 'allow_domain']);
      expect((await audit.verify()).valid).toBe(true);
    });

    it('keeps tenants apart', async () => {
      const globex = tenantOf('globex');
      await globex.send('deny_ip', { ipv4_net: '192.0.2.99' });
      const auth = { authorization: 'Bearer edl-test-token' };
      expect(await lines('/edl/globex/ip.txt', auth)).toEqual(['192.0.2.99']);
      expect(await lines('/edl/acme/ip.txt')).toEqual([]);
      expect((await get('/edl/umbrella/ip.txt')).status).toBe(404);
      expect((await get('/edl/acme/hash.txt')).status).toBe(404);
      expect((await get('/edl/%E0%A4%A/ip.txt')).status).toBe(404);
      expect((await get('/elsewhere')).status).toBe(418);
    });

    it('enforces each tenant’s bearer or basic credentials', async () => {
      expect((await get('/edl/globex/ip.txt')).status).toBe(401);
      const wrong = await get('/edl/globex/ip.txt', { authorization: 'Bearer nope' });
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('www-authenticate')).toMatch(/^Bearer /);
      const initech = tenantOf('initech');
      await initech.send('deny_url', { uri: 'http://phish.example/login' });
      const basic = (user: string, password: string) => ({
        authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
      });
      expect((await get('/edl/initech/url.txt', basic('panos', 'wrong'))).status).toBe(401);
      expect(
        (await get('/edl/initech/url.txt', { authorization: 'Bearer edl-test-token' })).status,
      ).toBe(401);
      expect(await lines('/edl/initech/url.txt', basic('panos', 'not-a-real-password'))).toEqual([
        'phish.example/login',
      ]);
    });

    it('answers 304 while a list is unchanged and 200 once it changes or an entry expires', async () => {
      const { send } = tenantOf('acme');
      await send('deny_ip', { ipv4_net: '192.0.2.50' }, { duration: HOUR });
      const first = await get('/edl/acme/ip.txt');
      const etag = first.headers.get('etag') ?? '';
      const lastModified = first.headers.get('last-modified') ?? '';
      expect(etag).toMatch(/^".+"$/);
      expect(new Date(lastModified).getTime()).toBe(Math.floor(clock.now() / 1000) * 1000);
      const same = await get('/edl/acme/ip.txt', { 'if-none-match': etag });
      expect(same.status).toBe(304);
      expect(await same.text()).toBe('');
      expect((await get('/edl/acme/ip.txt', { 'if-modified-since': lastModified })).status).toBe(
        304,
      );
      clock.advance(1000);
      // another list changing leaves this one unchanged
      await send('deny_domain', { domain_name: 'other.example' });
      expect((await get('/edl/acme/ip.txt', { 'if-none-match': etag })).status).toBe(304);
      await send('deny_ip', { ipv4_net: '192.0.2.51' });
      const changed = await get('/edl/acme/ip.txt', { 'if-none-match': etag });
      expect(changed.status).toBe(200);
      const etag2 = changed.headers.get('etag') ?? '';
      expect(etag2).not.toBe(etag);
      clock.advance(HOUR);
      const expired = await get('/edl/acme/ip.txt', { 'if-none-match': etag2 });
      expect(expired.status).toBe(200);
      expect(await expired.text()).toBe('192.0.2.51\n');
    });

    it('advertises its kinds to query features', async () => {
      const { dispatcher } = tenantOf('acme');
      const { response } = await dispatcher.dispatch(
        createCommand('query_features', { features: ['pairs'] }, { requestId: 'features-1' }),
      );
      expect(response.status).toBe(200);
      expect(response.results?.pairs).toMatchObject({
        deny: expect.any(Array),
        allow: expect.any(Array),
      });
    });
  });
}
