import { resolveAttackTechnique } from '@openmdr/detections';
import type { Case, CaseTimelineEntry, CaseTimelineEvent } from '../cases/case-types.js';
import { VERDICT_LABELS, type VerdictKind } from '../learning/verdict-types.js';
import type { CaseClassification } from './report-input.js';
import type { IncidentLogEntry } from './report-types.js';

/** One timeline entry as a short sentence. */
export function timelineText(event: CaseTimelineEvent): string {
  switch (event.type) {
    case 'created':
      return `Case opened${event.by ? ` by ${event.by}` : ''} (${event.source})`;
    case 'finding':
      return `Finding added: ${event.title ?? event.findingId}`;
    case 'status':
      return `Status ${event.from} → ${event.to}${event.by ? ` by ${event.by}` : ''}${event.reason ? ` (${event.reason})` : ''}`;
    case 'reopened':
      return `Reopened${event.by ? ` by ${event.by}` : ''}${event.reason ? ` (${event.reason})` : ''}`;
    case 'comment':
      return `Comment by ${event.by}: ${event.text}`;
    case 'assigned':
      return `Assigned to ${event.to ?? 'nobody'}${event.by ? ` by ${event.by}` : ''}`;
    case 'severity':
      return `Severity ${event.from} → ${event.to}`;
    case 'priority':
      return `Priority ${event.from} → ${event.to}`;
    case 'observable':
      return `Observable ${event.observable.type} ${event.observable.value}`;
    case 'technique': {
      const name = resolveAttackTechnique(event.technique)?.name;
      return `ATT&CK ${event.technique}${name === undefined ? '' : ` ${name}`}`;
    }
    case 'task.added':
      return `Task added: ${event.task.title}`;
    case 'task.completed':
      return `Task completed by ${event.by}`;
    case 'action':
      return `Response action ${event.action}: ${event.status}`;
    case 'hunt':
      return `Threat hunt ${event.name} on ${event.target}: ${event.hits} hit(s)`;
    case 'approval':
      return `Approval ${event.decision}${event.by ? ` by ${event.by}` : ''} for ${event.actionId}`;
    case 'merged':
      return `Merged ${event.children.length} case(s) into this one`;
    case 'merged-into':
      return `Merged into ${event.survivor}`;
    case 'sla.paused':
      return `SLA paused${event.reason ? ` (${event.reason})` : ''}`;
    case 'sla.resumed':
      return 'SLA resumed';
    case 'regulatory':
      return `Reportable breach: ${[event.gdpr ? 'GDPR art. 33' : '', event.nis2 ? 'NIS2 art. 23' : ''].filter(Boolean).join(', ')}`;
    case 'regulatory.submitted':
      return `Regulatory notification ${event.clock} submitted`;
    case 'verdict':
      return `Verdict ${VERDICT_LABELS[event.verdict]}${event.subject === 'finding' ? ` on finding ${event.findingId}` : ''} by ${event.by} (${event.role}): ${event.reason}`;
    case 'feedback':
      return `Customer feedback ${event.score}/5 by ${event.by}${event.comment ? `: ${event.comment}` : ''}`;
    case 'lesson':
      return `Lesson learned (${event.kind}) ${event.status === 'done' ? 'done' : 'added'}: ${event.title}`;
    case 'review':
      return `Post-incident review ${event.status === 'final' ? 'finalised' : `drafted (version ${event.version})`}${event.by ? ` by ${event.by}` : ''}`;
  }
}

/**
 * The closing-reason heuristic, the fallback for cases without a verdict: an explicit
 * classification, else `false-positive` / `benign` when
 * its latest move to `closed` gives a reason starting with those words, else `true-positive`
 * for a closed case with a containment, else `null`.
 */
export function classifyCase(
  item: Case,
  timeline: readonly CaseTimelineEntry[],
  explicit: CaseClassification | undefined,
): CaseClassification | null {
  if (explicit !== undefined) return explicit;
  if (item.status !== 'closed') return null;
  const closing = [...timeline]
    .reverse()
    .find((entry) => entry.event.type === 'status' && entry.event.to === 'closed');
  const reason =
    closing?.event.type === 'status' ? (closing.event.reason ?? '').toLowerCase().trim() : '';
  if (reason.startsWith('false positive') || reason.startsWith('false-positive'))
    return 'false-positive';
  if (reason.startsWith('benign')) return 'benign';
  return item.timestamps.containedAt !== null ? 'true-positive' : null;
}

/** The classification a verdict stands for (a benign true positive is `benign`). */
export function verdictClassification(verdict: VerdictKind): CaseClassification {
  return verdict === 'benign-true-positive' ? 'benign' : verdict;
}

/**
 * The incident log: one entry per case, most severe first, then by detection time. A case is
 * classified by an explicit classification, else its latest verdict (`verdicts` by case id), else
 * its closing reason ({@link classifyCase}).
 */
export function incidentLog(
  cases: readonly Case[],
  timelines: Readonly<Record<string, readonly CaseTimelineEntry[]>>,
  classifications: Readonly<Record<string, CaseClassification>>,
  verdicts: Readonly<Record<string, VerdictKind>> = {},
): IncidentLogEntry[] {
  const rank = ['critical', 'high', 'medium', 'low', 'informational'];
  return [...cases]
    .sort(
      (a, b) =>
        rank.indexOf(a.severity) - rank.indexOf(b.severity) ||
        a.timestamps.detectedAt - b.timestamps.detectedAt ||
        a.id.localeCompare(b.id),
    )
    .map((item) => {
      const timeline = timelines[item.id] ?? [];
      const explicit = classifications[item.id];
      const verdict = verdicts[item.id];
      const classification =
        explicit ??
        (verdict === undefined ? null : verdictClassification(verdict)) ??
        classifyCase(item, timeline, undefined);
      return {
        caseId: item.id,
        title: item.title,
        severity: item.severity,
        priority: item.priority,
        status: item.status,
        classification,
        classificationSource:
          explicit !== undefined
            ? 'explicit'
            : verdict !== undefined
              ? 'verdict'
              : classification === null
                ? null
                : 'closing-reason',
        detectedAt: item.timestamps.detectedAt,
        containedAt: item.timestamps.containedAt,
        closedAt: item.timestamps.closedAt,
        techniques: [...item.techniques],
        timeline: timeline.map((entry) => ({ at: entry.at, text: timelineText(entry.event) })),
      };
    });
}
