/**
 * Where the investigation page draws each node: a small layered layout written for the shape of
 * an investigation graph rather than a general graph-drawing library. `spawned` edges make a
 * forest (a process has one parent), so the process trees get a tidy tree layout — depth is the
 * column (parents left, children right), each leaf its own row, a parent centred on its children;
 * no crossings among tree edges, O(n). Every other entity goes into a column per kind to the
 * right of the trees, in the order of the rows of the processes it touches (the barycentre
 * heuristic of layered drawing), which keeps its edges short.
 *
 * @module
 */
import type {
  GraphEdge,
  GraphNode,
  GraphNodeKind,
  InvestigationGraph,
} from '../graph/graph-types.js';

/** The columns of the non-process kinds, left to right. */
export const KIND_COLUMNS: readonly GraphNodeKind[] = [
  'host',
  'user',
  'session',
  'ip',
  'domain',
  'url',
  'file',
  'registry_key',
  'cloud_resource',
  'finding',
];

/** Sizes of the drawing, in SVG user units. */
export const LAYOUT = {
  nodeWidth: 190,
  nodeHeight: 22,
  columnGap: 60,
  rowHeight: 30,
  margin: 16,
} as const;

/** A node with its place: the top-left corner of its box. */
export interface PlacedNode {
  readonly node: GraphNode;
  readonly x: number;
  readonly y: number;
}

/** The layout of the drawn part of a graph. */
export interface GraphLayout {
  /** The nodes drawn, with their places. */
  readonly nodes: readonly PlacedNode[];
  /** The edges between drawn nodes. */
  readonly edges: readonly GraphEdge[];
  /** The drawing's size. */
  readonly width: number;
  readonly height: number;
  /** How many nodes and edges of the graph were left out by the cap. */
  readonly omittedNodes: number;
  readonly omittedEdges: number;
}

const byFirstSeen = (a: GraphNode, b: GraphNode): number =>
  a.firstSeen - b.firstSeen || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The parent of each process: the `from` of a `spawned` edge between two processes of `ids`
 * (the earliest edge when a process has several), ignoring edges that would close a cycle.
 */
function parentsOf(
  edges: readonly GraphEdge[],
  processes: ReadonlyMap<string, GraphNode>,
): Map<string, string> {
  const parent = new Map<string, string>();
  const spawned = edges
    .filter(
      (edge) =>
        edge.kind === 'spawned' &&
        edge.from !== edge.to &&
        processes.has(edge.from) &&
        processes.has(edge.to),
    )
    .sort((a, b) => a.firstSeen - b.firstSeen);
  for (const edge of spawned) {
    if (parent.has(edge.to)) continue;
    let ancestor: string | undefined = edge.from;
    let cycle = false;
    for (let steps = 0; ancestor !== undefined && steps <= processes.size; steps++) {
      if (ancestor === edge.to) {
        cycle = true;
        break;
      }
      ancestor = parent.get(ancestor);
    }
    if (!cycle) parent.set(edge.to, edge.from);
  }
  return parent;
}

/** The processes in depth-first pre-order of their trees (roots and children by first seen). */
function treeOrder(
  processes: readonly GraphNode[],
  parent: ReadonlyMap<string, string>,
): { order: GraphNode[]; children: Map<string, GraphNode[]> } {
  const children = new Map<string, GraphNode[]>();
  const roots: GraphNode[] = [];
  for (const node of [...processes].sort(byFirstSeen)) {
    const up = parent.get(node.id);
    if (up === undefined) roots.push(node);
    else {
      const list = children.get(up);
      if (list === undefined) children.set(up, [node]);
      else list.push(node);
    }
  }
  const order: GraphNode[] = [];
  const stack = [...roots].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as GraphNode;
    order.push(node);
    const below = children.get(node.id);
    if (below !== undefined)
      for (let i = below.length - 1; i >= 0; i--) stack.push(below[i] as GraphNode);
  }
  return { order, children };
}

/**
 * The nodes to draw when the graph has more than `limit`: up to 30 % of the places go to the
 * other entities (hosts and users first, then the most connected), the rest to processes in
 * depth-first order of their trees — so a drawn process always has its drawn ancestors.
 */
export function selectDrawnNodes(graph: InvestigationGraph, limit: number): GraphNode[] {
  if (graph.nodes.length <= limit) return graph.nodes;
  const processes = graph.nodes.filter((node) => node.kind === 'process');
  const others = graph.nodes.filter((node) => node.kind !== 'process');
  const degree = new Map<string, number>();
  for (const edge of graph.edges) {
    degree.set(edge.from, (degree.get(edge.from) ?? 0) + 1);
    degree.set(edge.to, (degree.get(edge.to) ?? 0) + 1);
  }
  const rank = (node: GraphNode): number =>
    node.kind === 'host' ? 0 : node.kind === 'user' ? 1 : 2;
  const rankedOthers = [...others].sort(
    (a, b) =>
      rank(a) - rank(b) || (degree.get(b.id) ?? 0) - (degree.get(a.id) ?? 0) || byFirstSeen(a, b),
  );
  // Places processes leave free, but at least 30 % of them when there are enough other entities.
  const othersDrawn = Math.max(
    Math.min(rankedOthers.length, Math.max(0, limit - processes.length)),
    Math.min(rankedOthers.length, Math.floor(limit * 0.3)),
  );
  const byId = new Map(processes.map((node) => [node.id, node]));
  const { order } = treeOrder(processes, parentsOf(graph.edges, byId));
  return [...order.slice(0, limit - othersDrawn), ...rankedOthers.slice(0, othersDrawn)];
}

