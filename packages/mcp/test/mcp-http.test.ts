import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Authenticate, Principal } from '@openmdr/dashboard';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpHttpHandler, type ToolCallRecord } from '../src/index.js';
import { type FakeState, fakeOperations, PRINCIPALS } from './fake-operations.js';

const TOKENS: readonly (readonly [string, Principal])[] = [
  ['acme-analyst-token-0123456789', PRINCIPALS.acmeAnalyst],
  ['acme-viewer-token-01234567890', PRINCIPALS.acmeViewer],
  ['globex-analyst-token-01234567', PRINCIPALS.globexAnalyst],
];

/** Bearer tokens compared in constant time. */
const bearer: Authenticate = (request) => {
  const header = request.headers['authorization'];
  const match = typeof header === 'string' ? /^Bearer (.+)$/.exec(header) : null;
  if (match?.[1] === undefined) return null;
  const given = Buffer.from(match[1]);
  for (const [token, principal] of TOKENS) {
    const expected = Buffer.from(token);
    if (expected.length === given.length && timingSafeEqual(expected, given)) return principal;
  }
  return null;
};

let server: Server;
let url: URL;
let state: FakeState;
const records: ToolCallRecord[] = [];
const clients: Client[] = [];

beforeAll(async () => {
  const fake = fakeOperations();
  state = fake.state;
  const handler = createMcpHttpHandler({
    operations: fake.operations,
    authenticate: bearer,
    onToolCall: (record) => {
      records.push(record);
    },
  });
  server = createServer((req, res) => {
    if (req.url === '/mcp') void handler(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`);
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await new Promise((resolve) => server.close(resolve));
});

async function connect(token: string | undefined): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(url, {
    requestInit: token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } },
  });
  const client = new Client({ name: 'http-agent', version: '1.0.0' });
  await client.connect(transport);
  clients.push(client);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}) {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

describe('createMcpHttpHandler over real HTTP', () => {
  it('answers 401 without a valid token, before any MCP processing', async () => {
    await expect(connect(undefined)).rejects.toMatchObject({ code: 401 });
    await expect(connect('not-a-token')).rejects.toMatchObject({ code: 401 });
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(await response.json()).toEqual({
      error: { code: 'DASHBOARD_UNAUTHENTICATED', message: 'authentication required' },
    });
    expect(records).toEqual([]);
  });

  it('lists the tools and binds each request to its own principal', async () => {
    const acme = await connect(TOKENS[0]?.[0]);
    const globex = await connect(TOKENS[2]?.[0]);
    const { tools } = await acme.listTools();
    expect(tools).toHaveLength(10);
    const [a, g] = await Promise.all([call(acme, 'search_cases'), call(globex, 'search_cases')]);
    expect(a.structuredContent).toMatchObject({ items: [{ tenant: 'acme' }, { tenant: 'acme' }] });
    expect(g.structuredContent).toMatchObject({ total: 1, items: [{ id: 'case-9' }] });
    expect(
      records
        .slice(-2)
        .map((r) => r.principal)
        .sort(),
    ).toEqual(['ann@acme.test', 'gus@globex.test']);
  });

  it("refuses another tenant's case and a viewer's proposal; an analyst's proposal waits", async () => {
    const acme = await connect(TOKENS[0]?.[0]);
    const viewer = await connect(TOKENS[1]?.[0]);
    const crossTenant = await call(acme, 'get_case', { tenant: 'globex', id: 'case-9' });
    expect(crossTenant.isError).toBe(true);
    expect(crossTenant.structuredContent).toMatchObject({ error: { code: 'DASHBOARD_FORBIDDEN' } });
    expect(JSON.stringify(crossTenant)).not.toMatch(/Globex secret/);

    const command = { action: 'contain', target: { device: { hostname: 'web-01' } } };
    const refused = await call(viewer, 'propose_action', { tenant: 'acme', command, reason: 'x' });
    expect(refused.structuredContent).toMatchObject({ error: { code: 'DASHBOARD_FORBIDDEN' } });
    expect(state.approvals).toEqual([]);

    const proposal = await call(acme, 'propose_action', { tenant: 'acme', command, reason: 'c2' });
    expect(proposal.structuredContent).toMatchObject({ status: 'pending-approval' });
    expect(state.approvals).toHaveLength(1);
    expect(state.executed).toEqual([]);
  });

  it('answers 405 to GET (stateless: no server-initiated stream)', async () => {
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${TOKENS[0]?.[0]}`, accept: 'text/event-stream' },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });
});
