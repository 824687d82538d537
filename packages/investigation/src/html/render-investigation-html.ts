import type { ImpactMarker, InvestigationScope } from '../assessment/assessment-types.js';
import type { GraphNodeKind } from '../graph/graph-types.js';
import type { TimelineEntry } from '../timeline/timeline-types.js';
import { layoutGraph } from './graph-layout.js';
import { graphLegend, graphSvg, NODE_STYLES, nodeLabel } from './graph-svg.js';
import { escapeHtml as e } from './html-escape.js';
import type { InvestigationReport } from './investigation-report.js';
import { formatTime } from './report-format.js';

/** Options of {@link renderInvestigationHtml}. */
export interface InvestigationHtmlOptions {
  /** The page title (default `Investigation`). */
  readonly title?: string;
  /**
   * The most graph nodes drawn (default 250); a larger graph is drawn in part (hosts and users,
   * the most connected entities, the process trees from their roots) with a note, and listed in
   * full in the entity and relation tables.
   */
  readonly maxGraphNodes?: number;
  /** The most timeline rows listed (default 50,000); the rest are counted in a note. */
  readonly maxTimelineRows?: number;
}

const STYLE = `body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#1f2328;margin:0;background:#f6f8fa}
main{max-width:1200px;margin:0 auto;padding:24px;background:#fff}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;border-bottom:1px solid #d0d7de;padding-bottom:4px;margin-top:32px}
.muted{color:#57606a}.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{border:1px solid #d0d7de;border-radius:6px;padding:10px 14px;min-width:110px}.card b{display:block;font-size:20px}
table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}th,td{border-bottom:1px solid #eaeef2;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f6f8fa;position:sticky;top:0}td.time{white-space:nowrap;font-variant-numeric:tabular-nums}td.summary,td.wrap{word-break:break-all}
tr.duplicate td{color:#8c959f}tr:target td{background:#fff8c5}
.graph-box{overflow:auto;max-height:900px;border:1px solid #d0d7de;border-radius:6px;margin:8px 0}
svg.graph{display:block;font-size:11px}svg.graph .label{fill:#1f2328}svg.graph .badge{fill:#fff;font-weight:600;font-size:10px}
svg.graph .edge path{stroke-width:1.2;opacity:.7}svg.graph .edge-label{fill:#57606a;font-size:9px}svg.graph .lane-label{fill:#57606a;font-style:italic}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:12px;padding:0;margin:8px 0;font-size:13px}
.swatch{display:inline-block;min-width:16px;padding:0 3px;margin-right:4px;border-radius:3px;color:#fff;font-size:10px;font-weight:600;text-align:center}
.note{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:6px 10px;font-size:13px}
dl.scope{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px;font-size:13px}dl.scope dt{font-weight:600}dl.scope dd{margin:0;word-break:break-all}
ol.chain{font-size:13px;margin:4px 0 8px 18px;padding:0}.impact-kind{font-weight:600;color:#cf222e}
footer{font-size:12px;color:#57606a;margin-top:32px}`;

/** Content-Security-Policy of the page: nothing loads, nothing runs; inline styles only. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

function table(headers: readonly string[], rows: readonly string[], className: string): string {
  return `<table class="${className}"><thead><tr>${headers.map((header) => `<th>${e(header)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Anchors of timeline rows: `entry-<index>` (entry ids are attacker-influenced; indexes are not). */
function anchorsOf(timeline: readonly TimelineEntry[]): Map<string, string> {
  const anchors = new Map<string, string>();
  timeline.forEach((entry, index) => {
    if (!anchors.has(entry.id)) anchors.set(entry.id, `entry-${index}`);
  });
  return anchors;
}

/** The evidence entries, each a link to its timeline row with its time and summary. */
function evidenceList(
  ids: readonly string[],
  byId: ReadonlyMap<string, TimelineEntry>,
  anchors: ReadonlyMap<string, string>,
): string {
  if (ids.length === 0) return '<p class="muted">No evidence entries.</p>';
  return `<ol class="chain">${ids
    .map((id) => {
      const entry = byId.get(id);
      const anchor = anchors.get(id);
      const text =
        entry === undefined
          ? e(id)
          : `${e(formatTime(entry.time))} — ${e(entry.host ?? '')}${entry.host ? ': ' : ''}${e(entry.summary)}`;
      return `<li>${anchor === undefined ? text : `<a href="#${anchor}">${text}</a>`}</li>`;
    })
    .join('')}</ol>`;
}