/**
 * Lays out at most `limit` nodes of `graph` (see the module documentation and
 * {@link selectDrawnNodes}).
 */
export function layoutGraph(graph: InvestigationGraph, limit: number): GraphLayout {
  const drawn = selectDrawnNodes(graph, limit);
  const drawnIds = new Set(drawn.map((node) => node.id));
  const edges = graph.edges.filter((edge) => drawnIds.has(edge.from) && drawnIds.has(edge.to));
  const processes = new Map(
    drawn.filter((node) => node.kind === 'process').map((node) => [node.id, node]),
  );
  const parent = parentsOf(edges, processes);
  const { order, children } = treeOrder([...processes.values()], parent);
  const column = LAYOUT.nodeWidth + LAYOUT.columnGap;

  // Tidy tree: leaves take the next row; a parent sits at the middle of its children's rows.
  const row = new Map<string, number>();
  const depth = new Map<string, number>();
  let nextRow = 0;
  let maxDepth = -1;
  for (const node of order) {
    const up = parent.get(node.id);
    const level = up === undefined ? 0 : (depth.get(up) ?? 0) + 1;
    depth.set(node.id, level);
    if (level > maxDepth) maxDepth = level;
  }
  // Leaves take rows in pre-order; a reverse pre-order pass visits children before parents.
  for (const node of order) if (!children.has(node.id)) row.set(node.id, nextRow++);
  for (let index = order.length - 1; index >= 0; index--) {
    const node = order[index] as GraphNode;
    const below = children.get(node.id);
    if (below === undefined) continue;
    const first = row.get((below[0] as GraphNode).id) ?? 0;
    const last = row.get((below[below.length - 1] as GraphNode).id) ?? 0;
    row.set(node.id, (first + last) / 2);
  }

  const placed: PlacedNode[] = order.map((node) => ({
    node,
    x: LAYOUT.margin + (depth.get(node.id) ?? 0) * column,
    y: LAYOUT.margin + (row.get(node.id) ?? 0) * LAYOUT.rowHeight,
  }));
  let bottom = nextRow;

  // The other kinds: a column each, ordered by the mean row of the processes they touch.
  const neighbours = new Map<string, number[]>();
  for (const edge of edges) {
    const fromRow = processes.has(edge.from) ? row.get(edge.from) : undefined;
    const toRow = processes.has(edge.to) ? row.get(edge.to) : undefined;
    if (fromRow !== undefined && toRow === undefined) push(neighbours, edge.to, fromRow);
    if (toRow !== undefined && fromRow === undefined) push(neighbours, edge.from, toRow);
  }
  let columnIndex = maxDepth + 1;
  const kinds = [
    ...KIND_COLUMNS,
    ...new Set(drawn.map((node) => node.kind).filter((kind) => !KIND_COLUMNS.includes(kind))),
  ];
  for (const kind of kinds) {
    const members = drawn.filter((node) => node.kind === kind && !processes.has(node.id));
    if (members.length === 0) continue;
    const centre = (node: GraphNode): number => {
      const rows = neighbours.get(node.id);
      return rows === undefined
        ? Number.POSITIVE_INFINITY
        : rows.reduce((a, b) => a + b, 0) / rows.length;
    };
    const sorted = members
      .map((node) => ({ node, centre: centre(node) }))
      .sort((a, b) => a.centre - b.centre || byFirstSeen(a.node, b.node));
    let previous = Number.NEGATIVE_INFINITY;
    for (const { node, centre: wanted } of sorted) {
      const at = Math.max(Number.isFinite(wanted) ? wanted : previous + 1, previous + 1, 0);
      previous = at;
      placed.push({
        node,
        x: LAYOUT.margin + columnIndex * column,
        y: LAYOUT.margin + at * LAYOUT.rowHeight,
      });
      if (at + 1 > bottom) bottom = at + 1;
    }
    columnIndex++;
  }
  return {
    nodes: placed,
    edges,
    width: Math.max(1, columnIndex) * column - LAYOUT.columnGap + 2 * LAYOUT.margin,
    height: Math.max(1, bottom) * LAYOUT.rowHeight + 2 * LAYOUT.margin,
    omittedNodes: graph.nodes.length - drawn.length,
    omittedEdges: graph.edges.length - edges.length,
  };
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
