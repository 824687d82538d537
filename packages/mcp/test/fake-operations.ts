/**
 * A small in-memory `SocOperations` for the MCP tests: two tenants, a few cases, findings and a
 * response policy, with the tenant and role checks the real operations make (same error codes).
 * Proposals only ever create approvals; `executed` stays empty unless something executes.
 */
import { OpenMdrError } from '@openmdr/core';
import type {
  ActionProposal,
  CaseDetail,
  CaseSummary,
  FindingRow,
  Principal,
  SocOperations,
} from '@openmdr/dashboard';
import type { Approval, Case, CaseTimelineEntry, Command } from '@openmdr/response';

/** The dashboard error codes, thrown the way `DashboardError` throws them. */
export class FakeDashboardError extends OpenMdrError {
  static override readonly marker: symbol = Symbol.for('openmdr.test.mcp.FakeDashboardError');
}

function forbidden(message: string): never {
  throw new FakeDashboardError('DASHBOARD_FORBIDDEN', message);
}

const TENANTS = ['acme', 'globex'] as const;

function makeCase(tenant: string, id: string, title: string, severity: Case['severity']): Case {
  return {
    id,
    tenant,
    title,
    description: null,
    status: 'triage',
    severity,
    priority: 'P2',
    assignee: null,
    observables: [],
    techniques: ['T1059.001'],
    tasks: [],
    findingIds: [],
    mergedInto: null,
    mergedFrom: [],
    timestamps: {},
    pauses: [],
    regulatory: null,
    createdAt: 1_000,
    updatedAt: 2_000,
    version: 1,
  } as unknown as Case;
}

/** The fake's state, for assertions. */
export interface FakeState {
  readonly cases: Case[];
  readonly findings: FindingRow[];
  readonly approvals: Approval[];
  readonly comments: { caseId: string; entry: CaseTimelineEntry }[];
  /** Commands that were executed: must stay empty, nothing here executes. */
  readonly executed: Command[];
}

