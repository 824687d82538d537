import type { JsonValue, TenantId } from '@openmdr/core';
import type { VerdictKind, VerdictRole } from '../learning/verdict-types.js';

/** Where a case is in its life, from first sight to closure. */
export type CaseStatus =
  | 'new'
  | 'triage'
  | 'investigating'
  | 'contained'
  | 'eradicated'
  | 'recovered'
  | 'closed';

/** How bad a case is, on the OCSF severity scale (fatal folds into critical). */
export type CaseSeverity = 'informational' | 'low' | 'medium' | 'high' | 'critical';

/** How soon a case is worked: P1 first. */
export type CasePriority = 'P1' | 'P2' | 'P3' | 'P4';

/** An observable (indicator) attached to a case. */
export interface CaseObservable {
  /** The kind, as OCSF names it: `ip`, `hostname`, `file_hash`, `user_name`, … */
  type: string;
  /** The value. */
  value: string;
}

/** A unit of work inside a case. */
export interface CaseTask {
  /** Unique inside the case. */
  id: string;
  /** What to do. */
  title: string;
  /** Who does it, if anyone yet. */
  assignee: string | null;
  /** When it was completed (epoch ms), or `null` while open. */
  completedAt: number | null;
  /** Who completed it. */
  completedBy: string | null;
}

/** A period during which SLA clocks stood still (waiting on the customer, for instance). */
export interface CasePause {
  /** Start (epoch ms). */
  from: number;
  /** End (epoch ms), or `null` while still paused. */
  to: number | null;
  /** Why. */
  reason: string | null;
}

/**
 * The moments SLA metrics are measured between (epoch ms). Each is set once, the first time the
 * case reaches it, and kept through reopening.
 */
export interface CaseTimestamps {
  /** The earliest event of the incident (from the finding's `first_seen_time`, if known). */
  firstEventAt: number | null;
  /** When the incident was detected: the case's creation or the finding's `time`. */
  detectedAt: number;
  /** When someone acknowledged it: the first move to `triage`. */
  acknowledgedAt: number | null;
  /** When investigation started: the first move to `investigating`. */
  investigationStartedAt: number | null;
  /** When it was contained: the first move to `contained`. */
  containedAt: number | null;
  /** When it was eradicated: the first move to `eradicated`. */
  eradicatedAt: number | null;
  /** When it was recovered: the first move to `recovered`. */
  recoveredAt: number | null;
  /** When it was resolved: the latest move to `closed` (cleared on reopen). */
  closedAt: number | null;
}

/** Settings for regulatory notification clocks of a case that is a reportable breach. */
export interface CaseRegulatory {
  /** When the organisation became aware of the breach (epoch ms): the clocks' start. */
  awareAt: number;
  /** Personal data involved: GDPR art. 33 applies. */
  gdpr: boolean;
  /** The organisation is an essential or important entity: NIS2 art. 23 applies. */
  nis2: boolean;
  /** When each notification was submitted (epoch ms), by clock name. */
  submitted: Record<string, number>;
}

/** A case: one incident, worked by people, with its history on the timeline. */
export interface Case {
  /** Unique in the tenant. */
  id: string;
  /** The tenant the case belongs to. */
  tenant: TenantId;
  /** Short description. */
  title: string;
  /** Longer description. */
  description: string | null;
  /** Lifecycle status. */
  status: CaseStatus;
  /** Severity. */
  severity: CaseSeverity;
  /** Priority. */
  priority: CasePriority;
  /** Who works it. */
  assignee: string | null;
  /** Observables. */
  observables: CaseObservable[];
  /** MITRE ATT&CK technique ids (`T1059.001`). */
  techniques: string[];
  /** Tasks. */
  tasks: CaseTask[];
  /** Ids of the findings (OCSF `finding_info.uid`) behind the case. */
  findingIds: string[];
  /** The survivor this case was merged into, or `null`. */
  mergedInto: string | null;
  /** Ids of cases merged into this one. */
  mergedFrom: string[];
  /** SLA-relevant moments. */
  timestamps: CaseTimestamps;
  /** SLA pauses. */
  pauses: CasePause[];
  /** Regulatory clocks, when the case is a reportable breach. */
  regulatory: CaseRegulatory | null;
  /** Creation time (epoch ms). */
  createdAt: number;
  /** Last change (epoch ms). */
  updatedAt: number;
  /** Store version: pass it back as `expectedVersion` for a compare-and-set update. */
  version: number;
}

