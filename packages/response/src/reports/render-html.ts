import { escapeHtml } from '../notifications/format.js';
import { formatDuration, formatRate, formatTime, METRIC_LABELS } from './report-format.js';
import type { TenantReport } from './report-types.js';
import { columns, funnel, horizontalBars } from './svg-charts.js';

const STYLE = `body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#1f2328;margin:0;background:#f6f8fa}
main{max-width:960px;margin:0 auto;padding:24px;background:#fff}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;border-bottom:1px solid #d0d7de;padding-bottom:4px;margin-top:32px}
.muted{color:#57606a}.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{border:1px solid #d0d7de;border-radius:6px;padding:10px 14px;min-width:120px}.card b{display:block;font-size:22px}
table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}th,td{border-bottom:1px solid #eaeef2;padding:5px 6px;text-align:left;vertical-align:top}
th{background:#f6f8fa}.chart{max-width:100%;height:auto;display:block;margin:12px 0}.chart .title{font-weight:600;font-size:13px}
.chart .label,.chart .value{font-size:12px;fill:#1f2328}.sev-critical{color:#cf222e;font-weight:600}.sev-high{color:#bc4c00;font-weight:600}
.status-attention{color:#cf222e;font-weight:600}.status-evidenced{color:#1a7f37;font-weight:600}.status-not-applicable{color:#57606a}
details{margin:6px 0}summary{cursor:pointer}ol{margin:4px 0 8px 18px;padding:0;font-size:13px}footer{font-size:12px;color:#57606a;margin-top:32px}`;

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
  const cards = [
    ['Findings', String(summary.findings)],
    ['Incidents', String(summary.incidents)],
    ['Cases', `${summary.cases} (${summary.casesOpen} open)`],
    ['Response actions', String(summary.actions)],
    ['SLA breaches', String(summary.slaBreaches)],
    ['False-positive rate', formatRate(summary.falsePositiveRate)],
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
