/** Drafting the post-incident review of a case: a pure function of the case, its records and the investigation. */
import type {
  InvestigationAssessment,
  InvestigationGraph,
  InvestigationScope,
  TimelineEntry,
} from '@openmdr/investigation';
import type { AuditRecord } from '../audit/audit-record.js';
import type { Case, CaseTimelineEntry } from '../cases/case-types.js';
import { findingFacts, stringsAtPath } from '../learning/finding-facts.js';
import { latestVerdicts } from '../learning/latest-verdicts.js';
import type { Verdict } from '../learning/verdict-types.js';
import { actionsFromAudit } from '../reports/report-actions.js';
import { formatDuration } from '../reports/report-format.js';
import { timelineText } from '../reports/report-incidents.js';
import {
  measureSlaMetric,
  SLA_METRIC_NAMES,
  type SlaMetric,
  targetMs,
} from '../sla/sla-metrics.js';
import { type SlaPolicy, targetsFor } from '../sla/sla-policy.js';
import type {
  DetectionGap,
  PostIncidentReviewContent,
  ResponseStep,
  ReviewAction,
  ReviewAttackerEntry,
  ReviewChange,
  RuleLatency,
} from './review-types.js';

/** What {@link draftPostIncidentReview} reads. */
export interface DraftReviewInput {
  case: Case;
  /** The case's timeline (`cases.timeline(id)`): the SOC's side of the story. */
  caseTimeline: readonly CaseTimelineEntry[];
  /** The tenant's response audit records: the case's actions are those its timeline names. */
  audit: readonly AuditRecord[];
  /** The investigation of the incident's events, when one was run: the attacker's side. */
  investigation?: {
    graph?: InvestigationGraph;
    timeline?: readonly TimelineEntry[];
    assessment?: InvestigationAssessment;
  };
  slaPolicy: SlaPolicy;
  /** The case's findings (OCSF objects): the detections measured for latency and coverage. */
  findings: readonly Record<string, unknown>[];
  /** The tenant's verdicts (the case's and its findings' are used). */
  verdicts?: readonly Verdict[];
  /**
   * A rule is late when it fired more than this after the activity (ms). Default: the SLA detect
   * target of the case's severity, else 15 minutes.
   */
  lateAfterMs?: number;
  /** Lines of the attacker's timeline kept. Default 200. */
  maxAttackerEntries?: number;
}

const STEP_LABELS: Record<SlaMetric, string> = {
  mttd: 'Detect',
  mtta: 'Acknowledge',
  mtti: 'Investigate',
  mttc: 'Contain',
  mttr: 'Resolve',
};

const baseTechnique = (id: string) => id.split('.')[0]?.toUpperCase() ?? id;

function numberAt(value: unknown, path: string): number | null {
  const found = stringsAtPath(value, path)
    .map(Number)
    .filter((item) => Number.isFinite(item));
  return found.length === 0 ? null : Math.min(...found);
}

interface MeasuredFinding {
  /** Lower-case command lines and executable paths the finding names. */
  processes: Set<string>;
  ruleId: string;
  ruleName: string | null;
  firedAt: number;
  activityAt: number;
  techniques: Set<string>;
  relatedEvents: Set<string>;
}

function measureFinding(
  finding: Record<string, unknown>,
  timelineTimes: ReadonlyMap<string, number>,
): MeasuredFinding | null {
  const facts = findingFacts(finding);
  const firedAt = numberAt(finding, 'finding_info.created_time') ?? facts.time;
  if (facts.ruleId === null || firedAt === null) return null;
  const relatedEvents = new Set([
    ...stringsAtPath(finding, 'finding_info.related_events.uid'),
    ...stringsAtPath(finding, 'evidences.data.event_uid'),
  ]);
  const candidates = [firedAt, facts.time ?? firedAt];
  const firstSeen = numberAt(finding, 'finding_info.first_seen_time');
  if (firstSeen !== null) candidates.push(firstSeen);
  for (const id of relatedEvents) {
    const at = timelineTimes.get(id);
    if (at !== undefined) candidates.push(at);
  }
  const techniques = new Set(
    [
      'finding_info.attacks.technique.uid',
      'finding_info.attacks.sub_technique.uid',
      'attacks.technique.uid',
      'attacks.sub_technique.uid',
    ].flatMap((path) => stringsAtPath(finding, path).map((id) => id.toUpperCase())),
  );
  const processes = new Set(
    facts.entities
      .filter((entity) => entity.kind === 'commandLine' || entity.kind === 'process')
      .flatMap((entity) => entity.values.map((value) => value.toLowerCase())),
  );
  return {
    processes,
    ruleId: facts.ruleId,
    ruleName: facts.ruleName,
    firedAt,
    activityAt: Math.min(...candidates),
    techniques,
    relatedEvents,
  };
}

