/**
 * Learning from the incident, after containment: verdicts on every finding of the case and on the
 * case itself, the case closed, the customer's feedback, a lesson learned, and the post-incident
 * review drafted from the case, its timeline, the audit log and (when given) the investigation of
 * the incident's events — stored, and written as Markdown and HTML beside the report.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenMdrBus, Store } from '@openmdr/core';
import {
  type AuditLog,
  type Case,
  CaseService,
  type DraftReviewInput,
  draftPostIncidentReview,
  LessonService,
  ReviewService,
  renderReviewHtml,
  renderReviewMarkdown,
  type SlaPolicy,
  type TenantCases,
  type TenantLessons,
  type TenantVerdicts,
  VerdictService,
} from '@openmdr/response';

/** What {@link learnFromIncident} needs. */
export interface LearnOptions {
  /** Where the case's changes are announced (`case.changed`), for the dashboard. */
  bus: OpenMdrBus;
  store: Store;
  tenant: string;
  cases: TenantCases;
  audit: AuditLog;
  slaPolicy: SlaPolicy;
  /** The contained case. */
  incidentCase: Case;
  /** The findings that joined the case (OCSF objects): each gets a verdict. */
  findings: readonly Record<string, unknown>[];
  /**
   * Every finding the attack's events raised, grouped into the case or not: the review measures
   * their latency and which impacts they cover (a rule that fired is no detection gap, even when
   * triage folded its finding into another).
   */
  detections: readonly Record<string, unknown>[];
  /** The investigation of the incident's events, when available. */
  investigation?: DraftReviewInput['investigation'];
  /** Where the review files go (the report's directory). */
  dir: string;
  analyst: string;
  lead: string;
  customer: string;
}

/** What learning produced. */
export interface Learned {
  verdicts: TenantVerdicts;
  lessons: TenantLessons;
  closed: Case;
  findingVerdicts: number;
  caseVerdict: string;
  feedbackScore: number;
  lessonTitle: string;
  /** The investigation's size and impact kinds (zeros without one). */
  investigation: { nodes: number; edges: number; timeline: number; impact: string[] };
  review: {
    markdown: string;
    html: string;
    status: string;
    detectionGaps: number;
    attackerTimeline: number;
  };
}

/** Judges, closes, records feedback and a lesson, and writes the post-incident review. */
export async function learnFromIncident(options: LearnOptions): Promise<Learned> {
  const caseService = new CaseService({ store: options.store, bus: options.bus });
  const verdicts = new VerdictService({ store: options.store, cases: caseService }).forTenant(
    options.tenant,
  );
  const lessons = new LessonService({ store: options.store, cases: caseService }).forTenant(
    options.tenant,
  );
  const reviews = new ReviewService({ store: options.store, cases: caseService }).forTenant(
    options.tenant,
  );
  const id = options.incidentCase.id;

  // Every finding of the case was part of the attack: true positives, on the case's timeline.
  for (const finding of options.findings)
    await verdicts.judgeFinding(finding, {
      verdict: 'true-positive',
      reason: 'Part of the invoice-macro intrusion on ws-fin-042',
      by: options.analyst,
      caseId: id,
    });
  await verdicts.judgeCase(id, {
    verdict: 'true-positive',
    reason: 'Phishing macro → stager → C2 beacon → LSASS dump → PsExec: confirmed intrusion',
    by: options.analyst,
  });
  await options.cases.transition(id, 'eradicated', {
    by: options.analyst,
    reason: 'Stager removed, jdoe and svc-backup credentials reset',
  });
  await options.cases.transition(id, 'recovered', {
    by: options.analyst,
    reason: 'ws-fin-042 reimaged and released from isolation',
  });
  const closed = await options.cases.transition(id, 'closed', {
    by: options.lead,
    reason: 'Resolved: confirmed intrusion, contained and eradicated',
  });

  const feedback = await lessons.recordFeedback(id, {
    score: 5,
    comment: 'Contained within minutes; the call at containment time was clear.',
    by: options.customer,
  });
  const lesson = await lessons.addLesson(
    {
      caseId: id,
      title: 'Pre-approve disabling an account with confirmed credential theft on a P1 case',
      kind: 'policy-change',
      owner: options.lead,
      dueAt: Date.now() + 14 * 86_400_000,
      note: 'The account stayed enabled while the approval was pending.',
    },
    { by: options.analyst },
  );

  const draft = draftPostIncidentReview({
    case: closed,
    caseTimeline: await options.cases.timeline(id),
    audit: await options.audit.read(),
    ...(options.investigation ? { investigation: options.investigation } : {}),
    slaPolicy: options.slaPolicy,
    findings: options.detections,
    verdicts: await verdicts.list({ history: true }),
  });
  const review = await reviews.create(draft, { by: options.analyst });
  mkdirSync(options.dir, { recursive: true });
  const files = {
    markdown: join(options.dir, 'post-incident-review.md'),
    html: join(options.dir, 'post-incident-review.html'),
  };
  writeFileSync(files.markdown, renderReviewMarkdown(review));
  writeFileSync(files.html, renderReviewHtml(review));
  return {
    verdicts,
    lessons,
    closed,
    findingVerdicts: options.findings.length,
    caseVerdict: 'true-positive',
    feedbackScore: feedback.score,
    lessonTitle: lesson.title,
    investigation: {
      nodes: options.investigation?.graph?.nodes.length ?? 0,
      edges: options.investigation?.graph?.edges.length ?? 0,
      timeline: options.investigation?.timeline?.length ?? 0,
      impact: [...new Set((options.investigation?.assessment?.impact ?? []).map((m) => m.kind))],
    },
    review: {
      ...files,
      status: review.status,
      detectionGaps: review.detectionGaps.length,
      attackerTimeline: review.attackerTimeline.length,
    },
  };
}
