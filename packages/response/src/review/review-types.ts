/**
 * The post-incident review of a closed case, after NIST SP 800-61r3's post-incident activity:
 * what happened, the attacker's and the SOC's timelines, scope, origin and impact, detection gaps,
 * response times against the SLA, what worked and what to change.
 */
import type { ImpactMarker, InvestigationOrigin, InvestigationScope } from '@openmdr/investigation';
import type { LessonKind } from '../learning/lesson-types.js';
import type { VerdictKind } from '../learning/verdict-types.js';
import type { SlaMetric } from '../sla/sla-metrics.js';

/** A line of the attacker's timeline (from the investigation's super-timeline). */
export interface ReviewAttackerEntry {
  time: number;
  source: string;
  type: 'event' | 'finding';
  host: string | null;
  user: string | null;
  summary: string;
  techniques: string[];
}

/** A line of the SOC's timeline (from the case's timeline). */
export interface ReviewSocEntry {
  at: number;
  text: string;
}

/**
 * A detection gap: a rule that fired late after the activity it detects (`late`), or an impact
 * the investigation found that no finding detected (`missed`).
 */
export interface DetectionGap {
  kind: 'late' | 'missed';
  /** The rule (`late`), or `null` (`missed`). */
  ruleId: string | null;
  ruleName: string | null;
  /** The impact marker kind (`credential-access`, …) of a `missed` gap, or the finding's first technique. */
  impact: string | null;
  technique: string | null;
  /** When the activity happened (epoch ms). */
  activityAt: number;
  /** When the rule fired (epoch ms); `null` when nothing fired. */
  detectedAt: number | null;
  /** `detectedAt - activityAt`, or `null`. */
  delayMs: number | null;
  summary: string;
}

/** How long one rule took to fire after the activity it detected. */
export interface RuleLatency {
  ruleId: string;
  ruleName: string | null;
  findings: number;
  /** The earliest activity its findings cover (epoch ms). */
  firstActivityAt: number;
  /** When it first fired (epoch ms). */
  firstFiredAt: number;
  delayMs: number;
  /** Fired after the incident's first event by (ms), when that is known. */
  sinceIncidentStartMs: number | null;
  late: boolean;
}

/** One response step measured against its SLA target. */
export interface ResponseStep {
  metric: SlaMetric;
  /** `Detect`, `Acknowledge`, `Investigate`, `Contain`, `Resolve`. */
  label: string;
  /** Measured (ms, SLA pauses excluded), or `null` when the step was not reached. */
  ms: number | null;
  targetMs: number | null;
  /** `null` without a target or a measurement. */
  withinTarget: boolean | null;
}

/** One response action on the case, from the audit log. */
export interface ReviewAction {
  requestId: string;
  kind: string;
  target: string;
  requestedBy: string;
  approvedBy: string | null;
  outcome: string;
  requestedAt: number;
  /** From request to the last response (ms), when answered. */
  durationMs: number | null;
  /** From approval request to decision (ms), when an approval was needed. */
  approvalWaitMs: number | null;
}

/** A suggested change, which the team may turn into a lesson learned. */
export interface ReviewChange {
  text: string;
  /** The lesson kind it would be. */
  kind: LessonKind;
  ruleId?: string;
}

/** The review's content (what an editor may change is everything but the case link). */
export interface PostIncidentReviewContent {
  caseId: string;
  title: string;
  severity: string;
  /** The case's verdict in force, when judged. */
  verdict: VerdictKind | null;
  /** What happened, in a few sentences. */
  summary: string;
  detectedAt: number;
  containedAt: number | null;
  closedAt: number | null;
  /** The attacker's timeline (at most 200 lines; `attackerTimelineOmitted` counts the rest). */
  attackerTimeline: ReviewAttackerEntry[];
  attackerTimelineOmitted: number;
  socTimeline: ReviewSocEntry[];
  /** From the investigation when given, else from the case's observables. */
  scope: InvestigationScope;
  origin: InvestigationOrigin | null;
  impact: ImpactMarker[];
  detectionGaps: DetectionGap[];
  ruleLatency: RuleLatency[];
  responseTimes: ResponseStep[];
  actions: ReviewAction[];
  whatWorked: string[];
  whatToChange: ReviewChange[];
  /** Free notes of the reviewers. */
  notes: string[];
}

/** A stored review: content plus status and versioning. */
export interface PostIncidentReview extends PostIncidentReviewContent {
  tenant: string;
  status: 'draft' | 'final';
  createdAt: number;
  createdBy: string;
  updatedAt: number;
  updatedBy: string;
  finalizedAt: number | null;
  finalizedBy: string | null;
  /** Store version: pass it back as `expectedVersion` to update. */
  version: number;
}