/** What the timeline records, by `type`. */
export type CaseTimelineEvent =
  | { type: 'created'; by: string | null; source: 'finding' | 'manual' }
  | { type: 'finding'; findingId: string; title: string | null }
  | { type: 'status'; from: CaseStatus; to: CaseStatus; by: string | null; reason: string | null }
  | { type: 'reopened'; by: string | null; reason: string | null }
  | { type: 'comment'; id: string; by: string; text: string }
  | { type: 'assigned'; from: string | null; to: string | null; by: string | null }
  | { type: 'severity'; from: CaseSeverity; to: CaseSeverity; by: string | null }
  | { type: 'priority'; from: CasePriority; to: CasePriority; by: string | null }
  | { type: 'observable'; observable: CaseObservable }
  | { type: 'technique'; technique: string }
  | { type: 'task.added'; task: CaseTask }
  | { type: 'task.completed'; taskId: string; by: string }
  | { type: 'action'; actionId: string; action: string; status: string; detail: JsonValue }
  | {
      type: 'hunt';
      huntId: string;
      name: string;
      /** The query language or backend it ran on (`splunk`, `kql`, `duckdb`, …). */
      target: string;
      /** Hits found; `detail` holds the queries, hits per rule and failures. */
      hits: number;
      by: string | null;
      detail: JsonValue;
    }
  | {
      type: 'approval';
      approvalId: string;
      actionId: string;
      decision: 'requested' | 'approved' | 'rejected' | 'expired';
      by: string | null;
    }
  | { type: 'merged'; children: string[]; by: string | null }
  | { type: 'merged-into'; survivor: string; by: string | null }
  | { type: 'sla.paused'; reason: string | null; by: string | null }
  | { type: 'sla.resumed'; by: string | null }
  | { type: 'regulatory'; gdpr: boolean; nis2: boolean; awareAt: number }
  | { type: 'regulatory.submitted'; clock: string; at: number; by: string | null }
  | CaseLearningEvent;

/**
 * What learning from the incident writes on the case's timeline: verdicts on the case or on one
 * of its findings, the customer's feedback, lessons learned, and the post-incident review.
 */
export type CaseLearningEvent =
  | {
      type: 'verdict';
      /** `case` for a verdict on the whole case, `finding` for one of its findings. */
      subject: 'case' | 'finding';
      /** The finding judged (`finding_info.uid`), for a verdict on a finding. */
      findingId: string | null;
      verdict: VerdictKind;
      reason: string;
      by: string;
      role: VerdictRole;
    }
  | { type: 'feedback'; score: number; comment: string | null; by: string }
  | {
      type: 'lesson';
      lessonId: string;
      title: string;
      kind: string;
      status: 'open' | 'done';
      by: string | null;
    }
  | { type: 'review'; status: 'draft' | 'final'; version: number; by: string | null };

/** One timeline entry: what happened, when, in store order. */
export interface CaseTimelineEntry {
  /** Position in the case's timeline: 1, 2, 3, … */
  sequence: number;
  /** When it happened (epoch ms, from the service's clock). */
  at: number;
  /** What happened. */
  event: CaseTimelineEvent;
}

declare module '@openmdr/core' {
  interface OpenMdrEvents {
    /**
     * A case changed and the change is stored: `changes` lists the timeline event types it added
     * (`created`, `status`, `comment`, `finding`, …). Emitted by a `CaseService` given a `bus`.
     */
    'case.changed': { tenant: TenantId; id: string; changes: string[]; at: number };
  }
}
