/**
 * The investigation graph as inline SVG: boxes with a kind badge and a readable label, edges as
 * curves coloured and labelled by kind, every text escaped, details in `<title>` tooltips.
 *
 * @module
 */
import type { GraphEdgeKind, GraphNode, GraphNodeKind } from '../graph/graph-types.js';
import { type GraphLayout, LAYOUT, type PlacedNode } from './graph-layout.js';
import { escapeHtml as e } from './html-escape.js';
import { formatTime } from './report-format.js';

/** The badge text and colour of each node kind. */
export const NODE_STYLES: Readonly<
  Record<GraphNodeKind, { badge: string; color: string; label: string }>
> = {
  process: { badge: 'P', color: '#0969da', label: 'process' },
  host: { badge: 'H', color: '#1a7f37', label: 'host' },
  user: { badge: 'U', color: '#8250df', label: 'user' },
  session: { badge: 'S', color: '#9a6700', label: 'session' },
  ip: { badge: 'IP', color: '#bc4c00', label: 'IP address' },
  domain: { badge: 'D', color: '#953800', label: 'domain' },
  url: { badge: 'L', color: '#6639ba', label: 'URL' },
  file: { badge: 'F', color: '#57606a', label: 'file' },
  registry_key: { badge: 'R', color: '#7d4e00', label: 'registry key' },
  cloud_resource: { badge: 'C', color: '#0550ae', label: 'cloud resource' },
  finding: { badge: '!', color: '#cf222e', label: 'finding' },
};

const FALLBACK_STYLE = { badge: '?', color: '#6e7781', label: 'entity' };

/** The colour of each edge kind (others grey). */
const EDGE_COLORS: Partial<Record<GraphEdgeKind, string>> = {
  spawned: '#0969da',
  'executed-on': '#8c959f',
  'ran-as': '#8250df',
  'logged-on': '#8250df',
  'authenticated-from': '#8250df',
  'connected-to': '#bc4c00',
  resolved: '#953800',
  'resolves-to': '#953800',
  wrote: '#57606a',
  deleted: '#cf222e',
  'injected-into': '#cf222e',
  modified: '#7d4e00',
  observed: '#cf222e',
};

const LABEL_CHARACTERS = 26;

/** The last segment of a Windows or POSIX path (the executable of a process). */
function baseName(path: string): string {
  const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return cut >= 0 && cut < path.length - 1 ? path.slice(cut + 1) : path;
}