/** The fake operations and their state. */
export function fakeOperations(): { operations: SocOperations; state: FakeState } {
  const state: FakeState = {
    cases: [
      makeCase('acme', 'case-1', 'PowerShell download cradle on web-01', 'high'),
      makeCase('acme', 'case-2', 'Impossible travel for bob', 'medium'),
      makeCase('globex', 'case-9', 'Globex secret incident', 'critical'),
    ],
    findings: [
      {
        tenant: 'acme',
        id: 'f-1',
        time: 5_000,
        title: 'Encoded PowerShell',
        severity: 'High',
        severityId: 4,
        source: 'sigma',
        tactics: ['execution'],
        techniques: ['T1059.001'],
        score: 82,
      },
      {
        tenant: 'globex',
        id: 'f-9',
        time: 6_000,
        title: 'Globex finding',
        severity: 'Critical',
        severityId: 5,
        source: 'crowdstrike',
        tactics: [],
        techniques: [],
        score: 95,
      },
    ],
    approvals: [],
    comments: [],
    executed: [],
  };

  const visible = (principal: Principal): readonly string[] =>
    principal.tenants === '*'
      ? TENANTS
      : principal.tenants.filter((t) => TENANTS.includes(t as never));
  const select = (principal: Principal, tenant: string | undefined): readonly string[] => {
    if (tenant === '*') {
      if (!principal.roles.includes('mssp')) forbidden("tenant '*' needs the mssp role");
      return visible(principal);
    }
    if (tenant === undefined) {
      const own = visible(principal);
      if (own.length !== 1 || own[0] === undefined)
        throw new FakeDashboardError('DASHBOARD_TENANT_REQUIRED', 'choose a tenant');
      return own;
    }
    if (!visible(principal).includes(tenant)) forbidden(`no access to tenant ${tenant}`);
    return [tenant];
  };
  const requireAnalyst = (principal: Principal): void => {
    if (!principal.roles.some((role) => role === 'analyst' || role === 'approver'))
      forbidden('this needs the analyst role');
  };
  const findCase = (tenant: string, id: string): Case => {
    const found = state.cases.find((c) => c.tenant === tenant && c.id === id);
    if (found === undefined) throw new FakeDashboardError('DASHBOARD_NOT_FOUND', `no case ${id}`);
    return found;
  };
  const summary = (c: Case): CaseSummary => ({
    tenant: c.tenant,
    id: c.id,
    title: c.title,
    status: c.status,
    severity: c.severity,
    priority: c.priority,
    assignee: c.assignee,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    nextDue: null,
  });

  const operations: SocOperations = {
    async tenantsOf(principal) {
      return visible(principal);
    },
    async overview(principal, input) {
      const tenants = select(principal, input?.tenant);
      const cases = state.cases.filter((c) => tenants.includes(c.tenant));
      return {
        generatedAt: 10_000,
        tenants,
        cases: {
          open: cases.length,
          byStatus: { triage: cases.length } as never,
          bySeverity: {} as never,
        },
        incidents: { open: 0, bySeverity: {} },
        sla: { running: 0, atRisk: 0, breached: 0 },
        approvals: {
          pending: state.approvals.filter((a) => tenants.includes(a.tenant)).length,
        },
        findings: { lastHour: 0, last24Hours: 0 },
        connectors: { healthy: 0, unhealthy: 0 },
      };
    },
    async listCases(principal, input) {
      const tenants = select(principal, input?.tenant);
      const words = (input?.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
      const items = state.cases
        .filter((c) => tenants.includes(c.tenant))
        .filter((c) => input?.severity === undefined || c.severity === input.severity)
        .filter((c) => words.every((w) => c.title.toLowerCase().includes(w)))
        .map(summary);
      const offset = input?.offset ?? 0;
      const limit = input?.limit ?? 50;
      return { items: items.slice(offset, offset + limit), total: items.length, offset, limit };
    },
    async getCase(principal, input): Promise<CaseDetail> {
      const [tenant] = select(principal, input.tenant);
      const found = findCase(tenant as string, input.id);
      return {
        case: found,
        timeline: state.comments.filter((c) => c.caseId === found.id).map((c) => c.entry),
        sla: [],
        graph: null,
      };
    },
    async slaClocks(principal, input) {
      select(principal, input?.tenant);
      return [];
    },
    async metricTrends(principal, input) {
      select(principal, input?.tenant);
      return [];
    },
    async findingsPerHour(principal, input) {
      select(principal, input?.tenant);
      return [];
    },
    async searchFindings(principal, input) {
      const tenants = select(principal, input?.tenant);
      const items = state.findings.filter(
        (f) =>
          tenants.includes(f.tenant) &&
          (input?.minSeverityId === undefined || f.severityId >= input.minSeverityId) &&
          (input?.since === undefined || f.time >= input.since),
      );
      return { items, total: items.length, offset: 0, limit: 50 };
    },
    async explainScore(principal, input) {
      const [tenant] = select(principal, input.tenant);
      const finding = state.findings.find((f) => f.tenant === tenant && f.id === input.findingId);
      if (finding === undefined) throw new FakeDashboardError('DASHBOARD_NOT_FOUND', 'no finding');
      return {
        tenant: finding.tenant,
        findingId: finding.id,
        score: finding.score,
        level: 'high',
        explanation: 'severity and technique',
        factors: [{ name: 'severity', value: 4, weight: 0.5 }],
      };
    },
    async connectorHealth(principal, input) {
      select(principal, input?.tenant);
      return [];
    },
    async playbookRuns(principal, input) {
      select(principal, input?.tenant);
      return [];
    },
    async pendingApprovals(principal, input) {
      const tenants = select(principal, input?.tenant);
      return state.approvals.filter((a) => tenants.includes(a.tenant) && a.status === 'pending');
    },
    async decideApproval() {
      throw new Error('not offered over MCP');
    },
    async addCaseComment(principal, input) {
      const [tenant] = select(principal, input.tenant);
      requireAnalyst(principal);
      findCase(tenant as string, input.caseId);
      const entry = {
        sequence: state.comments.length + 1,
        at: 7_000,
        event: { type: 'comment', by: principal.id, text: input.text },
      } as unknown as CaseTimelineEntry;
      state.comments.push({ caseId: input.caseId, entry });
      return entry;
    },
    async proposeAction(principal, input): Promise<ActionProposal> {
      const [tenant] = select(principal, input.tenant);
      requireAnalyst(principal);
      const command = input.command as Command;
      if (command.action === 'delete')
        return {
          tenant: tenant as string,
          status: 'refused',
          approval: null,
          policy: { decision: 'deny', reason: 'delete is never allowed' },
        };
      const approval = {
        id: `approval:${command.request_id}`,
        tenant: tenant as string,
        requestId: command.request_id,
        command,
        reason: input.reason,
        requestedBy: principal.id,
        requestedAt: 8_000,
        expiresAt: 9_000_000,
        approverGroups: ['soc-leads'],
        status: 'pending',
      } as Approval;
      state.approvals.push(approval);
      return {
        tenant: tenant as string,
        status: 'pending-approval',
        approval,
        policy: { decision: 'require-approval', reason: 'containment needs a lead' },
      };
    },
    async runHunt(principal, input) {
      const [tenant] = select(principal, input.tenant);
      requireAnalyst(principal);
      const hunt = input.hunt as { tenant?: unknown; name?: unknown };
      if (hunt.tenant !== undefined && hunt.tenant !== tenant)
        throw new FakeDashboardError('DASHBOARD_INVALID', 'hunt tenant');
      return { tenant: tenant as string, hits: 1, hitsByRule: { r1: 1 }, failures: [], sample: [] };
    },
    async subscribe(principal, input) {
      select(principal, input.tenant);
      return () => undefined;
    },
  };
  return { operations, state };
}

/** Principals of the tests. */
export const PRINCIPALS = {
  acmeAnalyst: { id: 'ann@acme.test', tenants: ['acme'], roles: ['analyst'] },
  acmeViewer: { id: 'vic@acme.test', tenants: ['acme'], roles: ['viewer'] },
  globexAnalyst: { id: 'gus@globex.test', tenants: ['globex'], roles: ['analyst'] },
  mssp: { id: 'max@mssp.test', tenants: '*', roles: ['viewer', 'mssp'] },
} as const satisfies Record<string, Principal>;
