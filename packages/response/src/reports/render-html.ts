import { escapeHtml } from '../notifications/format.js';
import {
  falsePositiveBasisText,
  formatDuration,
  formatRate,
  formatTime,
  METRIC_LABELS,
  ruleLabels,
} from './report-format.js';
import { REPORT_STYLE as STYLE } from './report-style.js';
import type { TenantReport } from './report-types.js';
import { columns, funnel, horizontalBars } from './svg-charts.js';

const e = escapeHtml;

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  return `<table><thead><tr>${headers.map((header) => `<th>${e(header)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/**
 * The report as ONE self-contained HTML page: inline CSS and inline SVG charts (SLA within target
 * per severity, the findings → cases funnel, findings per day, ATT&CK tactics), no scripts and no
 * external resources, every value escaped. Prints well (A4).
 */
export function renderReportHtml(report: TenantReport): string {
  const { summary } = report;
  const tally = (t: TenantReport['verdicts']['findings']) =>
    `${t.truePositives} true positive(s), ${t.benignTruePositives} benign true positive(s), ${t.falsePositives} false positive(s)`;
  const cards = [
    ['Findings', String(summary.findings)],
    ['Incidents', String(summary.incidents)],
    ['Cases', `${summary.cases} (${summary.casesOpen} open)`],
    ['Response actions', String(summary.actions)],
    ['SLA breaches', String(summary.slaBreaches)],
    ['False-positive rate', formatRate(summary.falsePositiveRate)],
    [
      'Client satisfaction',
      report.feedback.averageScore === null ? '—' : `${report.feedback.averageScore} / 5`,
    ],
  ]
    .map(
      ([label, value]) =>
        `<div class="card"><span class="muted">${e(label as string)}</span><b>${e(value as string)}</b></div>`,
    )
    .join('');
  const all = report.sla.find((row) => row.severity === 'all');
  const slaChart = horizontalBars(
    'Cases within SLA target, by metric (all severities)',
    Object.entries(all?.metrics ?? {}).map(([metric, score]) => ({
      label: METRIC_LABELS[metric] ?? metric,
      value: Math.round((score.withinTargetRate ?? 0) * 100),
      note:
        score.withinTargetRate === null
          ? 'no target'
          : `${formatRate(score.withinTargetRate)} of ${score.count}`,
      color:
        score.withinTargetRate === null || score.withinTargetRate >= 0.9 ? '#2da44e' : '#cf222e',
    })),
    { max: 100, unit: ' %' },
  );
  const slaRows = report.sla.flatMap((row) =>
    Object.entries(row.metrics).map(([metric, score]) => [
      e(row.severity),
      e(METRIC_LABELS[metric] ?? metric),
      String(score.count),
      e(formatDuration(score.p50Ms)),
      e(formatDuration(score.p90Ms)),
      e(formatDuration(score.targetMs)),
      e(formatRate(score.withinTargetRate)),
    ]),
  );
  const incidents = report.incidentLog
    .map(
      (entry) =>
        `<details open><summary><span class="sev-${e(entry.severity)}">${e(entry.severity.toUpperCase())}</span> ${e(entry.title)} — ${e(entry.status)}${entry.classification ? ` (${e(entry.classification)})` : ''}, detected ${e(formatTime(entry.detectedAt))}${entry.containedAt ? `, contained ${e(formatTime(entry.containedAt))}` : ''}</summary><p class="muted">Case ${e(entry.caseId)} · ${e(entry.priority)}${entry.techniques.length ? ` · ATT&amp;CK ${entry.techniques.map(e).join(', ')}` : ''}</p><ol>${entry.timeline
          .map((item) => `<li>${e(formatTime(item.at))} — ${e(item.text)}</li>`)
          .join('')}</ol></details>`,
    )
    .join('');
  const entityRows = (['hosts', 'users', 'ips'] as const).flatMap((kind) =>
    report.topEntities[kind].map((item) => [
      e(kind.slice(0, -1)),
      e(item.value),
      String(item.count),
    ]),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${e(`${report.tenant} — security operations report ${report.period.label}`)}</title>
<style>${STYLE}</style></head>
<body><main>
<h1>Security operations report — ${e(report.tenant)}</h1>
<p class="muted">${e(report.period.kind === 'month' ? 'Month' : 'Quarter')} ${e(report.period.label)} (${e(formatTime(report.period.start))} – ${e(formatTime(report.period.end))}) · SLA policy ${e(report.slaPolicy)} · generated ${e(formatTime(report.generatedAt))}</p>
<div class="cards">${cards}</div>
<h2>SLA scorecard</h2>
${slaChart}
${table(['Severity', 'Metric', 'Cases', 'Median', 'p90', 'Target', 'Within target'], slaRows)}
<h2>From findings to cases</h2>
${funnel(
  'Findings → incidents → cases',
  report.funnel.map((stage) => ({ label: stage.stage, value: stage.count })),
)}
${columns(
  'Findings per day',
  report.findingsPerDay.map((point) => ({ label: point.day, value: point.count })),
)}
<h2>Incident log</h2>
${incidents || '<p>No case was opened in the period.</p>'}
<h2>Verdicts and detection quality</h2>
<p>False-positive rate ${e(formatRate(summary.falsePositiveRate))}, ${e(falsePositiveBasisText(summary.falsePositiveBasis))}. Findings judged in the period: ${tally(report.verdicts.findings)}; cases: ${tally(report.verdicts.cases)}.</p>
${table(
  ['Rule', 'TP', 'BTP', 'FP', 'Precision'],
  report.verdicts.byRule.map((row, index) => [
    e(ruleLabels(report.verdicts.byRule)[index] as string),
    String(row.truePositives),
    String(row.benignTruePositives),
    String(row.falsePositives),
    e(formatRate(row.precision)),
  ]),
)}
${table(
  ['Source', 'TP', 'BTP', 'FP', 'Precision'],
  report.verdicts.bySource.map((row) => [
    e(row.key),
    String(row.truePositives),
    String(row.benignTruePositives),
    String(row.falsePositives),
    e(formatRate(row.precision)),
  ]),
)}
<h2>Lessons learned</h2>
<p>${report.lessons.open} open (${report.lessons.overdue} overdue), ${report.lessons.doneInPeriod} done in the period.</p>
${table(
  ['State', 'Lesson', 'Kind', 'Owner', 'Due', 'Case'],
  report.lessons.items.map((lesson) => [
    lesson.state === 'overdue' ? '<span class="status-attention">overdue</span>' : e(lesson.state),
    e(lesson.title),
    e(lesson.kind),
    e(lesson.owner),
    e(formatTime(lesson.dueAt)),
    e(lesson.caseId),
  ]),
)}
<h2>Client feedback</h2>
<p>${report.feedback.count === 0 ? 'No feedback in the period.' : `Average satisfaction ${e(String(report.feedback.averageScore))} / 5 from ${report.feedback.count} response(s).`}</p>
${
  report.feedback.items.length === 0
    ? ''
    : table(
        ['When', 'Case', 'Score', 'By', 'Comment'],
        report.feedback.items.map((item) => [
          e(formatTime(item.at)),
          e(item.caseId),
          `${item.score}/5`,
          e(item.by),
          e(item.comment ?? '—'),
        ]),
      )
}
<h2>ATT&amp;CK coverage</h2>
${horizontalBars(
  'Findings by ATT&CK tactic',
  report.attack.tactics.map((tactic) => ({ label: tactic.name, value: tactic.count })),
)}
${table(
  ['Technique', 'Name', 'Findings'],
  report.attack.techniques.map((technique) => [
    e(technique.id),
    e(technique.name ?? '—'),
    String(technique.count),
  ]),
)}
<h2>Top entities</h2>
${table(['Kind', 'Value', 'Findings'], entityRows)}
<h2>Response actions</h2>
<p>${report.actions.total} action(s): ${
    Object.entries(report.actions.byOutcome)
      .map(([outcome, count]) => `${e(outcome)} ${count}`)
      .join(', ') || 'none'
  }.</p>
${table(
  ['When', 'Action', 'Target', 'Requested by', 'Approved by', 'Outcome'],
  report.actions.items.map((action) => [
    e(formatTime(action.at)),
    e(action.kind),
    e(action.target),
    e(action.requestedBy),
    e(action.approvedBy ?? '—'),
    e(action.outcome),
  ]),
)}
<h2>Connector health</h2>
${table(
  ['Connector', 'Stream', 'Events', 'Errors', 'Last event', 'Lag', 'Status'],
  report.connectorHealth.map((health) => [
    e(health.connector),
    e(health.stream),
    String(health.events),
    String(health.errors),
    e(formatTime(health.lastEventAt)),
    e(formatDuration(health.lagMs ?? null)),
    e(health.status),
  ]),
)}
<h2>Compliance evidence</h2>
<p class="muted">What the period's monitoring, detection and response activity evidences for each requirement. Evidence for an assessor to review — not a certification.</p>
${table(
  ['Framework', 'Requirement', 'Status', 'Evidence'],
  report.compliance.map((item) => [
    `${e(item.framework)}<br><span class="muted">${e(item.title)}</span>`,
    e(item.requirement),
    `<span class="status-${e(item.status)}">${e(item.status)}</span>`,
    `<ul>${item.evidence.map((line) => `<li>${e(line)}</li>`).join('')}</ul>`,
  ]),
)}
${report.notes.length ? `<h2>Notes</h2><ul>${report.notes.map((note) => `<li>${e(note)}</li>`).join('')}</ul>` : ''}
<footer>Report schema v${report.schemaVersion}, produced by OpenMDR. Times in UTC.</footer>
</main></body></html>
`;
}
