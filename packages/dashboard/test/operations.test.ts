import { createInvestigationStore } from '@openmdr/investigation';
import { CaseService, verifyAuditRecords } from '@openmdr/response';
import { describe, expect, it } from 'vitest';
import { DashboardError } from '../src/errors.js';
import type { LiveEvent } from '../src/operations/types.js';
import { containCommand, finding, MINUTE, principals, socFixture, T0 } from './soc-fixture.js';

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return DashboardError.isInstance(error) ? error.code : `other: ${String(error)}`;
  }
  return undefined;
}

describe('tenant isolation', () => {
  it('a principal of acme reads acme only, by list and by id', async () => {
    const { soc, acmeCase, globexCase } = await socFixture();
    const page = await soc.listCases(principals.acmeViewer);
    expect(page.items.map((item) => item.id)).toEqual([acmeCase.id]);
    expect(page.items[0]?.nextDue?.metric).toBe('mtta');
    expect(await codeOf(soc.listCases(principals.acmeViewer, { tenant: 'globex' }))).toBe(
      'DASHBOARD_FORBIDDEN',
    );
    expect(
      await codeOf(soc.getCase(principals.acmeViewer, { tenant: 'globex', id: globexCase.id })),
    ).toBe('DASHBOARD_FORBIDDEN');
    // Naming acme with globex's case id finds nothing: ids never cross tenants.
    expect(
      await codeOf(soc.getCase(principals.acmeViewer, { tenant: 'acme', id: globexCase.id })),
    ).toBe('DASHBOARD_NOT_FOUND');
    expect(await codeOf(soc.searchFindings(principals.acmeViewer, { tenant: 'globex' }))).toBe(
      'DASHBOARD_FORBIDDEN',
    );
    expect(await codeOf(soc.pendingApprovals(principals.acmeViewer, { tenant: 'globex' }))).toBe(
      'DASHBOARD_FORBIDDEN',
    );
  });

  it('refuses * without mssp; an mssp operator sees every recorded tenant', async () => {
    const { soc, bus, recorder, acmeCase, globexCase } = await socFixture();
    expect(await codeOf(soc.overview(principals.twoTenants, { tenant: '*' }))).toBe(
      'DASHBOARD_FORBIDDEN',
    );
    expect(await codeOf(soc.overview(principals.twoTenants))).toBe('DASHBOARD_TENANT_REQUIRED');
    bus.emit('finding.created', { tenant: 'acme', id: 'f-a', finding: finding('f-a') });
    bus.emit('finding.created', { tenant: 'globex', id: 'f-g', finding: finding('f-g') });
    await recorder.flush();
    expect(await soc.tenantsOf(principals.mssp)).toEqual(['acme', 'globex']);
    const page = await soc.listCases(principals.mssp, { tenant: '*' });
    expect(page.items.map((item) => item.id).sort()).toEqual([acmeCase.id, globexCase.id].sort());
    const overview = await soc.overview(principals.mssp, { tenant: '*' });
    expect(overview.tenants).toEqual(['acme', 'globex']);
    expect(overview.cases.open).toBe(2);
    expect(overview.findings.lastHour).toBe(2);
    const found = await soc.searchFindings(principals.mssp, { tenant: '*' });
    expect(found.items.map((row) => `${row.tenant}/${row.id}`).sort()).toEqual([
      'acme/f-a',
      'globex/f-g',
    ]);
  });

  it('approvals of another tenant are out of reach, by list and by id', async () => {
    const { soc } = await socFixture();
    const proposal = await soc.proposeAction(principals.globexAnalyst, {
      tenant: 'globex',
      command: containCommand('req-globex-1'),
      reason: 'contain the phished laptop',
    });
    expect(await soc.pendingApprovals(principals.acmeApprover)).toEqual([]);
    expect(
      await codeOf(
        soc.decideApproval(principals.acmeApprover, {
          tenant: 'acme',
          id: proposal.approval?.id ?? '',
          decision: 'approve',
          reason: 'ok',
        }),
      ),
    ).toBe('DASHBOARD_NOT_FOUND');
  });
});

