import { OpenMdrError } from '@openmdr/core';
import { actionsFromAudit } from './report-actions.js';
import { complianceEvidence } from './report-compliance.js';
import { attackCoverage, findingsPerDay, topEntities } from './report-findings.js';
import { incidentLog } from './report-incidents.js';
import { type ReportInput, reportInputSchema } from './report-input.js';
import { caseVerdicts, feedbackSection, lessonSection, verdictSection } from './report-learning.js';
import { slaBreaches, slaScorecard } from './report-sla.js';
import type { TenantReport } from './report-types.js';

/** How long without events makes a source `silent` (default) vs `degraded` with errors. */
const SILENT_AFTER_MS = 24 * 3_600_000;

/**
 * Builds a tenant's report for a period: a pure function of `input` (same input, same report).
 * Cases count when detected in the period; findings when their `time` is in it; actions when
 * received in it. Throws `REPORT_INPUT_INVALID` naming the field paths of a malformed input.
 */
export function buildTenantReport(input: ReportInput): TenantReport {
  const parsed = reportInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new OpenMdrError(
      'REPORT_INPUT_INVALID',
      `invalid report input: ${parsed.error.issues
        .slice(0, 10)
        .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
        .join('; ')}`,
      { details: { paths: parsed.error.issues.map((issue) => issue.path.join('.')) } },
    );
  }
  const { period, generatedAt } = input;
  const inPeriod = (at: number) => at >= period.start && at < period.end;
  const cases = input.cases.filter(
    (item) =>
      item.tenant === input.tenant &&
      item.mergedInto === null &&
      inPeriod(item.timestamps.detectedAt),
  );
  const findings = input.findings.filter(
    (finding) => typeof finding['time'] === 'number' && inPeriod(finding['time']),
  );
  const verdicts = input.verdicts ?? [];
  const log = incidentLog(
    cases,
    input.timelines,
    input.classifications ?? {},
    caseVerdicts(verdicts),
  );
  const actions = actionsFromAudit(input.audit, period.start, period.end);
  const byOutcome: Record<string, number> = {};
  for (const action of actions) byOutcome[action.outcome] = (byOutcome[action.outcome] ?? 0) + 1;
  const judged = log.filter((entry) => entry.classification !== null);
  const falsePositives = judged.filter((entry) => entry.classification === 'false-positive').length;
  const basis = (source: string) =>
    judged.filter((entry) => entry.classificationSource === source).length;
  const breaches = slaBreaches(cases, input.slaPolicy, generatedAt);
  const health = input.connectorHealth.map((item) => ({
    ...item,
    status:
      item.lastEventAt === null || generatedAt - item.lastEventAt > SILENT_AFTER_MS
        ? ('silent' as const)
        : item.errors > 0
          ? ('degraded' as const)
          : ('healthy' as const),
  }));
  return {
    schemaVersion: 1,
    tenant: input.tenant,
    period: { ...period },
    generatedAt,
    slaPolicy: input.slaPolicy.name,
    summary: {
      events: input.events ?? null,
      findings: findings.length,
      incidents: input.incidents.length,
      cases: cases.length,
      casesOpen: cases.filter((item) => item.status !== 'closed').length,
      casesClosed: cases.filter((item) => item.status === 'closed').length,
      falsePositives,
      falsePositiveRate: judged.length === 0 ? null : falsePositives / judged.length,
      falsePositiveBasis: {
        verdict: basis('verdict'),
        explicit: basis('explicit'),
        closingReason: basis('closing-reason'),
      },
      actions: actions.length,
      slaBreaches: breaches,
    },
    sla: slaScorecard(cases, input.slaPolicy),
    funnel: [
      { stage: 'Events', count: input.events ?? null },
      { stage: 'Findings', count: findings.length },
      { stage: 'Alerts', count: input.alerted ?? null },
      { stage: 'Incidents', count: input.incidents.length },
      { stage: 'Cases', count: cases.length },
    ],
    findingsPerDay: findingsPerDay(findings, period.start, period.end),
    attack: attackCoverage(findings),
    topEntities: topEntities(findings),
    incidentLog: log,
    actions: { total: actions.length, byOutcome, items: actions },
    connectorHealth: health,
    compliance: complianceEvidence({
      cases,
      log,
      actions,
      connectorHealth: health,
      findings: findings.length,
      events: input.events ?? null,
      slaBreaches: breaches,
      auditRecords: input.audit.length,
      at: generatedAt,
    }),
    verdicts: verdictSection(verdicts, period.start, period.end),
    lessons: lessonSection(input.lessons ?? [], period.start, Math.min(period.end, generatedAt)),
    feedback: feedbackSection(input.feedback ?? [], period.start, period.end),
    notes: [...(input.notes ?? [])],
  };
}
