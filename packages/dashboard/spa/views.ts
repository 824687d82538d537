/** Renderers of the page's tables and lists: pure functions of the data to DOM nodes. */
import type { Approval, SlaClock } from '@openmdr/response';
import type {
  CaseDetail,
  CaseSummary,
  ConnectorHealthRow,
  PlaybookRunRow,
  SlaClockRow,
} from '../src/operations/types.js';
import { describeCommand, describeTimelineEvent } from './describe.js';
import { type Child, h, svg } from './dom.js';
import {
  cssToken,
  formatAgo,
  formatCount,
  formatDuration,
  formatTime,
  metricLabel,
  truncate,
} from './format.js';
import { layoutGraph } from './graph-layout.js';

/** A table with a caption-less header row and body rows, or the `empty` text. */
export function table(
  testId: string,
  headings: readonly string[],
  rows: readonly HTMLTableRowElement[],
  empty: string,
): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'empty', 'data-testid': `${testId}-empty` }, empty);
  return h(
    'table',
    { 'data-testid': testId },
    h('thead', null, h('tr', null, ...headings.map((text) => h('th', { scope: 'col' }, text)))),
    h('tbody', null, ...rows),
  );
}

/** A severity or status badge. */
export function badge(kind: string, value: string): HTMLElement {
  return h('span', { class: `badge ${kind}-${cssToken(value)}` }, value);
}

/**
 * A clock's time left: a live countdown (`data-due-at`, ticked by the page) while it runs, the
 * frozen remainder while paused, or its state.
 */
export function clockCell(clock: SlaClock | null): Child {
  if (!clock) return '–';
  const label = `${metricLabel(clock.metric)} `;
  if (clock.dueAt !== null) {
    return h(
      'span',
      { class: `clock clock-${cssToken(clock.state)}` },
      label,
      h('time', { 'data-due-at': clock.dueAt, 'data-testid': 'countdown' }, ''),
    );
  }
  if (clock.remainingMs !== null) {
    return h(
      'span',
      { class: `clock clock-${cssToken(clock.state)}` },
      `${label}${formatDuration(clock.remainingMs)}${clock.paused ? ' (paused)' : ''}`,
    );
  }
  return h('span', { class: 'clock' }, `${label}${clock.state}`);
}

/** Rows of the case list; `onOpen` opens a case's drill-down. */
export function caseRows(
  cases: readonly CaseSummary[],
  showTenant: boolean,
  selected: string | null,
  onOpen: (item: CaseSummary) => void,
): HTMLTableRowElement[] {
  return cases.map((item) => {
    const open = h(
      'button',
      { type: 'button', class: 'link', 'data-testid': 'case-open' },
      item.title || item.id,
    );
    open.addEventListener('click', () => onOpen(item));
    const key = `${item.tenant}/${item.id}`;
    return h(
      'tr',
      {
        'data-testid': 'case-row',
        'data-case-id': item.id,
        'data-tenant': item.tenant,
        'aria-current': selected === key ? 'true' : false,
      },
      h('td', null, badge('severity', item.severity)),
      h('td', null, badge('status', item.status)),
      h('td', null, open),
      h('td', null, item.assignee ?? 'unassigned'),
      showTenant && h('td', null, item.tenant),
      h('td', null, clockCell(item.nextDue)),
    );
  });
}

/** Rows of the running SLA clocks, most urgent first. */
export function slaRows(
  clocks: readonly SlaClockRow[],
  showTenant: boolean,
): HTMLTableRowElement[] {
  const sorted = [...clocks].sort(
    (a, b) =>
      (a.clock.dueAt ?? Number.POSITIVE_INFINITY) - (b.clock.dueAt ?? Number.POSITIVE_INFINITY),
  );
  return sorted
    .slice(0, 25)
    .map((row) =>
      h(
        'tr',
        { 'data-testid': 'sla-row', 'data-case-id': row.caseId },
        h('td', null, badge('severity', row.severity)),
        h('td', null, row.title),
        showTenant && h('td', null, row.tenant),
        h('td', null, badge('sla', row.clock.state)),
        h('td', null, clockCell(row.clock)),
      ),
    );
}

/** Rows of the connector health table. */
export function connectorRows(
  rows: readonly ConnectorHealthRow[],
  showTenant: boolean,
  now: number,
): HTMLTableRowElement[] {
  return rows.map((row) =>
    h(
      'tr',
      { 'data-testid': 'connector-row', 'data-status': row.status },
      h('td', null, row.connector),
      showTenant && h('td', null, row.tenant),
      h('td', null, badge('health', row.status)),
      h('td', null, formatAgo(row.lastEventAt, now)),
      h('td', null, formatDuration(row.lagMs)),
      h('td', { class: 'number' }, formatCount(row.accepted)),
      h('td', { class: 'number' }, formatCount(row.rejected)),
    ),
  );
}