describe('roles', () => {
  it('a viewer cannot comment, propose, hunt or decide', async () => {
    const { soc, acmeCase } = await socFixture();
    const viewer = principals.acmeViewer;
    const refusals = await Promise.all([
      codeOf(soc.addCaseComment(viewer, { tenant: 'acme', caseId: acmeCase.id, text: 'hi' })),
      codeOf(
        soc.proposeAction(viewer, { tenant: 'acme', command: containCommand('r'), reason: 'x' }),
      ),
      codeOf(soc.runHunt(viewer, { tenant: 'acme', hunt: { name: 'h', query: { query: 'x' } } })),
      codeOf(
        soc.decideApproval(viewer, { tenant: 'acme', id: 'a', decision: 'deny', reason: 'no' }),
      ),
    ]);
    expect(refusals).toEqual(Array(4).fill('DASHBOARD_FORBIDDEN'));
  });

  it('an approver outside the approval groups is refused; one inside decides', async () => {
    const { soc } = await socFixture();
    const proposal = await soc.proposeAction(principals.acmeAnalyst, {
      tenant: 'acme',
      command: containCommand('req-acme-1'),
      reason: 'beaconing to C2',
    });
    const id = proposal.approval?.id ?? '';
    expect(
      await codeOf(
        soc.decideApproval(principals.acmeOutsider, {
          tenant: 'acme',
          id,
          decision: 'approve',
          reason: 'looks fine',
        }),
      ),
    ).toBe('DASHBOARD_FORBIDDEN');
    expect(
      await codeOf(
        soc.decideApproval(principals.acmeAnalyst, {
          tenant: 'acme',
          id,
          decision: 'approve',
          reason: 'looks fine',
        }),
      ),
    ).toBe('DASHBOARD_FORBIDDEN');
    const decided = await soc.decideApproval(principals.acmeApprover, {
      tenant: 'acme',
      id,
      decision: 'deny',
      reason: 'the device is a build server',
    });
    expect(decided.status).toBe('denied');
    expect(decided.decision?.by).toBe('lead@acme');
    expect(await soc.pendingApprovals(principals.acmeApprover)).toEqual([]);
  });
});

describe('proposeAction', () => {
  it('requests an approval, records it on the case and executes nothing', async () => {
    const { soc, bus, acmeCase } = await socFixture();
    const seen: string[] = [];
    bus.on('action.requested', () => {
      seen.push('action.requested');
    });
    bus.on('action.completed', () => {
      seen.push('action.completed');
    });
    bus.on('approval.requested', () => {
      seen.push('approval.requested');
    });
    const proposal = await soc.proposeAction(principals.acmeAnalyst, {
      tenant: 'acme',
      caseId: acmeCase.id,
      command: containCommand('req-acme-2'),
      reason: 'ransomware staging',
    });
    expect(proposal.status).toBe('pending-approval');
    expect(proposal.policy.decision).toBe('require_approval');
    expect(proposal.approval).toMatchObject({
      status: 'pending',
      requestedBy: 'ana@acme',
      approverGroups: ['soc-leads'],
    });
    expect(seen).toEqual(['approval.requested']);
    const pending = await soc.pendingApprovals(principals.acmeViewer);
    expect(pending.map((approval) => approval.id)).toEqual([proposal.approval?.id]);
    const detail = await soc.getCase(principals.acmeViewer, { tenant: 'acme', id: acmeCase.id });
    expect(detail.timeline.map((entry) => entry.event.type)).toContain('approval');
  });

  it('is refused by a denying policy, and a malformed command names its field', async () => {
    const { soc } = await socFixture({
      policy: {
        version: 1,
        defaultDecision: 'deny',
        protections: [],
        rules: [],
        limits: [],
      },
    });
    const refused = await soc.proposeAction(principals.acmeAnalyst, {
      tenant: 'acme',
      command: containCommand('req-acme-3'),
      reason: 'x',
    });
    expect(refused).toMatchObject({ status: 'refused', approval: null });
    expect(await soc.pendingApprovals(principals.acmeViewer)).toEqual([]);
    let error: unknown;
    try {
      await soc.proposeAction(principals.acmeAnalyst, {
        tenant: 'acme',
        command: { request_id: 'r', action: 'contain', target: { device: { device_id: 7 } } },
        reason: 'x',
      });
    } catch (caught) {
      error = caught;
    }
    expect(DashboardError.isInstance(error) && error.code).toBe('DASHBOARD_INVALID');
    expect(String((error as DashboardError).details?.['path'])).toMatch(/^command\.target/);
  });
});