function scopeList(scope: InvestigationScope): string {
  const rows: [string, readonly string[]][] = [
    ['Hosts', scope.hosts],
    ['Users', scope.users],
    ['Accounts', scope.accounts],
    ['IP addresses', scope.ips],
    ['Domains', scope.domains],
    ['Files', scope.files],
    ['Cloud resources', scope.resources],
  ];
  const items = rows
    .map(
      ([label, values]) =>
        `<dt>${e(label)} (${values.length})</dt><dd>${values.length === 0 ? '<span class="muted">none</span>' : values.map(e).join(', ')}</dd>`,
    )
    .join('');
  return `<dl class="scope">${items}<dt>Activity</dt><dd>${e(formatTime(scope.firstSeen))} to ${e(formatTime(scope.lastSeen))}</dd></dl>`;
}

function impactTable(
  impact: readonly ImpactMarker[],
  anchors: ReadonlyMap<string, string>,
): string {
  if (impact.length === 0) return '<p class="muted">No impact markers.</p>';
  const rows = [...impact]
    .sort((a, b) => a.time - b.time)
    .map((marker) => {
      const evidence = marker.evidence
        .map((id, index) => {
          const anchor = anchors.get(id);
          return anchor === undefined ? e(id) : `<a href="#${anchor}">${index + 1}</a>`;
        })
        .join(' ');
      const bytes = marker.bytes === undefined ? '' : ` (${marker.bytes} bytes)`;
      return `<tr><td class="time">${e(formatTime(marker.time))}</td><td class="impact-kind">${e(marker.kind)}</td><td class="wrap">${e(marker.summary)}${e(bytes)}</td><td>${e(marker.technique ?? '')}</td><td>${marker.hosts.map(e).join(', ')}</td><td>${evidence}</td></tr>`;
    });
  return table(['Time', 'Kind', 'What', 'ATT&CK', 'Hosts', 'Evidence'], rows, 'impact');
}

/**
 * The investigation as ONE self-contained HTML page: the graph drawn as inline SVG (process
 * trees left to right, parents before children; hosts, users, addresses, files and other
 * entities in columns beside them; kinds by badge and colour, edges labelled by kind), the
 * scope, the origin with its chain of evidence, the impact markers, the timeline as a table
 * (time, source, host, user, summary; duplicates marked), and the full lists of entities and
 * relations. Inline CSS, no script, no external resource (a Content-Security-Policy forbids
 * any), every string escaped — command lines and file names are attacker-controlled.
 */
