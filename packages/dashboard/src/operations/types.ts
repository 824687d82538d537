/**
 * The SOC operations: one typed function per thing the dashboard shows or does, shared by the
 * JSON API (`createDashboardHandler`) and the MCP tools (`@openmdr/mcp`). Every operation takes the
 * calling {@link Principal} first and checks tenant and role before it reads anything.
 *
 * Tenant selection (`tenant` in every input): a tenant id; `'*'` for every tenant the principal
 * may see (refused without the `mssp` role); omitted means the principal's only tenant (refused
 * with `DASHBOARD_TENANT_REQUIRED` when it has several).
 */
import type { OcsfObject } from '@openmdr/core';
import type {
  Approval,
  Case,
  CaseSeverity,
  CaseStatus,
  CaseTimelineEntry,
  SlaClock,
} from '@openmdr/response';
import type { Principal } from '../access/principal.js';

/** Which tenant(s) a call is about: an id, `'*'` (MSSP only) or omitted (the only one). */
export interface TenantSelector {
  readonly tenant?: string | undefined;
}

/** A page of rows. */
export interface Page<T> {
  readonly items: readonly T[];
  /** Rows matching before paging. */
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
}

/** The tiles: counts across the selected tenants, as of `generatedAt`. */
export interface Overview {
  readonly generatedAt: number;
  readonly tenants: readonly string[];
  readonly cases: {
    readonly open: number;
    readonly byStatus: Readonly<Record<CaseStatus, number>>;
    readonly bySeverity: Readonly<Record<CaseSeverity, number>>;
  };
  readonly incidents: {
    readonly open: number;
    readonly bySeverity: Readonly<Record<string, number>>;
  };
  readonly sla: { readonly running: number; readonly atRisk: number; readonly breached: number };
  readonly approvals: { readonly pending: number };
  readonly findings: { readonly lastHour: number; readonly last24Hours: number };
  readonly connectors: { readonly healthy: number; readonly unhealthy: number };
}

/** A case in a list (no timeline). */
export interface CaseSummary {
  readonly tenant: string;
  readonly id: string;
  readonly title: string;
  readonly status: CaseStatus;
  readonly severity: CaseSeverity;
  readonly priority: Case['priority'];
  readonly assignee: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** The most urgent running clock (least remaining time), if any. */
  readonly nextDue: SlaClock | null;
}

/** Filters of {@link SocOperations.listCases}. */
export interface ListCasesInput extends TenantSelector {
  readonly status?: CaseStatus | undefined;
  readonly open?: boolean | undefined;
  readonly severity?: CaseSeverity | undefined;
  /** Words matched (case-insensitive) in title, description, observables and techniques. */
  readonly query?: string | undefined;
  readonly offset?: number | undefined;
  /** Default 50, at most 500. */
  readonly limit?: number | undefined;
}

/** A node or edge of a case's investigation graph, as drawn. */
export interface GraphView {
  readonly nodes: readonly { readonly id: string; readonly kind: string; readonly label: string }[];
  readonly edges: readonly {
    readonly from: string;
    readonly to: string;
    readonly kind: string;
  }[];
}

/** One case with everything its drill-down page shows. */
export interface CaseDetail {
  readonly case: Case;
  readonly timeline: readonly CaseTimelineEntry[];
  readonly sla: readonly SlaClock[];
  /** The investigation graph, when one was stored for the case; else `null`. */
  readonly graph: GraphView | null;
}

/** A running clock of a case. */
export interface SlaClockRow {
  readonly tenant: string;
  readonly caseId: string;
  readonly title: string;
  readonly severity: CaseSeverity;
  readonly clock: SlaClock;
}

/** The mean times of cases detected on one day (UTC), ms; `null` without data. */
export interface MetricsDay {
  /** Start of the day (epoch ms, UTC). */
  readonly day: number;
  readonly cases: number;
  readonly mttdMs: number | null;
  readonly mttaMs: number | null;
  readonly mttcMs: number | null;
  readonly mttrMs: number | null;
}

/** Findings in one hour. */
export interface FindingsHour {
  /** Start of the hour (epoch ms). */
  readonly hour: number;
  readonly total: number;
  /** By product or analytic that produced them (`sigma`, `crowdstrike`, …). */
  readonly bySource: Readonly<Record<string, number>>;
  /** By ATT&CK tactic name; findings without a tactic under `none`. */
  readonly byTactic: Readonly<Record<string, number>>;
}

/** A finding in a search result. */
export interface FindingRow {
  readonly tenant: string;
  readonly id: string;
  readonly time: number;
  readonly title: string;
  readonly severity: string;
  readonly severityId: number;
  readonly source: string;
  readonly tactics: readonly string[];
  readonly techniques: readonly string[];
  /** The risk score (0–100), when scored. */
  readonly score: number | null;
}

/** Filters of {@link SocOperations.searchFindings}. */
export interface SearchFindingsInput extends TenantSelector {
  readonly query?: string | undefined;
  readonly minSeverityId?: number | undefined;
  /** Epoch ms bounds of the finding time. */
  readonly since?: number | undefined;
  readonly until?: number | undefined;
  readonly offset?: number | undefined;
  readonly limit?: number | undefined;
}

/** A source's health, from what the pipeline reported on the bus. */
export interface ConnectorHealthRow {
  readonly tenant: string;
  /** The pipeline or connector id. */
  readonly connector: string;
  readonly status: 'healthy' | 'lagging' | 'silent' | 'failing';
  readonly lastEventAt: number | null;
  readonly lastCheckpointAt: number | null;
  /** Now minus the newest event's time, when known. */
  readonly lagMs: number | null;
  readonly accepted: number;
  readonly rejected: number;
}

