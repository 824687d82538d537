/** The post-incident review as Markdown and as one self-contained HTML page, in the reports' style. */
import { escapeHtml as e } from '../notifications/format.js';
import { markdownTable, md } from '../reports/markdown-format.js';
import { formatDuration, formatTime } from '../reports/report-format.js';
import { REPORT_STYLE } from '../reports/report-style.js';
import type { PostIncidentReview, PostIncidentReviewContent } from './review-types.js';

type Reviewable = PostIncidentReviewContent &
  Partial<Pick<PostIncidentReview, 'status' | 'version'>>;

const yesNo = (value: boolean | null) => (value === null ? '—' : value ? 'yes' : 'no');

function scopeRows(review: Reviewable): [string, string][] {
  const { scope } = review;
  return (
    [
      ['Hosts', scope.hosts],
      ['Users', scope.users],
      ['Accounts', scope.accounts],
      ['IP addresses', scope.ips],
      ['Domains', scope.domains],
      ['Files', scope.files],
      ['Cloud resources', scope.resources],
    ] as [string, string[]][]
  )
    .filter(([, values]) => values.length > 0)
    .map(([label, values]) => [label, values.join(', ')]);
}

function heading(review: Reviewable): string {
  return `${review.status === 'final' ? 'Final' : 'Draft'}${review.version === undefined ? '' : ` v${review.version}`} · severity ${review.severity}${review.verdict ? ` · verdict ${review.verdict}` : ''} · detected ${formatTime(review.detectedAt)} · contained ${formatTime(review.containedAt)} · closed ${formatTime(review.closedAt)}`;
}