/** The readable label of a node: a process's executable name and pid, else its name, uid or id. */
export function nodeLabel(node: GraphNode): string {
  if (node.kind !== 'process') return node.name ?? node.uid ?? node.id;
  const pid = node.attributes['pid'];
  // A process known only by its pid (a parent a Security 4688 event names) is "process (pid)".
  const name =
    node.name === undefined
      ? pid === undefined
        ? (node.uid ?? node.id)
        : 'process'
      : baseName(node.name);
  return pid === undefined ? name : `${name} (${pid})`;
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

/** The tooltip of a node: kind, name, uid, the attributes, when it was seen. */
function nodeTitle(node: GraphNode): string {
  const style = NODE_STYLES[node.kind] ?? FALLBACK_STYLE;
  const lines = [`${style.label}: ${node.name ?? node.id}`];
  if (node.uid !== undefined) lines.push(`uid: ${node.uid}`);
  for (const [key, value] of Object.entries(node.attributes))
    lines.push(`${key}: ${String(value)}`);
  lines.push(
    `seen ${node.count}× from ${formatTime(node.firstSeen)} to ${formatTime(node.lastSeen)}`,
  );
  return lines.join('\n');
}

function drawNode(placed: PlacedNode): string {
  const { node, x, y } = placed;
  const style = NODE_STYLES[node.kind] ?? FALLBACK_STYLE;
  const h = LAYOUT.nodeHeight;
  const badgeWidth = style.badge.length > 1 ? 22 : 18;
  return `<g class="node kind-${e(node.kind)}" data-id="${e(node.id)}"><title>${e(nodeTitle(node))}</title><rect x="${x}" y="${y}" width="${LAYOUT.nodeWidth}" height="${h}" rx="${node.kind === 'process' ? 4 : 11}" fill="#fff" stroke="${style.color}"/><rect x="${x + 2}" y="${y + 2}" width="${badgeWidth}" height="${h - 4}" rx="3" fill="${style.color}"/><text x="${x + 2 + badgeWidth / 2}" y="${y + h / 2 + 4}" text-anchor="middle" class="badge">${e(style.badge)}</text><text x="${x + badgeWidth + 7}" y="${y + h / 2 + 4}" class="label">${e(truncate(nodeLabel(node), LABEL_CHARACTERS))}</text></g>`;
}

function drawEdges(layout: GraphLayout): string {
  const at = new Map(layout.nodes.map((placed) => [placed.node.id, placed]));
  const h = LAYOUT.nodeHeight / 2;
  const outDegree = new Map<string, number>();
  const inDegree = new Map<string, number>();
  for (const edge of layout.edges) {
    outDegree.set(edge.from, (outDegree.get(edge.from) ?? 0) + 1);
    inDegree.set(edge.to, (inDegree.get(edge.to) ?? 0) + 1);
  }
  const parallel = new Map<string, number>();
  let out = '';
  for (const edge of layout.edges) {
    const from = at.get(edge.from);
    const to = at.get(edge.to);
    if (from === undefined || to === undefined) continue;
    const color = EDGE_COLORS[edge.kind] ?? '#8c959f';
    let x1: number;
    let x2: number;
    if (to.x > from.x) {
      x1 = from.x + LAYOUT.nodeWidth;
      x2 = to.x;
    } else if (to.x < from.x) {
      x1 = from.x;
      x2 = to.x + LAYOUT.nodeWidth;
    } else {
      // The same column: a loop out to the right.
      x1 = from.x + LAYOUT.nodeWidth;
      x2 = to.x + LAYOUT.nodeWidth;
    }
    const y1 = from.y + h;
    const y2 = to.y + h;
    const bend = x1 === x2 ? 40 : (x2 - x1) / 2;
    const path = `M${x1} ${y1} C${x1 + bend} ${y1} ${x2 - (x1 === x2 ? -40 : bend)} ${y2} ${x2} ${y2}`;
    // The label sits near the end that fewer drawn edges share (a parent's children fan out at
    // their end, the processes of one user at theirs), so labels of a fan do not pile up.
    const nearTarget = (outDegree.get(edge.from) ?? 0) > (inDegree.get(edge.to) ?? 0);
    const t = x1 === x2 ? 0.5 : nearTarget ? 0.8 : 0.2;
    const lx = x1 === x2 ? x1 + 30 : x1 + (x2 - x1) * t - (nearTarget ? 40 : 0);
    // Edges between the same two nodes (a parent spawned and accessed its child) stack labels.
    const pair =
      edge.from < edge.to ? `${edge.from}\u0000${edge.to}` : `${edge.to}\u0000${edge.from}`;
    const stacked = parallel.get(pair) ?? 0;
    parallel.set(pair, stacked + 1);
    const ly = y1 + (y2 - y1) * (t * t * (3 - 2 * t)) - 3 - stacked * 10;
    out += `<g class="edge kind-${e(edge.kind)}"><title>${e(`${edge.kind}: ${edge.from} → ${edge.to} (${edge.count}×)`)}</title><path d="${path}" stroke="${color}" fill="none" marker-end="url(#arrow)"/><text x="${lx}" y="${ly}" class="edge-label">${e(edge.kind)}</text></g>`;
  }
  return out;
}

/** The lane bands: a tinted band per host, a labelled one for entities of no host. */
function drawLanes(layout: GraphLayout): string {
  return layout.lanes
    .map((lane, index) => {
      const band = `<rect class="lane" x="4" y="${lane.y}" width="${layout.width - 8}" height="${lane.height}" rx="6" fill="${index % 2 === 0 ? '#f6f8fa' : '#eef6ff'}"/>`;
      return lane.host === null
        ? `${band}<text class="lane-label" x="${LAYOUT.margin}" y="${lane.y + LAYOUT.rowGap + LAYOUT.nodeHeight / 2 + 4}">no host</text>`
        : band;
    })
    .join('');
}

/**
 * The layout as one `<svg class="graph">` element: lane bands, edges, then nodes on top, and an
 * arrow marker.
 */
export function graphSvg(layout: GraphLayout, title: string): string {
  return `<svg class="graph" xmlns="http://www.w3.org/2000/svg" role="img" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}"><title>${e(title)}</title><defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#8c959f"/></marker></defs><g class="lanes">${drawLanes(layout)}</g><g class="edges">${drawEdges(layout)}</g><g class="nodes">${layout.nodes.map(drawNode).join('')}</g></svg>`;
}

/** The legend of the node kinds drawn. */
export function graphLegend(kinds: readonly GraphNodeKind[]): string {
  return `<ul class="legend">${kinds
    .map((kind) => {
      const style = NODE_STYLES[kind] ?? FALLBACK_STYLE;
      return `<li><span class="swatch" style="background:${style.color}">${e(style.badge)}</span>${e(style.label)}</li>`;
    })
    .join('')}</ul>`;
}