describe('audit', () => {
  it('records every mutation as access.call and the chain verifies', async () => {
    const { soc, store, acmeCase } = await socFixture();
    await soc.addCaseComment(principals.acmeAnalyst, {
      tenant: 'acme',
      caseId: acmeCase.id,
      text: 'isolating now',
    });
    const proposal = await soc.proposeAction(principals.acmeAnalyst, {
      tenant: 'acme',
      command: containCommand('req-acme-4'),
      reason: 'x',
    });
    await soc.decideApproval(principals.acmeApprover, {
      tenant: 'acme',
      id: proposal.approval?.id ?? '',
      decision: 'approve',
      reason: 'confirmed',
    });
    await codeOf(
      soc.addCaseComment(principals.acmeAnalyst, { tenant: 'acme', caseId: 'nope', text: 'x' }),
    );
    await codeOf(
      soc.proposeAction(principals.acmeViewer, {
        tenant: 'acme',
        command: containCommand('req-acme-5'),
        reason: 'x',
      }),
    );
    await codeOf(
      soc.proposeAction(principals.acmeAnalyst, { tenant: 'acme', command: {}, reason: 'x' }),
    );
    await codeOf(
      soc.addCaseComment(principals.acmeAnalyst, { tenant: 'globex', caseId: 'x', text: 'x' }),
    );
    const { AuditLog } = await import('@openmdr/response');
    const audit = new AuditLog(store.forTenant('acme'));
    const records = await audit.read();
    const calls = records
      .filter((record) => record.type === 'access.call')
      .map((record) => {
        const data = record.data as { operation: string; outcome: string; code?: string };
        return `${record.actor} ${data.operation} ${data.outcome}${data.code ? ` ${data.code}` : ''}`;
      });
    expect(calls).toEqual([
      'ana@acme addCaseComment ok',
      'ana@acme proposeAction ok',
      'lead@acme decideApproval ok',
      'ana@acme addCaseComment failed DASHBOARD_NOT_FOUND',
      'vera@acme proposeAction failed DASHBOARD_FORBIDDEN',
      'ana@acme proposeAction failed DASHBOARD_INVALID',
    ]);
    expect(records.map((record) => record.type)).toContain('approval.decided');
    expect((await audit.verify()).valid).toBe(true);
    expect(verifyAuditRecords(records).valid).toBe(true);
    expect(await new AuditLog(store.forTenant('globex')).read()).toEqual([]);
  });
});

