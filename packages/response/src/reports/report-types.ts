import type { ClientFeedback, Lesson } from '../learning/lesson-types.js';
import type { PrecisionRow } from '../learning/precision.js';
import type { CaseClassification, ConnectorHealth } from './report-input.js';
import type { ReportPeriod } from './report-period.js';

/** SLA figures of one metric for one severity. */
export interface SlaScore {
  /** Cases measured (both timestamps reached). */
  count: number;
  /** Median and 90th percentile (ms), or `null` without measurements. */
  p50Ms: number | null;
  p90Ms: number | null;
  /** The policy target (ms), or `null` when none is set. */
  targetMs: number | null;
  /** Measured cases within target (ms ≤ target). */
  withinTarget: number;
  /** `withinTarget / count` with a target, else `null`. */
  withinTargetRate: number | null;
}

/** One line of the incident log. */
export interface IncidentLogEntry {
  caseId: string;
  title: string;
  severity: string;
  priority: string;
  status: string;
  classification: CaseClassification | null;
  /**
   * Where the classification comes from: the case's latest `verdict`, an `explicit`
   * classification of the input, or the `closing-reason` heuristic (cases without a verdict).
   */
  classificationSource: 'verdict' | 'explicit' | 'closing-reason' | null;
  detectedAt: number;
  containedAt: number | null;
  closedAt: number | null;
  techniques: string[];
  /** The timeline, as short sentences. */
  timeline: { at: number; text: string }[];
}

/** What became of a response action: done, failed, refused (policy or approver), or still running. */
export type ReportedActionOutcome = 'completed' | 'failed' | 'refused' | 'pending';

/** One response action, from the audit log. */
export interface ReportedAction {
  requestId: string;
  at: number;
  kind: string;
  target: string;
  requestedBy: string;
  outcome: ReportedActionOutcome;
  /** Who approved it, when an approval was needed. */
  approvedBy: string | null;
}

/** A compliance requirement and the evidence the period's activity gives for it. */
export interface ComplianceEvidence {
  framework: 'PCI DSS v4.0' | 'HIPAA Security Rule' | 'GDPR' | 'NIS2';
  requirement: string;
  title: string;
  /** `evidenced`: activity supports it; `attention`: something needs a person; `not-applicable`. */
  status: 'evidenced' | 'attention' | 'not-applicable';
  evidence: string[];
}

/** A tenant's report for a month or a quarter (JSON; `schemaVersion` changes on breaking edits). */
export interface TenantReport {
  schemaVersion: 1;
  tenant: string;
  period: ReportPeriod;
  generatedAt: number;
  slaPolicy: string;
  summary: {
    events: number | null;
    findings: number;
    incidents: number;
    cases: number;
    casesOpen: number;
    casesClosed: number;
    falsePositives: number;
    /** False positives / cases with a judgement, or `null`. */
    falsePositiveRate: number | null;
    /** How many judged cases each source of judgement decided (verdicts first; the heuristic only without one). */
    falsePositiveBasis: { verdict: number; explicit: number; closingReason: number };
    actions: number;
    slaBreaches: number;
  };
  /** Scores by severity (`all` included) and metric. */
  sla: { severity: string; metrics: Record<string, SlaScore> }[];
  funnel: { stage: string; count: number | null }[];
  findingsPerDay: { day: string; count: number }[];
  attack: {
    tactics: { name: string; count: number }[];
    techniques: { id: string; name: string | null; count: number }[];
  };
  topEntities: {
    hosts: { value: string; count: number }[];
    users: { value: string; count: number }[];
    ips: { value: string; count: number }[];
  };
  incidentLog: IncidentLogEntry[];
  actions: { total: number; byOutcome: Record<string, number>; items: ReportedAction[] };
  connectorHealth: (ConnectorHealth & { status: 'healthy' | 'degraded' | 'silent' })[];
  compliance: ComplianceEvidence[];
  /** Verdicts given in the period, and precision per rule and per source from those on findings. */
  verdicts: {
    findings: { truePositives: number; benignTruePositives: number; falsePositives: number };
    cases: { truePositives: number; benignTruePositives: number; falsePositives: number };
    byRule: PrecisionRow[];
    bySource: PrecisionRow[];
  };
  /**
   * Lessons learned as of the period's end (or the report time, if earlier): open ones, overdue
   * ones among them, and those done in the period. `items` lists those open or done in the period.
   */
  lessons: {
    open: number;
    overdue: number;
    doneInPeriod: number;
    items: (Lesson & { state: 'open' | 'overdue' | 'done' })[];
  };
  /** Client feedback given in the period. */
  feedback: { count: number; averageScore: number | null; items: ClientFeedback[] };
  notes: string[];
}