function scopeFromCase(item: Case): InvestigationScope {
  // Observable types as OCSF names them (`Hostname`, `IP Address`, `User Name`) or as their
  // lower-case keys (`hostname`, `ip`, `user_name`).
  const key = (type: string) => type.toLowerCase().replace(/[\s_]+/g, '');
  const of = (...types: string[]) => [
    ...new Set(item.observables.filter((o) => types.includes(key(o.type))).map((o) => o.value)),
  ];
  return {
    hosts: of('hostname', 'host'),
    users: of('username', 'user', 'emailaddress', 'email'),
    accounts: [],
    ips: of('ip', 'ipaddress'),
    domains: of('domain', 'domainname', 'urlstring', 'url'),
    files: of('filename', 'filepath', 'hash', 'filehash'),
    resources: of('resourceuid'),
    firstSeen: item.timestamps.firstEventAt,
    lastSeen: null,
  };
}

function caseActions(
  timeline: readonly CaseTimelineEntry[],
  audit: readonly AuditRecord[],
): ReviewAction[] {
  const ids = new Set<string>();
  for (const entry of timeline) {
    if (entry.event.type === 'action') ids.add(entry.event.actionId);
    if (entry.event.type === 'approval') ids.add(entry.event.actionId);
  }
  if (ids.size === 0) return [];
  const mine = audit.filter(
    (record) => record.requestId !== undefined && ids.has(record.requestId),
  );
  return actionsFromAudit(mine, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY).map(
    (action) => {
      const records = mine.filter((record) => record.requestId === action.requestId);
      const responses = records.filter((record) => record.type === 'command.response');
      const asked = records.find((record) => record.type === 'approval.requested');
      const decided = records.find((record) => record.type === 'approval.decided');
      const last = responses.at(-1);
      return {
        requestId: action.requestId,
        kind: action.kind,
        target: action.target,
        requestedBy: action.requestedBy,
        approvedBy: action.approvedBy,
        outcome: action.outcome,
        requestedAt: action.at,
        durationMs: last === undefined ? null : last.at - action.at,
        approvalWaitMs: asked && decided ? decided.at - asked.at : null,
      };
    },
  );
}

/**
 * Drafts the post-incident review of a case (NIST SP 800-61r3 inspired). Pure: the same input
 * gives the same draft.
 *
 * - **Timelines**: the attacker's from the investigation's super-timeline (when given), the SOC's
 *   from the case's timeline.
 * - **Scope, origin, impact** from the investigation's assessment, else the scope from the case's
 *   observables.
 * - **Detection gaps**: a rule is *late* when it fired more than `lateAfterMs` after the activity
 *   it detected (the finding's `first_seen_time`, its related events' times in the investigation
 *   timeline, else its `time`; fired = `finding_info.created_time`, else `time`), and an impact
 *   marker is *missed* when no finding shares its ATT&CK technique (base technique), its events,
 *   or the command line or executable of a process behind its events (from the graph).
 * - **Response times** per step (detect, acknowledge, investigate, contain, resolve) against the
 *   SLA policy's targets for the case's severity, and each response action's duration and
 *   approval wait from the audit log.
 * - **What worked / what to change**: sentences drawn from the above, each change with the lesson
 *   kind it suggests (new rule for a missed impact, tune rule for a late rule or a false positive,
 *   playbook change for a breached target or a failed action, policy change for a refused one).
 */