describe('subscribe', () => {
  it('delivers the events of the principal tenants only, compact and without raw payloads', async () => {
    const { soc, bus } = await socFixture();
    const acme: LiveEvent[] = [];
    const all: LiveEvent[] = [];
    const stop = await soc.subscribe(principals.acmeViewer, {}, (event) => acme.push(event));
    await soc.subscribe(principals.mssp, { tenant: '*' }, (event) => all.push(event));
    expect(await codeOf(soc.subscribe(principals.acmeViewer, { tenant: 'globex' }, () => {}))).toBe(
      'DASHBOARD_FORBIDDEN',
    );
    const secret = 'password=hunter2-very-secret';
    bus.emit('finding.created', {
      tenant: 'acme',
      id: 'f-1',
      finding: finding('f-1', { raw_data: secret, message: secret }),
    });
    bus.emit('finding.created', { tenant: 'globex', id: 'f-2', finding: finding('f-2') });
    bus.emit('stream.metrics', { tenant: 'acme', stream: 's', group: 'g', partitions: [], at: 1 });
    expect(acme.map((event) => `${event.type} ${event.tenant}`)).toEqual(['finding.created acme']);
    expect(acme[0]?.data).toMatchObject({ id: 'f-1', severity: 'High', score: 72 });
    expect(JSON.stringify(acme)).not.toContain('hunter2');
    expect(all.map((event) => event.tenant)).toEqual(['acme', 'globex']);
    stop();
    bus.emit('finding.created', { tenant: 'acme', id: 'f-3', finding: finding('f-3') });
    expect(acme).toHaveLength(1);
  });
});

describe('subscribe, busy and changing sources', () => {
  it('forwards case changes, and a pipeline checkpoint at most once per 5 s per pipeline', async () => {
    const { soc, bus, clock, acmeCase } = await socFixture();
    const seen: LiveEvent[] = [];
    await soc.subscribe(principals.acmeViewer, {}, (event) => seen.push(event));
    const checkpoint = (pipeline: string) =>
      bus.emit('checkpoint.committed', { tenant: 'acme', pipeline, source: pipeline, position: 1 });
    checkpoint('zeek');
    checkpoint('zeek');
    checkpoint('okta');
    clock.advance(5_000);
    checkpoint('zeek');
    bus.emit('case.changed', { tenant: 'acme', id: acmeCase.id, changes: ['status'], at: 1 });
    expect(seen.map((event) => `${event.type} ${String(event.data['pipeline'] ?? '')}`)).toEqual([
      'checkpoint.committed zeek',
      'checkpoint.committed okta',
      'checkpoint.committed zeek',
      'case.changed ',
    ]);
    expect(seen[3]?.data).toEqual({ id: acmeCase.id, at: 1, changes: ['status'] });
  });

  it('shows a case changed through a CaseService on the same bus on the next read', async () => {
    const { soc, bus, store, clock, acmeCase } = await socFixture();
    expect((await soc.listCases(principals.acmeViewer)).items[0]?.status).toBe('new');
    expect((await soc.slaClocks(principals.acmeViewer)).map((row) => row.clock.metric)).toEqual([
      'mtta',
      'mttc',
      'mttr',
    ]);
    expect(await soc.slaClocks(principals.acmeViewer, { limit: 1 })).toHaveLength(1);
    await new CaseService({ store, clock, bus })
      .forTenant('acme')
      .transition(acmeCase.id, 'triage', { by: 'kim' });
    // Well within the cache's TTL and the clocks' resolution: the change came with its
    // case.changed: the acknowledge clock stopped and the investigate clock (no target, so
    // last) started.
    expect((await soc.listCases(principals.acmeViewer)).items[0]?.status).toBe('triage');
    expect((await soc.slaClocks(principals.acmeViewer)).map((row) => row.clock.metric)).toEqual([
      'mttc',
      'mttr',
      'mtti',
    ]);
  });
});

