import { md, markdownTable as table } from './markdown-format.js';
import {
  falsePositiveBasisText,
  formatDuration,
  formatRate,
  formatTime,
  METRIC_LABELS,
  ruleLabels,
} from './report-format.js';
import type { TenantReport } from './report-types.js';

/** The report as Markdown (tickets, wikis, email). */
export function renderReportMarkdown(report: TenantReport): string {
  const { summary } = report;
  const lines: string[] = [
    `# Security operations report — ${md(report.tenant)}, ${md(report.period.label)}`,
    '',
    `${report.period.kind === 'month' ? 'Month' : 'Quarter'} ${formatTime(report.period.start)} – ${formatTime(report.period.end)} · SLA policy ${md(report.slaPolicy)} · generated ${formatTime(report.generatedAt)}`,
    '',
    '## Summary',
    '',
    `- Findings: ${summary.findings}; incidents: ${summary.incidents}; cases: ${summary.cases} (${summary.casesOpen} open, ${summary.casesClosed} closed)`,
    `- Response actions: ${summary.actions}; SLA breaches: ${summary.slaBreaches}; false-positive rate: ${formatRate(summary.falsePositiveRate)} (${falsePositiveBasisText(summary.falsePositiveBasis)})`,
    '',
    '## SLA scorecard',
    '',
    ...table(
      ['Severity', 'Metric', 'Cases', 'Median', 'p90', 'Target', 'Within target'],
      report.sla.flatMap((row) =>
        Object.entries(row.metrics).map(([metric, score]) => [
          row.severity,
          METRIC_LABELS[metric] ?? metric,
          String(score.count),
          formatDuration(score.p50Ms),
          formatDuration(score.p90Ms),
          formatDuration(score.targetMs),
          formatRate(score.withinTargetRate),
        ]),
      ),
    ),
    '',
    '## From findings to cases',
    '',
    ...report.funnel.map((stage) => `- ${stage.stage}: ${stage.count ?? 'not measured'}`),
    '',
    '## Incident log',
    '',
  ];
  for (const entry of report.incidentLog) {
    lines.push(
      `### ${entry.severity.toUpperCase()} — ${md(entry.title)}`,
      '',
      `Case ${md(entry.caseId)} · ${entry.priority} · ${entry.status}${entry.classification ? ` (${entry.classification})` : ''} · detected ${formatTime(entry.detectedAt)} · contained ${formatTime(entry.containedAt)}`,
      '',
      ...entry.timeline.map(
        (item, index) => `${index + 1}. ${formatTime(item.at)} — ${md(item.text)}`,
      ),
      '',
    );
  }
  if (report.incidentLog.length === 0) lines.push('_No case was opened in the period._', '');
  const { verdicts, lessons, feedback } = report;
  const tally = (t: typeof verdicts.findings) =>
    `${t.truePositives} true positive(s), ${t.benignTruePositives} benign true positive(s), ${t.falsePositives} false positive(s)`;
  lines.push(
    '## Verdicts and detection quality',
    '',
    `- Findings judged in the period: ${tally(verdicts.findings)}`,
    `- Cases judged in the period: ${tally(verdicts.cases)}`,
    '',
    ...table(
      ['Rule', 'TP', 'BTP', 'FP', 'Precision'],
      verdicts.byRule.map((row, index) => [
        md(ruleLabels(verdicts.byRule)[index] as string),
        String(row.truePositives),
        String(row.benignTruePositives),
        String(row.falsePositives),
        formatRate(row.precision),
      ]),
    ),
    '',
    ...table(
      ['Source', 'TP', 'BTP', 'FP', 'Precision'],
      verdicts.bySource.map((row) => [
        md(row.key),
        String(row.truePositives),
        String(row.benignTruePositives),
        String(row.falsePositives),
        formatRate(row.precision),
      ]),
    ),
    '',
    '## Lessons learned',
    '',
    `${lessons.open} open (${lessons.overdue} overdue), ${lessons.doneInPeriod} done in the period.`,
    '',
    ...table(
      ['State', 'Lesson', 'Kind', 'Owner', 'Due', 'Case'],
      lessons.items.map((lesson) => [
        lesson.state === 'overdue' ? '**overdue**' : lesson.state,
        md(lesson.title),
        lesson.kind,
        md(lesson.owner),
        formatTime(lesson.dueAt),
        md(lesson.caseId),
      ]),
    ),
    '',
    '## Client feedback',
    '',
    feedback.count === 0
      ? '_No feedback in the period._'
      : `Average satisfaction ${feedback.averageScore} / 5 from ${feedback.count} response(s).`,
    '',
    ...feedback.items.map(
      (item) =>
        `- ${item.score}/5 by ${md(item.by)} on case ${md(item.caseId)} (${formatTime(item.at)})${item.comment ? `: ${md(item.comment)}` : ''}`,
    ),
    ...(feedback.items.length > 0 ? [''] : []),
  );
  lines.push(
    '## ATT&CK coverage',
    '',
    ...table(
      ['Tactic', 'Findings'],
      report.attack.tactics.map((tactic) => [md(tactic.name), String(tactic.count)]),
    ),
    '',
    ...table(
      ['Technique', 'Name', 'Findings'],
      report.attack.techniques.map((technique) => [
        technique.id,
        md(technique.name ?? '—'),
        String(technique.count),
      ]),
    ),
    '',
    '## Top entities',
    '',
    ...table(
      ['Kind', 'Value', 'Findings'],
      (['hosts', 'users', 'ips'] as const).flatMap((kind) =>
        report.topEntities[kind].map((item) => [
          kind.slice(0, -1),
          md(item.value),
          String(item.count),
        ]),
      ),
    ),
    '',
    '## Response actions',
    '',
    ...table(
      ['When', 'Action', 'Target', 'Requested by', 'Approved by', 'Outcome'],
      report.actions.items.map((action) => [
        formatTime(action.at),
        action.kind,
        md(action.target),
        md(action.requestedBy),
        md(action.approvedBy ?? '—'),
        action.outcome,
      ]),
    ),
    '',
    '## Connector health',
    '',
    ...table(
      ['Connector', 'Stream', 'Events', 'Errors', 'Last event', 'Status'],
      report.connectorHealth.map((health) => [
        md(health.connector),
        md(health.stream),
        String(health.events),
        String(health.errors),
        formatTime(health.lastEventAt),
        health.status,
      ]),
    ),
    '',
    '## Compliance evidence',
    '',
    '_Evidence for an assessor to review — not a certification._',
    '',
  );
  for (const item of report.compliance) {
    lines.push(
      `- **${item.framework} ${md(item.requirement)}** — ${md(item.title)}: _${item.status}_`,
    );
    for (const line of item.evidence) lines.push(`  - ${md(line)}`);
  }
  if (report.notes.length > 0)
    lines.push('', '## Notes', '', ...report.notes.map((note) => `- ${md(note)}`));
  lines.push('');
  return lines.join('\n');
}