export function renderInvestigationHtml(
  report: InvestigationReport,
  options: InvestigationHtmlOptions = {},
): string {
  const title = options.title ?? 'Investigation';
  const maxNodes = Math.max(1, Math.floor(options.maxGraphNodes ?? 250));
  const maxRows = Math.max(0, Math.floor(options.maxTimelineRows ?? 50_000));
  const { timeline, graph, assessment } = report;
  const { scope, origin, impact } = assessment;
  const anchors = anchorsOf(timeline);
  const byId = new Map<string, TimelineEntry>();
  for (const entry of timeline) if (!byId.has(entry.id)) byId.set(entry.id, entry);

  const duplicates = timeline.filter((entry) => entry.duplicateOf !== undefined).length;
  const cards = [
    ['Timeline entries', String(timeline.length)],
    ['Duplicates', String(duplicates)],
    ['Entities', String(graph.nodes.length)],
    ['Relations', String(graph.edges.length)],
    ['Hosts', String(scope.hosts.length)],
    ['Users', String(scope.users.length)],
    ['Impact markers', String(impact.length)],
  ]
    .map(
      ([label, value]) =>
        `<div class="card"><span class="muted">${e(label as string)}</span><b>${e(value as string)}</b></div>`,
    )
    .join('');
  const notes = (report.notes ?? []).map((note) => `<p class="note">${e(note)}</p>`).join('');

  const originHtml =
    origin === null
      ? '<p class="muted">No origin: no related activity.</p>'
      : `<p><b>${e(formatTime(origin.time))}</b> on <b>${e(origin.host ?? 'an unknown host')}</b>${origin.user ? ` as <b>${e(origin.user)}</b>` : ''}: ${e(origin.summary)}</p><p>Initial access: <b>${e(origin.initialAccess)}</b>${origin.technique ? ` (ATT&amp;CK ${e(origin.technique)})` : ''}</p><h3>Evidence chain</h3>${evidenceList(origin.evidence, byId, anchors)}`;

  const layout = layoutGraph(graph, maxNodes);
  const kinds = [...new Set(layout.nodes.map((placed) => placed.node.kind))] as GraphNodeKind[];
  const capNote =
    layout.omittedNodes > 0
      ? `<p class="note">The graph has ${graph.nodes.length} entities and ${graph.edges.length} relations; ${layout.nodes.length} entities and ${layout.edges.length} relations are drawn (the limit is ${maxNodes}). The tables below list them all.</p>`
      : '';
  const graphHtml =
    graph.nodes.length === 0
      ? '<p class="muted">No entities.</p>'
      : `${capNote}<p class="muted">A band per host: its process trees (parents left of the processes they spawned) and, to their right, the entities they touched. ${layout.implicitEdges > 0 ? `${layout.implicitEdges} executed-on relations are shown by the bands rather than drawn.` : ''}</p>${graphLegend(kinds)}<div class="graph-box">${graphSvg(layout, `${title}: investigation graph`)}</div>`;

  const shown = timeline.slice(0, maxRows);
  const timelineRows = shown.map((entry, index) => {
    const duplicate = entry.duplicateOf !== undefined;
    const mark = duplicate ? ' <span class="muted">(duplicate)</span>' : '';
    return `<tr id="entry-${index}"${duplicate ? ' class="duplicate"' : ''}><td class="time">${e(formatTime(entry.time))}</td><td class="wrap">${e(entry.source)}</td><td>${e(entry.host ?? '')}</td><td>${e(entry.user ?? '')}</td><td class="summary">${e(entry.summary)}${mark}</td></tr>`;
  });
  const timelineNote =
    timeline.length > shown.length
      ? `<p class="note">${timeline.length - shown.length} of ${timeline.length} timeline entries are not listed (the limit is ${maxRows}).</p>`
      : '';

  const names = new Map(graph.nodes.map((node) => [node.id, nodeLabel(node)]));
  const nodeRows = graph.nodes.map(
    (node) =>
      `<tr><td>${e(NODE_STYLES[node.kind]?.label ?? node.kind)}</td><td class="wrap">${e(node.name ?? '')}</td><td class="wrap">${e(node.uid ?? '')}</td><td class="time">${e(formatTime(node.firstSeen))}</td><td>${node.count}</td><td class="wrap">${e(
        Object.entries(node.attributes)
          .map(([key, value]) => `${key}=${String(value)}`)
          .join(' · '),
      )}</td></tr>`,
  );
  const edgeRows = graph.edges.map(
    (edge) =>
      `<tr><td class="wrap">${e(names.get(edge.from) ?? edge.from)}</td><td>${e(edge.kind)}</td><td class="wrap">${e(names.get(edge.to) ?? edge.to)}</td><td class="time">${e(formatTime(edge.firstSeen))}</td><td>${edge.count}</td></tr>`,
  );

  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(title)}</title><style>${STYLE}</style></head>
<body><main>
<h1>${e(title)}</h1>
<p class="muted">${e(formatTime(scope.firstSeen))} to ${e(formatTime(scope.lastSeen))}</p>
<div class="cards">${cards}</div>${notes}
<h2 id="origin">Origin</h2>${originHtml}
<h2 id="impact">Impact</h2>${impactTable(impact, anchors)}
<h2 id="scope">Scope</h2>${scopeList(scope)}
<h2 id="graph">Graph</h2>${graphHtml}
<h2 id="timeline">Timeline</h2>${timelineNote}${table(['Time (UTC)', 'Source', 'Host', 'User', 'Summary'], timelineRows, 'timeline')}
<h2 id="entities">Entities</h2>${table(['Kind', 'Name', 'UID', 'First seen', 'Events', 'Attributes'], nodeRows, 'entities')}
<h2 id="relations">Relations</h2>${table(['From', 'Relation', 'To', 'First seen', 'Events'], edgeRows, 'relations')}
<footer>Generated by OpenMDR (@openmdr/investigation). Times are UTC.</footer>
</main></body></html>
`;
}