/** The review as Markdown (tickets, wikis, email); every value escaped. */
export function renderReviewMarkdown(review: Reviewable): string {
  const lines: string[] = [
    `# Post-incident review — ${md(review.title)}`,
    '',
    `Case ${md(review.caseId)} · ${md(heading(review))}`,
    '',
    '## What happened',
    '',
    md(review.summary),
    '',
    '## Scope, origin and impact',
    '',
    ...markdownTable(
      ['Scope', 'Values'],
      scopeRows(review).map(([label, values]) => [label, md(values)]),
    ),
    '',
    review.origin === null
      ? '_Origin: not established._'
      : `- Origin: ${formatTime(review.origin.time)}${review.origin.host ? ` on ${md(review.origin.host)}` : ''}${review.origin.user ? ` as ${md(review.origin.user)}` : ''} — ${md(review.origin.summary)} (initial access ${md(review.origin.initialAccess)}${review.origin.technique ? `, ${md(review.origin.technique)}` : ''})`,
    '',
    ...markdownTable(
      ['When', 'Impact', 'Technique', 'Hosts', 'What'],
      review.impact.map((marker) => [
        formatTime(marker.time),
        md(marker.kind),
        md(marker.technique ?? '—'),
        md(marker.hosts.join(', ') || '—'),
        md(marker.summary),
      ]),
    ),
    '',
    "## The attacker's timeline",
    '',
    ...markdownTable(
      ['When', 'Source', 'Host', 'What'],
      review.attackerTimeline.map((entry) => [
        formatTime(entry.time),
        md(entry.source),
        md(entry.host ?? '—'),
        md(`${entry.type === 'finding' ? '[finding] ' : ''}${entry.summary}`),
      ]),
    ),
    ...(review.attackerTimelineOmitted > 0
      ? ['', `_${review.attackerTimelineOmitted} more line(s) omitted._`]
      : []),
    '',
    "## The SOC's timeline",
    '',
    ...review.socTimeline.map(
      (entry, index) => `${index + 1}. ${formatTime(entry.at)} — ${md(entry.text)}`,
    ),
    '',
    '## Detection',
    '',
    ...markdownTable(
      ['Rule', 'Findings', 'Activity', 'Fired', 'Delay', 'Late'],
      review.ruleLatency.map((rule) => [
        md(rule.ruleName ?? rule.ruleId),
        String(rule.findings),
        formatTime(rule.firstActivityAt),
        formatTime(rule.firstFiredAt),
        formatDuration(rule.delayMs),
        rule.late ? '**late**' : 'no',
      ]),
    ),
    '',
    '### Detection gaps',
    '',
    ...(review.detectionGaps.length === 0
      ? ['_None found._']
      : review.detectionGaps.map((gap) => `- **${gap.kind}** — ${md(gap.summary)}`)),
    '',
    '## Response times against the SLA',
    '',
    ...markdownTable(
      ['Step', 'Took', 'Target', 'Within target'],
      review.responseTimes.map((step) => [
        step.label,
        formatDuration(step.ms),
        formatDuration(step.targetMs),
        yesNo(step.withinTarget),
      ]),
    ),
    '',
    ...markdownTable(
      [
        'Requested',
        'Action',
        'Target',
        'By',
        'Approved by',
        'Approval wait',
        'Duration',
        'Outcome',
      ],
      review.actions.map((action) => [
        formatTime(action.requestedAt),
        md(action.kind),
        md(action.target),
        md(action.requestedBy),
        md(action.approvedBy ?? '—'),
        formatDuration(action.approvalWaitMs),
        formatDuration(action.durationMs),
        md(action.outcome),
      ]),
    ),
    '',
    '## What worked',
    '',
    ...(review.whatWorked.length === 0
      ? ['_Nothing recorded._']
      : review.whatWorked.map((line) => `- ${md(line)}`)),
    '',
    '## What to change',
    '',
    ...(review.whatToChange.length === 0
      ? ['_Nothing recorded._']
      : review.whatToChange.map((change) => `- ${md(change.text)} _(${change.kind})_`)),
    '',
  ];
  if (review.notes.length > 0)
    lines.push('## Notes', '', ...review.notes.map((note) => `- ${md(note)}`), '');
  return lines.join('\n');
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '<p class="muted">None.</p>';
  return `<table><thead><tr>${headers.map((header) => `<th>${e(header)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

const list = (items: readonly string[]) =>
  items.length === 0
    ? '<p class="muted">Nothing recorded.</p>'
    : `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`;

/** The review as ONE self-contained HTML page: inline CSS, no scripts, no external resources, every value escaped. */
export function renderReviewHtml(review: Reviewable): string {
  const cards = review.responseTimes
    .filter((step) => step.ms !== null)
    .map(
      (step) =>
        `<div class="card"><span class="muted">${e(step.label)}</span><b class="${step.withinTarget === false ? 'status-attention' : ''}">${e(formatDuration(step.ms))}</b><span class="muted">target ${e(formatDuration(step.targetMs))}</span></div>`,
    )
    .join('');
  const origin =
    review.origin === null
      ? '<p class="muted">Origin not established.</p>'
      : `<p><b>Origin:</b> ${e(formatTime(review.origin.time))}${review.origin.host ? ` on ${e(review.origin.host)}` : ''}${review.origin.user ? ` as ${e(review.origin.user)}` : ''} — ${e(review.origin.summary)} (initial access ${e(review.origin.initialAccess)}${review.origin.technique ? `, ${e(review.origin.technique)}` : ''})</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${e(`Post-incident review — ${review.title}`)}</title>
<style>${REPORT_STYLE}</style></head>
<body><main>
<h1>Post-incident review — ${e(review.title)}</h1>
<p class="muted">Case ${e(review.caseId)} · ${e(heading(review))}</p>
<div class="cards">${cards}</div>
<h2>What happened</h2>
<p>${e(review.summary)}</p>
<h2>Scope, origin and impact</h2>
${table(
  ['Scope', 'Values'],
  scopeRows(review).map(([label, values]) => [e(label), e(values)]),
)}
${origin}
${table(
  ['When', 'Impact', 'Technique', 'Hosts', 'What'],
  review.impact.map((marker) => [
    e(formatTime(marker.time)),
    e(marker.kind),
    e(marker.technique ?? '—'),
    e(marker.hosts.join(', ') || '—'),
    e(marker.summary),
  ]),
)}
<h2>The attacker's timeline</h2>
${table(
  ['When', 'Source', 'Host', 'What'],
  review.attackerTimeline.map((entry) => [
    e(formatTime(entry.time)),
    e(entry.source),
    e(entry.host ?? '—'),
    `${entry.type === 'finding' ? '<b>finding</b> ' : ''}${e(entry.summary)}`,
  ]),
)}${review.attackerTimelineOmitted > 0 ? `<p class="muted">${review.attackerTimelineOmitted} more line(s) omitted.</p>` : ''}
<h2>The SOC's timeline</h2>
<ol>${review.socTimeline.map((entry) => `<li>${e(formatTime(entry.at))} — ${e(entry.text)}</li>`).join('')}</ol>
<h2>Detection</h2>
${table(
  ['Rule', 'Findings', 'Activity', 'Fired', 'Delay', 'Late'],
  review.ruleLatency.map((rule) => [
    e(rule.ruleName ?? rule.ruleId),
    String(rule.findings),
    e(formatTime(rule.firstActivityAt)),
    e(formatTime(rule.firstFiredAt)),
    e(formatDuration(rule.delayMs)),
    rule.late ? '<span class="status-attention">late</span>' : 'no',
  ]),
)}
<h3>Detection gaps</h3>
${list(review.detectionGaps.map((gap) => `<b>${e(gap.kind)}</b> — ${e(gap.summary)}`))}
<h2>Response times against the SLA</h2>
${table(
  ['Step', 'Took', 'Target', 'Within target'],
  review.responseTimes.map((step) => [
    e(step.label),
    e(formatDuration(step.ms)),
    e(formatDuration(step.targetMs)),
    e(yesNo(step.withinTarget)),
  ]),
)}
${table(
  ['Requested', 'Action', 'Target', 'By', 'Approved by', 'Approval wait', 'Duration', 'Outcome'],
  review.actions.map((action) => [
    e(formatTime(action.requestedAt)),
    e(action.kind),
    e(action.target),
    e(action.requestedBy),
    e(action.approvedBy ?? '—'),
    e(formatDuration(action.approvalWaitMs)),
    e(formatDuration(action.durationMs)),
    e(action.outcome),
  ]),
)}
<h2>What worked</h2>
${list(review.whatWorked.map(e))}
<h2>What to change</h2>
${list(review.whatToChange.map((change) => `${e(change.text)} <span class="muted">(${e(change.kind)})</span>`))}
${review.notes.length > 0 ? `<h2>Notes</h2>${list(review.notes.map(e))}` : ''}
<footer>Post-incident review produced by OpenMDR, after NIST SP 800-61r3's post-incident activities. Times in UTC.</footer>
</main></body></html>
`;
}