/** Rows of the playbook runs table. */
export function runRows(
  rows: readonly PlaybookRunRow[],
  showTenant: boolean,
): HTMLTableRowElement[] {
  return rows.map((row) =>
    h(
      'tr',
      { 'data-testid': 'run-row' },
      h('td', null, row.name),
      showTenant && h('td', null, row.tenant),
      h('td', null, badge('run', row.status)),
      h('td', null, formatTime(row.startedAt)),
      h(
        'td',
        null,
        row.finishedAt === null ? 'running' : formatDuration(row.finishedAt - row.startedAt),
      ),
    ),
  );
}

/** What an approval asks for, without its buttons. */
export function approvalSummary(approval: Approval, showTenant: boolean): HTMLElement {
  return h(
    'div',
    { class: 'approval-summary' },
    h('strong', null, describeCommand(approval.command)),
    showTenant && h('span', { class: 'muted' }, ` · ${approval.tenant}`),
    h('p', null, approval.reason),
    h(
      'p',
      { class: 'muted' },
      `requested by ${approval.requestedBy} · expires in `,
      h('time', { 'data-due-at': approval.expiresAt }, ''),
    ),
  );
}

/** The drill-down's body: the case, its SLA clocks, its timeline and its graph. */
export function caseDetailBody(detail: CaseDetail): HTMLElement[] {
  const item = detail.case;
  const facts: [string, Child][] = [
    ['Tenant', item.tenant],
    ['Status', badge('status', item.status)],
    ['Severity', badge('severity', item.severity)],
    ['Priority', item.priority],
    ['Assignee', item.assignee ?? 'unassigned'],
    ['Created', formatTime(item.createdAt)],
    ['Updated', formatTime(item.updatedAt)],
    ['Techniques', item.techniques.length > 0 ? item.techniques.join(', ') : '–'],
    [
      'Observables',
      item.observables.length > 0
        ? item.observables.map((o) => `${o.type} ${o.value}`).join(', ')
        : '–',
    ],
  ];
  const clocks = detail.sla.map((clock) =>
    h(
      'tr',
      { 'data-testid': 'detail-sla-row' },
      h('td', null, metricLabel(clock.metric)),
      h('td', null, badge('sla', clock.state)),
      h('td', null, formatDuration(clock.elapsedMs)),
      h('td', null, formatDuration(clock.targetMs)),
      h('td', null, clockCell(clock)),
    ),
  );
  const timeline = [...detail.timeline].sort((a, b) => a.sequence - b.sequence);
  return [
    h('h3', { id: 'case-detail-title' }, item.title || item.id),
    item.description ? h('p', null, item.description) : h('p', { class: 'muted' }, item.id),
    h(
      'dl',
      { class: 'facts' },
      ...facts.flatMap(([term, value]) => [h('dt', null, term), h('dd', null, value)]),
    ),
    h('h4', null, 'SLA clocks'),
    table(
      'detail-sla',
      ['Metric', 'State', 'Elapsed', 'Target', 'Time left'],
      clocks,
      'No SLA clocks.',
    ),
    h('h4', null, 'Timeline'),
    timeline.length === 0
      ? h('p', { class: 'empty' }, 'No timeline entries.')
      : h(
          'ol',
          { class: 'timeline', 'data-testid': 'case-timeline' },
          ...timeline.map((entry) =>
            h('li', null, h('time', null, formatTime(entry.at)), ' ', describeTimelineEvent(entry)),
          ),
        ),
    ...(detail.graph ? [h('h4', null, 'Investigation graph'), graphView(detail.graph)] : []),
  ];
}

/** The investigation graph as SVG: columns by kind, edges as lines. */
export function graphView(graph: NonNullable<CaseDetail['graph']>): HTMLElement {
  const layout = layoutGraph(graph);
  if (layout.nodes.length === 0) return h('p', { class: 'empty' }, 'The graph is empty.');
  const kinds = layout.columns;
  const drawing = svg(
    'svg',
    {
      viewBox: `0 0 ${layout.width} ${layout.height + 20}`,
      width: layout.width,
      height: layout.height + 20,
      role: 'img',
      'aria-label': `Investigation graph: ${layout.nodes.length} nodes, ${layout.edges.length} edges`,
      'data-testid': 'case-graph',
    },
    ...layout.edges.map((edge) =>
      svg(
        'line',
        { x1: edge.x1, y1: edge.y1 + 20, x2: edge.x2, y2: edge.y2 + 20, class: 'edge' },
        svg('title', null, `${edge.from} ${edge.kind} ${edge.to}`),
      ),
    ),
    ...kinds.map((kind, column) =>
      svg('text', { x: 10 + column * 220, y: 14, class: 'column-title' }, kind),
    ),
    ...layout.nodes.map((node) =>
      svg(
        'g',
        { class: `node kind-${kinds.indexOf(node.kind) % 8}`, 'data-node-id': node.id },
        svg('rect', { x: node.x, y: node.y + 20, width: 160, height: 32, rx: 4 }),
        svg('text', { x: node.x + 8, y: node.y + 41 }, truncate(node.label || node.id, 22)),
        svg('title', null, `${node.kind}: ${node.label || node.id}`),
      ),
    ),
  );
  return h('div', { class: 'graph' }, drawing);
}
