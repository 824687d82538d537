import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { openStore, type Store } from '@openmdr/core';
import type { Principal, SocOperations } from '@openmdr/dashboard';
import { AuditLog } from '@openmdr/response';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type CreateMcpServerOptions,
  createMcpServer,
  McpServerError,
  SOC_TOOLS,
  type ToolCallRecord,
} from '../src/index.js';
import { fakeOperations, PRINCIPALS } from './fake-operations.js';

const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

async function connect(options: CreateMcpServerOptions): Promise<Client> {
  const server = createMcpServer(options);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'test-agent', version: '1.0.0' });
  await client.connect(clientSide);
  clients.push(client);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}) {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

function errorOf(result: CallToolResult): { code: string; message: string } {
  expect(result.isError).toBe(true);
  const structured = result.structuredContent as { error: { code: string; message: string } };
  const first = result.content[0];
  expect(first?.type === 'text' && JSON.parse(first.text)).toEqual(structured);
  return structured.error;
}

function ok<T>(result: CallToolResult): T {
  expect(result.isError ?? false).toBe(false);
  const first = result.content[0];
  expect(first?.type === 'text' && JSON.parse(first.text)).toEqual(result.structuredContent);
  return result.structuredContent as T;
}

const containHost = {
  action: 'contain',
  target: { device: { hostname: 'web-01' } },
};

describe('createMcpServer over the in-memory transport (stdio equivalent)', () => {
  it('lists every tool with annotations, and no tool that approves or denies', async () => {
    const { operations } = fakeOperations();
    const client = await connect({ operations, principal: PRINCIPALS.acmeViewer });
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(
      [
        'add_case_comment',
        'explain_score',
        'get_case',
        'list_pending_approvals',
        'overview',
        'propose_action',
        'run_hunt',
        'search_cases',
        'search_findings',
        'sla_status',
      ].sort(),
    );
    expect(tools.some((tool) => /approve|deny|decide/.test(tool.name))).toBe(false);
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    expect(byName.get('search_cases')?.annotations?.readOnlyHint).toBe(true);
    expect(byName.get('propose_action')?.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: false,
    });
    expect(byName.get('propose_action')?.description).toMatch(/NEVER executes/);
    expect(byName.get('propose_action')?.description).toMatch(/pending-approval/);
    const command = byName.get('propose_action')?.inputSchema.properties?.['command'] as {
      properties?: Record<string, unknown>;
      required?: string[];
    };
    expect(Object.keys(command.properties ?? {})).toContain('target');
    expect(command.required).not.toContain('request_id');
    expect(byName.get('get_case')?.inputSchema.required).toEqual(['tenant', 'id']);
  });

  it("calls every tool within the principal's tenant", async () => {
    const { operations, state } = fakeOperations();
    const client = await connect({ operations, principal: PRINCIPALS.acmeAnalyst });

    const overview = ok<{ tenants: string[]; cases: { open: number } }>(
      await call(client, 'overview'),
    );
    expect(overview).toMatchObject({ tenants: ['acme'], cases: { open: 2 } });

    const findings = ok<{ items: { id: string }[] }>(
      await call(client, 'search_findings', { since: '1970-01-01T00:00:01Z', minSeverityId: 3 }),
    );
    expect(findings.items.map((f) => f.id)).toEqual(['f-1']);

    const cases = ok<{ items: { id: string }[]; total: number }>(
      await call(client, 'search_cases', { query: 'powershell' }),
    );
    expect(cases).toMatchObject({ total: 1, items: [{ id: 'case-1' }] });

    const detail = ok<{ case: { id: string } }>(
      await call(client, 'get_case', { tenant: 'acme', id: 'case-2' }),
    );
    expect(detail.case.id).toBe('case-2');

    expect(ok(await call(client, 'sla_status'))).toEqual({ items: [] });
    expect(ok(await call(client, 'list_pending_approvals'))).toEqual({ items: [] });

    const score = ok<{ score: number }>(
      await call(client, 'explain_score', { tenant: 'acme', findingId: 'f-1' }),
    );
    expect(score.score).toBe(82);

    const hunt = ok<{ hits: number }>(
      await call(client, 'run_hunt', {
        tenant: 'acme',
        hunt: {
          name: 'cradles',
          target: 'duckdb',
          range: { from: 0, to: 10 },
          query: { query: 'select 1' },
        },
      }),
    );
    expect(hunt.hits).toBe(1);

    const comment = ok<{ event: { text: string; by: string } }>(
      await call(client, 'add_case_comment', { tenant: 'acme', caseId: 'case-1', text: 'looking' }),
    );
    expect(comment.event).toMatchObject({ text: 'looking', by: 'ann@acme.test' });
    expect(state.comments).toHaveLength(1);

    const proposal = ok<{ status: string }>(
      await call(client, 'propose_action', {
        tenant: 'acme',
        caseId: 'case-1',
        command: containHost,
        reason: 'beaconing',
      }),
    );
    expect(proposal.status).toBe('pending-approval');
  });

  it('propose_action waits for approval and executes nothing; a denied action is refused', async () => {
    const { operations, state } = fakeOperations();
    const client = await connect({ operations, principal: PRINCIPALS.acmeAnalyst });
    const proposal = ok<{ status: string; approval: { id: string; requestedBy: string } }>(
      await call(client, 'propose_action', {
        tenant: 'acme',
        command: { ...containHost, request_id: 'req-1' },
        reason: 'beaconing',
      }),
    );
    expect(proposal.status).toBe('pending-approval');
    expect(proposal.approval).toMatchObject({ id: 'approval:req-1', requestedBy: 'ann@acme.test' });
    const pending = ok<{ items: { id: string }[] }>(await call(client, 'list_pending_approvals'));
    expect(pending.items.map((a) => a.id)).toEqual(['approval:req-1']);
    expect(state.executed).toEqual([]);

    const refused = ok<{ status: string; policy: { reason: string } }>(
      await call(client, 'propose_action', {
        tenant: 'acme',
        command: { action: 'delete', target: { file: { path: '/tmp/x' } } },
        reason: 'cleanup',
      }),
    );
    expect(refused).toMatchObject({
      status: 'refused',
      policy: { reason: 'delete is never allowed' },
    });
    expect(state.approvals).toHaveLength(1);
    expect(state.executed).toEqual([]);
  });

  it("refuses another tenant's data with DASHBOARD_FORBIDDEN, and '*' without the mssp role", async () => {
    const { operations, state } = fakeOperations();
    const client = await connect({ operations, principal: PRINCIPALS.acmeAnalyst });
    for (const [tool, args] of [
      ['get_case', { tenant: 'globex', id: 'case-9' }],
      ['search_cases', { tenant: 'globex' }],
      ['search_findings', { tenant: 'globex' }],
      ['explain_score', { tenant: 'globex', findingId: 'f-9' }],
      ['add_case_comment', { tenant: 'globex', caseId: 'case-9', text: 'hi' }],
      ['propose_action', { tenant: 'globex', command: containHost, reason: 'x' }],
      ['search_cases', { tenant: '*' }],
    ] as const) {
      const result = await call(client, tool, args);
      expect(errorOf(result).code, tool).toBe('DASHBOARD_FORBIDDEN');
      expect(JSON.stringify(result)).not.toMatch(/Globex|case-9.*title|at .*\.ts/);
    }
    expect(state.comments).toEqual([]);
    expect(state.approvals).toEqual([]);
  });

  it('lets an mssp principal read across tenants', async () => {
    const { operations } = fakeOperations();
    const client = await connect({ operations, principal: PRINCIPALS.mssp });
    const cases = ok<{ items: { tenant: string }[] }>(
      await call(client, 'search_cases', { tenant: '*' }),
    );
    expect(new Set(cases.items.map((c) => c.tenant))).toEqual(new Set(['acme', 'globex']));
    expect(errorOf(await call(client, 'search_cases')).code).toBe('DASHBOARD_TENANT_REQUIRED');
  });

  it('refuses the analyst tools to a viewer, who can still read', async () => {
    const { operations, state } = fakeOperations();
    const client = await connect({ operations, principal: PRINCIPALS.acmeViewer });
    const proposal = await call(client, 'propose_action', {
      tenant: 'acme',
      command: containHost,
      reason: 'x',
    });
    expect(errorOf(proposal)).toEqual({
      code: 'DASHBOARD_FORBIDDEN',
      message: 'this needs the analyst role',
    });
    expect(
      errorOf(
        await call(client, 'add_case_comment', { tenant: 'acme', caseId: 'case-1', text: 'x' }),
      ).code,
    ).toBe('DASHBOARD_FORBIDDEN');
    expect(state.approvals).toEqual([]);
    expect(state.comments).toEqual([]);
    ok(await call(client, 'search_cases'));
  });

  it('reports an unexpected error as MCP_TOOL_FAILED without its message or stack', async () => {
    const { operations } = fakeOperations();
    const failing: SocOperations = {
      ...operations,
      listCases: async () => {
        throw new Error('connect ECONNREFUSED 10.0.0.7:5432 at /srv/app/db.ts:12');
      },
    };
    const seen: unknown[] = [];
    const client = await connect({
      operations: failing,
      principal: PRINCIPALS.acmeAnalyst,
      onError: (error) => seen.push(error),
    });
    const result = await call(client, 'search_cases');
    expect(errorOf(result).code).toBe('MCP_TOOL_FAILED');
    expect(JSON.stringify(result)).not.toMatch(/10\.0\.0\.7|db\.ts/);
    expect(seen).toHaveLength(1);
  });

  it('rejects invalid arguments before the operation runs', async () => {
    const { operations, state } = fakeOperations();
    const client = await connect({ operations, principal: PRINCIPALS.acmeAnalyst });
    const result = await call(client, 'propose_action', {
      tenant: 'acme',
      command: { action: 'explode', target: {} },
      reason: 'x',
    });
    expect(result.isError).toBe(true);
    expect(state.approvals).toEqual([]);
  });

  it('resolves the principal per call with `authenticate`, refusing without one', async () => {
    const { operations } = fakeOperations();
    let current: Principal | null = null;
    const client = await connect({ operations, authenticate: () => current });
    expect(errorOf(await call(client, 'overview')).code).toBe('DASHBOARD_UNAUTHENTICATED');
    current = PRINCIPALS.globexAnalyst;
    expect(ok<{ tenants: string[] }>(await call(client, 'overview')).tenants).toEqual(['globex']);
  });

  it('refuses unusable options', () => {
    const { operations } = fakeOperations();
    expect(() =>
      createMcpServer({
        operations,
        principal: PRINCIPALS.acmeAnalyst,
        authenticate: () => null,
      } as never),
    ).toThrow(McpServerError);
    expect(() => createMcpServer({ operations } as never)).toThrow(/exactly one/);
    expect(SOC_TOOLS).toHaveLength(10);
  });
});