/** A playbook run or response action, newest first. */
export interface PlaybookRunRow {
  readonly tenant: string;
  readonly id: string;
  /** The playbook, or the action for a single command. */
  readonly name: string;
  readonly status: string;
  readonly startedAt: number;
  readonly finishedAt: number | null;
}

/** A pending approval with its tenant. */
export type ApprovalRow = Approval;

/** Input of {@link SocOperations.decideApproval}. */
export interface DecideApprovalInput {
  readonly tenant: string;
  readonly id: string;
  readonly decision: 'approve' | 'deny';
  readonly reason: string;
}

/** A finding's risk score and why. */
export interface ScoreExplanation {
  readonly tenant: string;
  readonly findingId: string;
  readonly score: number | null;
  readonly level: string | null;
  readonly explanation: string;
  /** The factors, as the scorer reported them. */
  readonly factors: readonly {
    readonly name: string;
    readonly value: unknown;
    readonly weight?: number;
  }[];
}

/** Input of {@link SocOperations.proposeAction}: an OpenC2-style command to propose. */
export interface ProposeActionInput {
  readonly tenant: string;
  /** The case it is for, recorded on the case timeline. */
  readonly caseId?: string | undefined;
  /** The command, in `@openmdr/response`'s `Command` shape (validated). */
  readonly command: unknown;
  readonly reason: string;
}

/** What became of a proposal: never executed here; an approval when policy allows it. */
export interface ActionProposal {
  readonly tenant: string;
  /** `pending-approval`: waits for an approver; `refused`: the policy denies it. */
  readonly status: 'pending-approval' | 'refused';
  readonly approval: Approval | null;
  /** The policy's decision and reason. */
  readonly policy: { readonly decision: string; readonly reason: string };
}

/** Input of {@link SocOperations.runHunt}. */
export interface RunHuntInput {
  readonly tenant: string;
  /** The hunt, in `@openmdr/hunting`'s `Hunt` shape (validated). */
  readonly hunt: unknown;
}

/** A hunt's outcome, summarised. */
export interface HuntSummary {
  readonly tenant: string;
  readonly hits: number;
  readonly hitsByRule: Readonly<Record<string, number>>;
  readonly failures: readonly { readonly rule: string; readonly reason: string }[];
  /** The first hits (at most 100). */
  readonly sample: readonly OcsfObject[];
}

/** A bus event as the live stream delivers it (to principals who may see its tenant). */
export interface LiveEvent {
  /** The bus event name (`finding.created`, `approval.decided`, …). */
  readonly type: string;
  readonly tenant: string;
  /** When the dashboard saw it (epoch ms). */
  readonly at: number;
  /** A compact, secret-free view of the payload. */
  readonly data: Readonly<Record<string, unknown>>;
}

/** The SOC operations. Each checks the principal's tenants and roles, and audits mutations. */
export interface SocOperations {
  /** The tenants a principal may select (all known tenants for `'*'`). */
  tenantsOf(principal: Principal): Promise<readonly string[]>;
  overview(principal: Principal, input?: TenantSelector): Promise<Overview>;
  listCases(principal: Principal, input?: ListCasesInput): Promise<Page<CaseSummary>>;
  getCase(principal: Principal, input: { tenant: string; id: string }): Promise<CaseDetail>;
  /** The most urgent running clocks first (least time remaining): `limit` rows, default 100, at most 1,000. */
  slaClocks(
    principal: Principal,
    input?: TenantSelector & { limit?: number | undefined },
  ): Promise<readonly SlaClockRow[]>;
  metricTrends(
    principal: Principal,
    input?: TenantSelector & { days?: number | undefined },
  ): Promise<readonly MetricsDay[]>;
  findingsPerHour(
    principal: Principal,
    input?: TenantSelector & { hours?: number | undefined },
  ): Promise<readonly FindingsHour[]>;
  searchFindings(principal: Principal, input?: SearchFindingsInput): Promise<Page<FindingRow>>;
  explainScore(
    principal: Principal,
    input: { tenant: string; findingId: string },
  ): Promise<ScoreExplanation>;
  connectorHealth(
    principal: Principal,
    input?: TenantSelector,
  ): Promise<readonly ConnectorHealthRow[]>;
  playbookRuns(
    principal: Principal,
    input?: TenantSelector & { limit?: number | undefined },
  ): Promise<readonly PlaybookRunRow[]>;
  pendingApprovals(principal: Principal, input?: TenantSelector): Promise<readonly ApprovalRow[]>;
  /** Approve or deny (role `approver` and one of the approval's groups). Audited. */
  decideApproval(principal: Principal, input: DecideApprovalInput): Promise<Approval>;
  /** Role `analyst`. Audited. */
  addCaseComment(
    principal: Principal,
    input: { tenant: string; caseId: string; text: string },
  ): Promise<CaseTimelineEntry>;
  /** Role `analyst`. Evaluates policy and requests approval; never executes. Audited. */
  proposeAction(principal: Principal, input: ProposeActionInput): Promise<ActionProposal>;
  /** Role `analyst`. Runs over the tenant's stored events. Audited. */
  runHunt(principal: Principal, input: RunHuntInput): Promise<HuntSummary>;
  /**
   * Live bus events of the selected tenants, filtered for the principal. Returns the function
   * that stops the subscription.
   */
  subscribe(
    principal: Principal,
    input: TenantSelector,
    listener: (event: LiveEvent) => void,
  ): Promise<() => void>;
}
