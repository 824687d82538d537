/**
 * The MCP tools over the real `createSocOperations` of `@openmdr/dashboard`, on a memory store:
 * real cases, the default policy (every command needs an approval), a real pending approval and
 * the tenant's hash-chained audit log.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createOpenMdrBus, openStore, type Store } from '@openmdr/core';
import { createSocOperations, type Principal, type SocOperationsHandle } from '@openmdr/dashboard';
import { AuditLog, CaseService } from '@openmdr/response';
import { afterEach, expect, it } from 'vitest';
import { createMcpServer } from '../src/index.js';

const analyst: Principal = { id: 'ann@acme.test', tenants: ['acme'], roles: ['analyst'] };
const viewer: Principal = { id: 'vic@acme.test', tenants: ['acme'], roles: ['viewer'] };

let store: Store | undefined;
let soc: SocOperationsHandle | undefined;
const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  soc?.close();
  await store?.close();
});

async function connect(principal: Principal, audit: (tenant: string) => AuditLog) {
  const server = createMcpServer({ operations: soc as SocOperationsHandle, principal, audit });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'agent', version: '1.0.0' });
  await client.connect(clientSide);
  clients.push(client);
  return async (name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;
}

it('hunts and searches real data, refuses another tenant and leaves a real proposal pending', async () => {
  store = await openStore({ kind: 'memory' });
  const opened = store;
  const logs = new Map<string, AuditLog>();
  const audit = (tenant: string): AuditLog => {
    const log = logs.get(tenant) ?? new AuditLog(opened.forTenant(tenant));
    logs.set(tenant, log);
    return log;
  };
  soc = createSocOperations({
    store,
    bus: createOpenMdrBus(),
    tenants: () => ['acme', 'globex'],
    services: (tenant) => ({ audit: audit(tenant) }),
    caseCacheTtlMs: 0,
  });
  const cases = new CaseService({ store });
  const beacon = await cases
    .forTenant('acme')
    .create({ title: 'Beaconing from web-01', severity: 'high' });
  await cases.forTenant('acme').create({ title: 'Impossible travel for bob', severity: 'low' });
  const secret = await cases
    .forTenant('globex')
    .create({ title: 'Globex secret', severity: 'critical' });

  const now = Date.now();
  await store.forTenant('acme').log.append('events', [
    {
      class_uid: 1007,
      activity_id: 1,
      time: now - 60_000,
      device: { hostname: 'web-01' },
      process: { cmd_line: 'powershell.exe -nop -enc SQBFAFgA', file: { name: 'powershell.exe' } },
    },
    {
      class_uid: 1007,
      activity_id: 1,
      time: now - 30_000,
      device: { hostname: 'web-01' },
      process: { cmd_line: 'notepad.exe notes.txt', file: { name: 'notepad.exe' } },
    },
  ]);

  const call = await connect(analyst, audit);
  const hunt = await call('run_hunt', {
    tenant: 'acme',
    hunt: {
      name: 'encoded powershell',
      rules: [
        [
          'title: Encoded PowerShell',
          'id: 6f5b2a4e-8a53-4b6c-9d7e-1f2a3b4c5d6e',
          'logsource: { category: process_creation, product: windows }',
          "detection: { sel: { CommandLine|contains: ' -enc ' }, condition: sel }",
          'level: high',
        ].join('\n'),
      ],
    },
  });
  expect(hunt.isError ?? false).toBe(false);
  expect(hunt.structuredContent).toMatchObject({ tenant: 'acme', hits: 1, failures: [] });

  const found = await call('search_cases', { query: 'beaconing' });
  expect(found.isError ?? false).toBe(false);
  expect(found.structuredContent).toMatchObject({
    total: 1,
    items: [{ id: beacon.id, tenant: 'acme' }],
  });

  const crossTenant = await call('get_case', { tenant: 'globex', id: secret.id });
  expect(crossTenant.structuredContent).toMatchObject({ error: { code: 'DASHBOARD_FORBIDDEN' } });
  expect(JSON.stringify(crossTenant)).not.toContain('Globex secret');

  const refusedToViewer = await (await connect(viewer, audit))('propose_action', {
    tenant: 'acme',
    command: { action: 'contain', target: { device: { hostname: 'web-01' } } },
    reason: 'beaconing to a known C2',
  });
  expect(refusedToViewer.structuredContent).toMatchObject({
    error: { code: 'DASHBOARD_FORBIDDEN' },
  });

  const proposal = await call('propose_action', {
    tenant: 'acme',
    caseId: beacon.id,
    command: { action: 'contain', target: { device: { hostname: 'web-01' } } },
    reason: 'beaconing to a known C2',
  });
  expect(proposal.isError ?? false).toBe(false);
  expect(proposal.structuredContent).toMatchObject({
    status: 'pending-approval',
    approval: { status: 'pending', requestedBy: 'ann@acme.test' },
  });
  const approvalId = (proposal.structuredContent as { approval: { id: string } }).approval.id;

  const pending = await call('list_pending_approvals');
  expect(pending.structuredContent).toMatchObject({ items: [{ id: approvalId }] });

  const records = await audit('acme').read();
  const types = records.map((r) => r.type);
  expect(types).toContain('approval.requested');
  expect(types).not.toContain('command.sent');
  const mcpCalls = records
    .filter((r) => (r.data as { channel?: string }).channel === 'mcp')
    .map((r) => [r.actor, (r.data as { tool: string }).tool, (r.data as { ok: boolean }).ok]);
  expect(mcpCalls).toEqual([
    ['ann@acme.test', 'search_cases', true],
    ['ann@acme.test', 'get_case', false],
    ['vic@acme.test', 'propose_action', false],
    ['ann@acme.test', 'list_pending_approvals', true],
  ]);
  expect(
    records.some((r) => (r.data as { operation?: string }).operation === 'proposeAction'),
  ).toBe(true);
  expect((await audit('acme').verify()).valid).toBe(true);
  expect(await audit('globex').read()).toEqual([]);
});