describe('auditing tool calls', () => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('reports every call to onToolCall, and audits reads and refusals the operations do not', async () => {
    store = await openStore({ kind: 'memory' });
    const opened = store;
    const logs = new Map<string, AuditLog>();
    const audit = (tenant: string): AuditLog => {
      const log = logs.get(tenant) ?? new AuditLog(opened.forTenant(tenant));
      logs.set(tenant, log);
      return log;
    };
    const records: ToolCallRecord[] = [];
    const { operations } = fakeOperations();
    const client = await connect({
      operations,
      principal: PRINCIPALS.acmeAnalyst,
      audit,
      onToolCall: (record) => {
        records.push(record);
      },
    });
    ok(await call(client, 'search_cases', { query: 'powershell' }));
    errorOf(await call(client, 'get_case', { tenant: 'globex', id: 'case-9' }));
    // audited by the operation: ok, or failed after its checks passed
    ok(await call(client, 'add_case_comment', { tenant: 'acme', caseId: 'case-1', text: 'x' }));
    errorOf(await call(client, 'explain_score', { tenant: 'acme', findingId: 'missing' }));
    // refused by the tenant check, before the operation audits anything
    errorOf(
      await call(client, 'propose_action', {
        tenant: 'globex',
        command: { action: 'delete', target: { file: { path: '/x' } } },
        reason: 'x',
      }),
    );

    expect(records.map(({ durationMs: _d, ...rest }) => rest)).toEqual([
      { tool: 'search_cases', principal: 'ann@acme.test', tenant: 'acme', ok: true },
      {
        tool: 'get_case',
        principal: 'ann@acme.test',
        tenant: 'globex',
        ok: false,
        code: 'DASHBOARD_FORBIDDEN',
      },
      { tool: 'add_case_comment', principal: 'ann@acme.test', tenant: 'acme', ok: true },
      {
        tool: 'explain_score',
        principal: 'ann@acme.test',
        tenant: 'acme',
        ok: false,
        code: 'DASHBOARD_NOT_FOUND',
      },
      {
        tool: 'propose_action',
        principal: 'ann@acme.test',
        tenant: 'globex',
        ok: false,
        code: 'DASHBOARD_FORBIDDEN',
      },
    ]);
    expect(records.every((r) => r.durationMs >= 0)).toBe(true);

    const acme = await audit('acme').read();
    expect(acme.map((r) => [r.type, r.actor, (r.data as { tool: string }).tool])).toEqual([
      ['access.call', 'ann@acme.test', 'search_cases'],
      ['access.call', 'ann@acme.test', 'get_case'],
      ['access.call', 'ann@acme.test', 'propose_action'],
    ]);
    expect(acme[0]?.data).toMatchObject({ channel: 'mcp', input: { query: 'powershell' } });
    expect(acme[1]?.data).toMatchObject({
      tenant: 'globex',
      ok: false,
      code: 'DASHBOARD_FORBIDDEN',
    });
    expect(await audit('globex').read()).toEqual([]);
    expect((await audit('acme').verify()).valid).toBe(true);
  });

  it('withholds the result when the call cannot be audited', async () => {
    const { operations } = fakeOperations();
    const client = await connect({
      operations,
      principal: PRINCIPALS.acmeAnalyst,
      onToolCall: () => {
        throw new Error('audit sink down');
      },
    });
    const result = await call(client, 'search_cases');
    expect(errorOf(result).code).toBe('MCP_AUDIT_FAILED');
    expect(JSON.stringify(result)).not.toMatch(/PowerShell/);
  });
});