export function draftPostIncidentReview(input: DraftReviewInput): PostIncidentReviewContent {
  const item = input.case;
  const { assessment, timeline: attackerEvents = [], graph } = input.investigation ?? {};
  const targets = targetsFor(input.slaPolicy, item.severity);
  const lateAfterMs = input.lateAfterMs ?? targetMs(targets, 'mttd') ?? 15 * 60_000;
  const timelineTimes = new Map(attackerEvents.map((entry) => [entry.id, entry.time]));

  // Detection latency per rule.
  const measured = input.findings
    .filter((finding) => finding['class_uid'] !== 2005)
    .map((finding) => measureFinding(finding, timelineTimes))
    .filter((finding): finding is MeasuredFinding => finding !== null);
  const incidentStart =
    assessment?.origin?.time ?? assessment?.scope.firstSeen ?? item.timestamps.firstEventAt;
  const byRule = new Map<string, MeasuredFinding[]>();
  for (const finding of measured) {
    const list = byRule.get(finding.ruleId) ?? [];
    list.push(finding);
    byRule.set(finding.ruleId, list);
  }
  const ruleLatency: RuleLatency[] = [...byRule]
    .map(([ruleId, findings]) => {
      const first = [...findings].sort(
        (a, b) => a.activityAt - b.activityAt || a.firedAt - b.firedAt,
      )[0] as MeasuredFinding;
      const firstFiredAt = Math.min(...findings.map((finding) => finding.firedAt));
      const delayMs = Math.max(0, first.firedAt - first.activityAt);
      return {
        ruleId,
        ruleName: first.ruleName,
        findings: findings.length,
        firstActivityAt: first.activityAt,
        firstFiredAt,
        delayMs,
        sinceIncidentStartMs:
          incidentStart === null ? null : Math.max(0, firstFiredAt - incidentStart),
        late: delayMs > lateAfterMs,
      };
    })
    .sort((a, b) => a.firstFiredAt - b.firstFiredAt || a.ruleId.localeCompare(b.ruleId));

  const detectionGaps: DetectionGap[] = ruleLatency
    .filter((rule) => rule.late)
    .map((rule) => ({
      kind: 'late' as const,
      ruleId: rule.ruleId,
      ruleName: rule.ruleName,
      impact: null,
      technique: null,
      activityAt: rule.firstActivityAt,
      detectedAt: rule.firstFiredAt,
      delayMs: rule.delayMs,
      summary: `${rule.ruleName ?? rule.ruleId} fired ${formatDuration(rule.delayMs)} after the activity it detects (late after ${formatDuration(lateAfterMs)})`,
    }));
  // The processes (command lines, executable paths) behind each timeline entry, from the graph.
  const nodes = new Map((graph?.nodes ?? []).map((node) => [node.id, node]));
  const entryProcesses = (id: string): string[] =>
    (attackerEvents.find((entry) => entry.id === id)?.entities ?? []).flatMap((nodeId) => {
      const node = nodes.get(nodeId);
      if (node?.kind !== 'process') return [];
      return [node.attributes['cmd_line'], node.attributes['path']]
        .filter((value): value is string => typeof value === 'string')
        .map((value) => value.toLowerCase());
    });
  for (const marker of assessment?.impact ?? []) {
    const evidence = new Set(marker.evidence);
    const processes = new Set(marker.evidence.flatMap(entryProcesses));
    const covering = measured
      .filter(
        (finding) =>
          (marker.technique !== null &&
            [...finding.techniques].some(
              (technique) => baseTechnique(technique) === baseTechnique(marker.technique as string),
            )) ||
          [...finding.relatedEvents].some((id) => evidence.has(id)) ||
          [...finding.processes].some((value) => processes.has(value)),
      )
      .sort((a, b) => a.firedAt - b.firedAt);
    const first = covering[0];
    if (first === undefined) {
      detectionGaps.push({
        kind: 'missed',
        ruleId: null,
        ruleName: null,
        impact: marker.kind,
        technique: marker.technique,
        activityAt: marker.time,
        detectedAt: null,
        delayMs: null,
        summary: `No finding detected ${marker.kind}${marker.technique ? ` (${marker.technique})` : ''}: ${marker.summary}`,
      });
    } else if (
      first.firedAt - marker.time > lateAfterMs &&
      !detectionGaps.some((gap) => gap.ruleId === first.ruleId)
    ) {
      const delayMs = first.firedAt - marker.time;
      detectionGaps.push({
        kind: 'late',
        ruleId: first.ruleId,
        ruleName: first.ruleName,
        impact: marker.kind,
        technique: marker.technique,
        activityAt: marker.time,
        detectedAt: first.firedAt,
        delayMs,
        summary: `${first.ruleName ?? first.ruleId} detected ${marker.kind} ${formatDuration(delayMs)} after it happened`,
      });
    }
  }

  const responseTimes: ResponseStep[] = SLA_METRIC_NAMES.map((metric) => {
    const ms = measureSlaMetric(item, metric);
    const target = targetMs(targets, metric);
    return {
      metric,
      label: STEP_LABELS[metric],
      ms,
      targetMs: target,
      withinTarget: ms === null || target === null ? null : ms <= target,
    };
  });
  const actions = caseActions(input.caseTimeline, input.audit);

  const verdicts = latestVerdicts(input.verdicts ?? []);
  const caseVerdict =
    verdicts.find((v) => v.subject.kind === 'case' && v.subject.caseId === item.id) ?? null;
  const findingIds = new Set(input.findings.map((finding) => findingFacts(finding).findingId));
  const falsePositives = verdicts.filter(
    (v) =>
      v.subject.kind === 'finding' &&
      v.verdict === 'false-positive' &&
      (findingIds.has(v.subject.findingId) || v.subject.caseId === item.id),
  );

  const whatWorked: string[] = [];
  const whatToChange: ReviewChange[] = [];
  for (const step of responseTimes) {
    if (step.ms === null || step.targetMs === null) continue;
    if (step.withinTarget)
      whatWorked.push(
        `${step.label}: ${formatDuration(step.ms)}, within the ${formatDuration(step.targetMs)} target`,
      );
    else
      whatToChange.push({
        text: `${step.label} took ${formatDuration(step.ms)} against a ${formatDuration(step.targetMs)} target: automate or reorder the steps that delayed it`,
        kind: 'playbook-change',
      });
  }
  const completed = actions.filter((action) => action.outcome === 'completed');
  if (completed.length > 0)
    whatWorked.push(
      `${completed.length} response action(s) completed: ${completed.map((action) => `${action.kind} ${action.target}`).join('; ')}`,
    );
  for (const action of actions.filter(
    (a) => a.approvalWaitMs !== null && a.outcome === 'completed',
  ))
    whatWorked.push(
      `Approval of ${action.kind} decided by ${action.approvedBy ?? 'an approver'} in ${formatDuration(action.approvalWaitMs)}`,
    );
  for (const action of actions.filter((a) => a.outcome === 'failed' || a.outcome === 'refused'))
    whatToChange.push({
      text: `${action.kind} on ${action.target} ${action.outcome}: ${action.outcome === 'refused' ? 'review the authority policy for this case type' : 'fix the playbook step or the actuator'}`,
      kind: action.outcome === 'refused' ? 'policy-change' : 'playbook-change',
    });
  const impacts = assessment?.impact ?? [];
  const missed = detectionGaps.filter((gap) => gap.kind === 'missed');
  if (impacts.length > 0 && missed.length === 0)
    whatWorked.push(
      `Every impact the investigation found (${impacts.length}) was detected by a finding`,
    );
  const onTime = ruleLatency.filter((rule) => !rule.late);
  if (onTime.length > 0)
    whatWorked.push(
      `${onTime.length} rule(s) fired within ${formatDuration(lateAfterMs)} of the activity: ${onTime
        .slice(0, 6)
        .map((rule) => rule.ruleName ?? rule.ruleId)
        .join('; ')}${onTime.length > 6 ? '; …' : ''}`,
    );
  for (const gap of missed)
    whatToChange.push({
      text: `Write a rule for ${gap.impact}${gap.technique ? ` (${gap.technique})` : ''}: ${gap.summary}`,
      kind: 'new-rule',
    });
  for (const gap of detectionGaps.filter((g) => g.kind === 'late'))
    whatToChange.push({
      text: `Make ${gap.ruleName ?? gap.ruleId} fire sooner: ${gap.summary}`,
      kind: 'tune-rule',
      ...(gap.ruleId === null ? {} : { ruleId: gap.ruleId }),
    });
  for (const verdict of falsePositives)
    whatToChange.push({
      text: `Tune ${verdict.finding?.ruleName ?? verdict.finding?.ruleId ?? 'a rule'}: it raised a false positive (${verdict.reason})`,
      kind: 'tune-rule',
      ...(verdict.finding?.ruleId ? { ruleId: verdict.finding.ruleId } : {}),
    });

  const scope = assessment?.scope ?? scopeFromCase(item);
  const origin = assessment?.origin ?? null;
  const sorted = [...attackerEvents]
    .filter((entry) => entry.duplicateOf === undefined)
    .sort((a, b) => a.time - b.time || a.id.localeCompare(b.id));
  const max = input.maxAttackerEntries ?? 200;
  const attackerTimeline: ReviewAttackerEntry[] = sorted.slice(0, max).map((entry) => ({
    time: entry.time,
    source: entry.source,
    type: entry.type,
    host: entry.host,
    user: entry.user,
    summary: entry.summary,
    techniques: [...entry.techniques],
  }));

  const parts: string[] = [`${item.title} (${item.severity}).`];
  if (origin !== null)
    parts.push(
      `The activity began ${new Date(origin.time).toISOString()}${origin.host ? ` on ${origin.host}` : ''}${origin.user ? ` as ${origin.user}` : ''}: ${origin.summary} (initial access: ${origin.initialAccess}${origin.technique ? `, ${origin.technique}` : ''}).`,
    );
  const detect = responseTimes.find((step) => step.metric === 'mttd')?.ms ?? null;
  const contain = responseTimes.find((step) => step.metric === 'mttc')?.ms ?? null;
  parts.push(
    `It was detected ${detect === null ? '' : `${formatDuration(detect)} after the first event, `}at ${new Date(item.timestamps.detectedAt).toISOString()}${contain === null ? '' : `, and contained ${formatDuration(contain)} later`}${item.timestamps.closedAt === null ? '' : `; the case was closed ${new Date(item.timestamps.closedAt).toISOString()}`}.`,
  );
  parts.push(
    `Scope: ${scope.hosts.length} host(s), ${scope.users.length} user(s), ${scope.ips.length} IP address(es)${graph ? `; the investigation graph has ${graph.nodes.length} nodes and ${graph.edges.length} edges` : ''}.`,
  );
  if (impacts.length > 0)
    parts.push(`Impact: ${[...new Set(impacts.map((marker) => marker.kind))].join(', ')}.`);
  if (caseVerdict !== null) parts.push(`Verdict: ${caseVerdict.verdict} (${caseVerdict.reason}).`);

  return {
    caseId: item.id,
    title: item.title,
    severity: item.severity,
    verdict: caseVerdict?.verdict ?? null,
    summary: parts.join(' '),
    detectedAt: item.timestamps.detectedAt,
    containedAt: item.timestamps.containedAt,
    closedAt: item.timestamps.closedAt,
    attackerTimeline,
    attackerTimelineOmitted: Math.max(0, sorted.length - max),
    socTimeline: input.caseTimeline.map((entry) => ({
      at: entry.at,
      text: timelineText(entry.event),
    })),
    scope,
    origin,
    impact: impacts.map((marker) => ({
      ...marker,
      hosts: [...marker.hosts],
      evidence: [...marker.evidence],
    })),
    detectionGaps,
    ruleLatency,
    responseTimes,
    actions,
    whatWorked,
    whatToChange,
    notes: [],
  };
}
