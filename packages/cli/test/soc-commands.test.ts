// `openmdr mcp` (in process, the MCP protocol over its standard streams) and `openmdr dashboard`
// (a real process, driven over HTTP) over one PGlite store holding two tenants.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { openPgliteStore } from '@openmdr/core';
import { ApprovalService, AuditLog, CaseService } from '@openmdr/response';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { spawnCli, until } from './support/cli-process.js';

const directory = mkdtempSync(join(tmpdir(), 'openmdr-soc-commands-'));
const store = `pglite:${directory}`;
let acmeCase = '';
let globexCase = '';
let approvalId = '';

beforeAll(async () => {
  const pglite = await openPgliteStore({ dataDir: directory });
  const cases = new CaseService({ store: pglite });
  acmeCase = (await cases.forTenant('acme').create({ title: 'Acme ransomware', severity: 'high' }))
    .id;
  globexCase = (await cases.forTenant('globex').create({ title: 'Globex phishing' })).id;
  const approval = await new ApprovalService({
    store: pglite.forTenant('acme'),
    approverGroups: ['soc-leads'],
  }).request({
    command: { request_id: 'r-1', action: 'contain', target: { device: { device_id: 'dev-7' } } },
    reason: 'contain the host',
    requestedBy: 'playbook',
  });
  approvalId = approval.id;
  await pglite.close();
}, 60_000);
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('openmdr mcp', () => {
  it('answers MCP over stdio as one principal: its tenant only, proposals wait, calls audited', {
    timeout: 60_000,
  }, async () => {
    const stdin = new PassThrough();
    let stdout = '';
    let stderr = '';
    const responses = () =>
      stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { id?: number; result?: Record<string, unknown> });
    const run = main(
      ['mcp', '--store', store, '--tenant', 'acme', '--principal', 'agent@mssp.example'],
      {
        stdin,
        stdout: { write: (chunk: string) => (stdout += chunk) },
        stderr: { write: (chunk: string) => (stderr += chunk) },
      },
    );
    let id = 0;
    const call = async (method: string, params: Record<string, unknown>) => {
      const mine = ++id;
      stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: mine, method, params })}\n`);
      await until(() => responses().some((response) => response.id === mine), `reply ${mine}`);
      return responses().find((response) => response.id === mine)?.result ?? {};
    };
    const tool = async (name: string, args: Record<string, unknown>) => {
      const result = await call('tools/call', { name, arguments: args });
      const [content] = result['content'] as { text: string }[];
      return { isError: result['isError'] === true, body: JSON.parse(content?.text ?? 'null') };
    };

    await call('initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'test-agent', version: '1.0.0' },
    });
    stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
    const listed = (await call('tools/list', {}))['tools'] as { name: string }[];
    expect(listed.map((item) => item.name)).toContain('propose_action');
    expect(listed.map((item) => item.name)).not.toContain('approve');

    const found = await tool('search_cases', {});
    expect(found.body.items.map((item: { id: string }) => item.id)).toEqual([acmeCase]);
    const foreign = await tool('get_case', { tenant: 'globex', id: globexCase });
    expect(foreign).toMatchObject({
      isError: true,
      body: { error: { code: 'DASHBOARD_FORBIDDEN' } },
    });
    const proposal = await tool('propose_action', {
      tenant: 'acme',
      caseId: acmeCase,
      reason: 'the host beacons to a known C2',
      command: { action: 'contain', target: { device: { device_id: 'dev-9' } } },
    });
    expect(proposal.body).toMatchObject({
      status: 'pending-approval',
      approval: { status: 'pending' },
    });

    stdin.end();
    expect(await run).toBe(0);
    expect(stderr).toBe('');
    const pglite = await openPgliteStore({ dataDir: directory });
    try {
      const audit = new AuditLog(pglite.forTenant('acme'));
      const calls = (await audit.read()).filter((record) => record.type === 'access.call');
      expect(calls.length).toBeGreaterThanOrEqual(2);
      expect(calls.every((record) => record.actor === 'agent@mssp.example')).toBe(true);
      expect((await audit.verify()).valid).toBe(true);
      expect(await new AuditLog(pglite.forTenant('globex')).read()).toEqual([]);
    } finally {
      await pglite.close();
    }
  });
});

describe('openmdr dashboard', () => {
  it('serves the page and the API to the token it prints, for its tenant only, until SIGTERM', {
    timeout: 90_000,
  }, async () => {
    const cli = spawnCli([
      'dashboard',
      ...['--store', store, '--tenant', 'acme', '--port', '0'],
      ...['--principal', 'lead@mssp.example', '--roles', 'viewer,analyst,approver'],
      ...['--groups', 'soc-leads'],
    ]);
    try {
      await until(() => cli.stdout.some((line) => line.includes('#token=')), 'the address');
      const line = cli.stdout.find((text) => text.includes('#token=')) as string;
      const [, base, token] = /(http:\/\/127\.0\.0\.1:\d+\/)#token=(\S+)/.exec(line) ?? [];
      const api = (path: string, init: RequestInit = {}) =>
        fetch(new URL(path, base), {
          ...init,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        });
      expect((await fetch(new URL('api/overview', base))).status).toBe(401);
      expect(await (await fetch(base as string)).text()).toContain('<html');
      expect(await (await api('api/session')).json()).toMatchObject({
        id: 'lead@mssp.example',
        tenants: ['acme'],
      });
      expect((await api('api/cases?tenant=globex')).status).toBe(403);
      const pending = (await (await api('api/approvals')).json()) as { id: string }[];
      // The playbook's, and the one the agent proposed over MCP above.
      expect(pending.map((approval) => approval.id)).toContain(approvalId);
      expect(pending).toHaveLength(2);
      const decided = await api(`api/approvals/${approvalId}/decision?tenant=acme`, {
        method: 'POST',
        body: JSON.stringify({ decision: 'approve', reason: 'confirmed on the host' }),
      });
      expect(await decided.json()).toMatchObject({
        status: 'approved',
        decision: { by: 'lead@mssp.example' },
      });
      cli.child.kill('SIGTERM');
      expect(await cli.exited).toBe(0);
    } finally {
      cli.child.kill('SIGKILL');
    }
    expect(cli.stderr.join('\n')).not.toContain('Error');
  });
});
