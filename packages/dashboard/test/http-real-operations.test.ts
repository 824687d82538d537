import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenAuthenticator } from '../src/access/token-authenticator.js';
import { createDashboardHandler } from '../src/http/handler.js';
import type { CaseSummary, Page } from '../src/operations/types.js';
import { listen, sseReader } from './http-fixtures.js';
import { finding, principals, socFixture } from './soc-fixture.js';

// the handler over the real operations: the contract's routes reach them with what they expect
const tokens = {
  acme: 'acme-analyst-token-0001',
  mssp: 'mssp-viewer-token-00001',
};
let fixture: Awaited<ReturnType<typeof socFixture>>;
let server: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  fixture = await socFixture();
  const authenticate = createTokenAuthenticator({
    tokens: [
      { token: tokens.acme, principal: principals.acmeAnalyst },
      { token: tokens.mssp, principal: principals.mssp },
    ],
  });
  // the recorder learns the tenants from the bus
  fixture.bus.emit('finding.created', { tenant: 'acme', id: 'f-0', finding: finding('f-0') });
  fixture.bus.emit('finding.created', { tenant: 'globex', id: 'f-1', finding: finding('f-1') });
  await fixture.recorder.flush();
  server = await listen(createDashboardHandler({ operations: fixture.soc, authenticate }));
});
afterAll(async () => {
  await server.close();
});

const get = (path: string, token: string) =>
  fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

describe('dashboard HTTP over createSocOperations', () => {
  it('keeps each tenant to its own cases; the MSSP sees all with tenant=*', async () => {
    const acme = (await (await get('/api/cases', tokens.acme)).json()) as Page<CaseSummary>;
    expect(acme.items.map((c) => c.tenant)).toEqual(['acme']);
    expect((await get('/api/cases?tenant=globex', tokens.acme)).status).toBe(403);
    expect(
      (await get(`/api/cases/${fixture.globexCase.id}?tenant=globex`, tokens.acme)).status,
    ).toBe(403);
    const all = (await (await get('/api/cases?tenant=*', tokens.mssp)).json()) as Page<CaseSummary>;
    expect(all.items.map((c) => c.tenant).sort()).toEqual(['acme', 'globex']);
    expect((await get('/api/cases?tenant=*', tokens.acme)).status).toBe(403);
  });

  it('reads and comments on a case of the principal’s only tenant without ?tenant=', async () => {
    const id = fixture.acmeCase.id;
    const detail = (await (await get(`/api/cases/${id}`, tokens.acme)).json()) as {
      case: { id: string };
    };
    expect(detail.case.id).toBe(id);
    const comment = await fetch(`${server.url}/api/cases/${id}/comments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.acme}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'isolated the host' }),
    });
    expect(comment.status).toBe(200);
    expect(JSON.stringify(await comment.json())).toContain('isolated the host');
    expect((await get('/api/cases/no-such-case', tokens.acme)).status).toBe(404);
  });

  it('streams the tenant’s bus events and not another tenant’s', async () => {
    const abort = new AbortController();
    const response = await fetch(`${server.url}/api/events`, {
      headers: { authorization: `Bearer ${tokens.acme}` },
      signal: abort.signal,
    });
    const stream = sseReader(response.body as ReadableStream<Uint8Array>);
    expect((await stream.nextEvent()).event).toBe('ready');
    fixture.bus.emit('finding.created', { tenant: 'globex', id: 'f-g', finding: finding('f-g') });
    fixture.bus.emit('finding.created', { tenant: 'acme', id: 'f-a', finding: finding('f-a') });
    const event = await stream.nextEvent();
    expect(event.event).toBe('finding.created');
    expect(JSON.parse(event.data ?? '{}')).toMatchObject({
      type: 'finding.created',
      tenant: 'acme',
    });
    abort.abort();
  });
});