describe('reads', () => {
  it('metric trends measure the cases of each UTC day; clocks list the most urgent first', async () => {
    const { soc, clock, caseService, acmeCase } = await socFixture({ caseCacheTtlMs: 0 });
    const cases = caseService.forTenant('acme');
    clock.advance(10 * MINUTE);
    await cases.transition(acmeCase.id, 'triage');
    clock.advance(50 * MINUTE);
    await cases.transition(acmeCase.id, 'investigating');
    await cases.transition(acmeCase.id, 'contained');
    const days = await soc.metricTrends(principals.acmeViewer, { days: 2 });
    expect(days).toHaveLength(2);
    expect(days[1]).toMatchObject({
      day: Date.UTC(2026, 11, 7),
      cases: 1,
      mttaMs: 10 * MINUTE,
      mttcMs: 60 * MINUTE,
      mttrMs: null,
    });
    expect(days[0]?.cases).toBe(0);
    const clocks = await soc.slaClocks(principals.acmeViewer);
    expect(clocks.map((row) => row.clock.metric)).toEqual(['mttr']);
    expect(clocks[0]?.clock.dueAt).toBe(T0 + 600 * MINUTE);
  });

  it('re-evaluates SLA clocks of the overview in the background, at most once a second', async () => {
    const { soc, clock } = await socFixture();
    expect((await soc.overview(principals.acmeViewer)).sla).toEqual({
      running: 3,
      atRisk: 0,
      breached: 0,
    });
    clock.advance(31 * MINUTE);
    // This read starts the evaluation and answers with the previous one.
    expect((await soc.overview(principals.acmeViewer)).sla.breached).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect((await soc.overview(principals.acmeViewer)).sla).toEqual({
      running: 2,
      atRisk: 0,
      breached: 1,
    });
  });

  it('draws the investigation graph stored for a case, and null without one', async () => {
    const { soc, store, acmeCase } = await socFixture();
    const detail = () => soc.getCase(principals.acmeViewer, { tenant: 'acme', id: acmeCase.id });
    expect((await detail()).graph).toBeNull();
    const seen = { firstSeen: T0, lastSeen: T0, count: 1 };
    await createInvestigationStore(store.forTenant('acme')).saveGraph(acmeCase.id, {
      nodes: [
        { id: 'host:fin-ws-07', kind: 'host', name: 'fin-ws-07', attributes: {}, ...seen },
        { id: 'process:42', kind: 'process', uid: '42', attributes: { pid: 42 }, ...seen },
      ],
      edges: [
        {
          id: 'process:42|executed-on|host:fin-ws-07',
          from: 'process:42',
          to: 'host:fin-ws-07',
          kind: 'executed-on',
          evidence: [],
          ...seen,
        },
      ],
    });
    expect((await detail()).graph).toEqual({
      nodes: [
        { id: 'host:fin-ws-07', kind: 'host', label: 'fin-ws-07' },
        { id: 'process:42', kind: 'process', label: '42' },
      ],
      edges: [{ from: 'process:42', to: 'host:fin-ws-07', kind: 'executed-on' }],
    });
  });

  it('runs a hunt over the tenant events and reports hits per rule', async () => {
    const { soc, store } = await socFixture();
    await store.forTenant('acme').log.append('events', [
      {
        class_uid: 4003,
        activity_id: 1,
        time: T0 - MINUTE,
        metadata: { product: { name: 'Infoblox NIOS' }, log_name: 'dns' },
        query: { hostname: 'api.telegram.org', type: 'A' },
      },
      {
        class_uid: 4003,
        activity_id: 1,
        time: T0 - MINUTE,
        metadata: { product: { name: 'Infoblox NIOS' }, log_name: 'dns' },
        query: { hostname: 'example.com', type: 'A' },
      },
    ]);
    const rule = [
      'title: Telegram API lookups',
      'id: 7a3f0c2e-1b2d-4c5e-8f9a-0b1c2d3e4f5a',
      'logsource:',
      '  category: dns',
      'detection:',
      '  selection:',
      '    query|contains: api.telegram.org',
      '  condition: selection',
      'level: medium',
    ].join('\n');
    const summary = await soc.runHunt(principals.acmeAnalyst, {
      tenant: 'acme',
      hunt: { name: 'telegram sweep', rules: [rule], range: { from: T0 - 3_600_000, to: T0 } },
    });
    expect(summary.failures).toEqual([]);
    expect(summary.hits).toBe(1);
    expect(summary.hitsByRule).toEqual({ '7a3f0c2e-1b2d-4c5e-8f9a-0b1c2d3e4f5a': 1 });
    expect(await codeOf(soc.runHunt(principals.acmeAnalyst, { tenant: 'acme', hunt: {} }))).toBe(
      'DASHBOARD_INVALID',
    );
  });
});
