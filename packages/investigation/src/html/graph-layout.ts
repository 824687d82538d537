/**
 * Where the investigation page draws each node: a small layered layout written for the shape of
 * an investigation graph rather than a general graph-drawing library. The drawing has a lane per
 * host, as EDR consoles group process trees by machine. `spawned` edges make a forest (a process
 * has one parent), so each lane's process trees get a tidy tree layout — depth is the column
 * (parents left, children right), each leaf its own row, a parent centred on its children; no
 * crossings among tree edges, O(n). Every other entity goes into a column per kind to the right
 * of the trees, in the lane of the processes it mostly touches and in the order of their rows
 * (the barycentre heuristic of layered drawing), which keeps its edges short.
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
  rowGap: 6,
  laneGap: 10,
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
  /** The edges drawn: those between drawn nodes, less the implicit ones. */
  readonly edges: readonly GraphEdge[];
  /** The host lanes, top to bottom. */
  readonly lanes: readonly GraphLane[];
  /** The drawing's size. */
  readonly width: number;
  readonly height: number;
  /** How many nodes and edges of the graph were left out by the cap. */
  readonly omittedNodes: number;
  readonly omittedEdges: number;
  /** `executed-on` edges shown by a process's place in its host's lane rather than drawn. */
  readonly implicitEdges: number;
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

/** A horizontal band of the drawing: one host with its process trees and nearby entities. */
export interface GraphLane {
  /** The host the lane stands for (drawn as its header), or `null` for entities of no host. */
  readonly host: GraphNode | null;
  /** Top and height of the band. */
  readonly y: number;
  readonly height: number;
}

const NO_LANE = '';

/** The lane each drawn node belongs to (a host node id, or {@link NO_LANE}). */
function assignLanes(
  drawn: readonly GraphNode[],
  edges: readonly GraphEdge[],
  processOrder: readonly GraphNode[],
  parent: ReadonlyMap<string, string>,
): Map<string, string> {
  const kinds = new Map(drawn.map((node) => [node.id, node.kind]));
  const lane = new Map<string, string>();
  for (const node of drawn) if (node.kind === 'host') lane.set(node.id, node.id);
  // A process runs on the host of its first `executed-on` edge, else on its parent's.
  const ranOn = new Map<string, string>();
  for (const edge of [...edges].sort((a, b) => a.firstSeen - b.firstSeen)) {
    if (
      edge.kind === 'executed-on' &&
      kinds.get(edge.from) === 'process' &&
      kinds.get(edge.to) === 'host'
    ) {
      if (!ranOn.has(edge.from)) ranOn.set(edge.from, edge.to);
    }
  }
  for (const node of processOrder) {
    const up = parent.get(node.id);
    lane.set(
      node.id,
      ranOn.get(node.id) ?? (up === undefined ? undefined : lane.get(up)) ?? NO_LANE,
    );
  }
  // Any other entity goes to the lane most of its process (else host) neighbours are in.
  const votes = new Map<string, Map<string, number>>();
  const vote = (id: string, other: string, weight: number): void => {
    const target = lane.get(other);
    if (target === undefined) return;
    let byLane = votes.get(id);
    if (byLane === undefined) {
      byLane = new Map();
      votes.set(id, byLane);
    }
    byLane.set(target, (byLane.get(target) ?? 0) + weight);
  };
  for (const edge of edges) {
    const fromKind = kinds.get(edge.from);
    const toKind = kinds.get(edge.to);
    if (fromKind === undefined || toKind === undefined) continue;
    if (fromKind !== 'process' && fromKind !== 'host')
      vote(edge.from, edge.to, toKind === 'process' ? 2 : 1);
    if (toKind !== 'process' && toKind !== 'host')
      vote(edge.to, edge.from, fromKind === 'process' ? 2 : 1);
  }
  for (const node of drawn) {
    if (lane.has(node.id)) continue;
    let best = NO_LANE;
    let bestVotes = 0;
    for (const [candidate, count] of votes.get(node.id) ?? []) {
      if (count > bestVotes) {
        best = candidate;
        bestVotes = count;
      }
    }
    lane.set(node.id, best);
  }
  return lane;
}

/**
 * Lays out at most `limit` nodes of `graph` (see the module documentation and
 * {@link selectDrawnNodes}): a lane per host, top to bottom in the order hosts were first seen,
 * its header the host, under it the process trees that ran there and, in columns per kind to
 * their right, the entities mostly connected to them; a lane without host for the rest. A
 * process's `executed-on` edge to its own lane's host is shown by the lane, not drawn
 * (`implicitEdges` counts them).
 */
export function layoutGraph(graph: InvestigationGraph, limit: number): GraphLayout {
  const drawn = selectDrawnNodes(graph, limit);
  const drawnIds = new Set(drawn.map((node) => node.id));
  const edges = graph.edges.filter((edge) => drawnIds.has(edge.from) && drawnIds.has(edge.to));
  const processes = new Map(
    drawn.filter((node) => node.kind === 'process').map((node) => [node.id, node]),
  );
  const allParents = parentsOf(edges, processes);
  const { order: globalOrder } = treeOrder([...processes.values()], allParents);
  const lane = assignLanes(drawn, edges, globalOrder, allParents);
  // Trees do not cross lanes: a parent on another host leaves its child a root of its lane.
  const parent = new Map([...allParents].filter(([child, up]) => lane.get(child) === lane.get(up)));
  const { order, children } = treeOrder([...processes.values()], parent);
  const depth = new Map<string, number>();
  let maxDepth = -1;
  for (const node of order) {
    const up = parent.get(node.id);
    const level = up === undefined ? 0 : (depth.get(up) ?? 0) + 1;
    depth.set(node.id, level);
    if (level > maxDepth) maxDepth = level;
  }
  const kinds = [
    ...KIND_COLUMNS.filter((kind) => kind !== 'host'),
    ...new Set(
      drawn
        .map((node) => node.kind)
        .filter((kind) => kind !== 'process' && kind !== 'host' && !KIND_COLUMNS.includes(kind)),
    ),
  ].filter((kind) => drawn.some((node) => node.kind === kind && lane.get(node.id) !== undefined));
  const firstKindColumn = Math.max(maxDepth + 1, 1);
  const column = LAYOUT.nodeWidth + LAYOUT.columnGap;
  const columnOf = new Map(kinds.map((kind, index) => [kind, firstKindColumn + index]));

  const hosts = drawn.filter((node) => node.kind === 'host').sort(byFirstSeen);
  const laneKeys = [...hosts.map((host) => host.id)];
  if (drawn.some((node) => lane.get(node.id) === NO_LANE)) laneKeys.push(NO_LANE);
  const byId = new Map(drawn.map((node) => [node.id, node]));
  const placed: PlacedNode[] = [];
  const lanes: GraphLane[] = [];
  const rowOf = new Map<string, number>();
  let top = LAYOUT.margin;
  for (const key of laneKeys) {
    const members = new Set(
      drawn.filter((node) => lane.get(node.id) === key).map((node) => node.id),
    );
    // Row 0 is the header; trees start at row 1: leaves take rows in pre-order, a parent the
    // middle of its children's rows (a reverse pre-order pass visits children first).
    let nextRow = 1;
    const laneOrder = order.filter((node) => members.has(node.id));
    for (const node of laneOrder) if (!children.has(node.id)) rowOf.set(node.id, nextRow++);
    for (let index = laneOrder.length - 1; index >= 0; index--) {
      const node = laneOrder[index] as GraphNode;
      const below = children.get(node.id);
      if (below === undefined) continue;
      const first = rowOf.get((below[0] as GraphNode).id) ?? 0;
      const last = rowOf.get((below[below.length - 1] as GraphNode).id) ?? 0;
      rowOf.set(node.id, (first + last) / 2);
    }
    let bottom = nextRow;
    const host = key === NO_LANE ? null : (byId.get(key) ?? null);
    if (host !== null) placed.push({ node: host, x: LAYOUT.margin, y: top + LAYOUT.rowGap });
    for (const node of laneOrder) {
      placed.push({
        node,
        x: LAYOUT.margin + (depth.get(node.id) ?? 0) * column,
        y: top + LAYOUT.rowGap + (rowOf.get(node.id) ?? 0) * LAYOUT.rowHeight,
      });
    }
    // The other kinds: a column each, ordered by the mean row of the lane's processes they touch.
    const neighbours = new Map<string, number[]>();
    for (const edge of edges) {
      const fromRow =
        members.has(edge.from) && processes.has(edge.from) ? rowOf.get(edge.from) : undefined;
      const toRow = members.has(edge.to) && processes.has(edge.to) ? rowOf.get(edge.to) : undefined;
      if (fromRow !== undefined && toRow === undefined) push(neighbours, edge.to, fromRow);
      if (toRow !== undefined && fromRow === undefined) push(neighbours, edge.from, toRow);
    }
    for (const kind of kinds) {
      const entities = drawn.filter((node) => node.kind === kind && members.has(node.id));
      const centre = (node: GraphNode): number => {
        const rows = neighbours.get(node.id);
        return rows === undefined
          ? Number.POSITIVE_INFINITY
          : rows.reduce((a, b) => a + b, 0) / rows.length;
      };
      const sorted = entities
        .map((node) => ({ node, centre: centre(node) }))
        .sort((a, b) => a.centre - b.centre || byFirstSeen(a.node, b.node));
      let previous = 0; // row 0 is the header's
      for (const { node, centre: wanted } of sorted) {
        const at = Math.max(Number.isFinite(wanted) ? wanted : previous + 1, previous + 1);
        previous = at;
        placed.push({
          node,
          x: LAYOUT.margin + (columnOf.get(kind) ?? 0) * column,
          y: top + LAYOUT.rowGap + at * LAYOUT.rowHeight,
        });
        if (at + 1 > bottom) bottom = at + 1;
      }
    }
    const height = bottom * LAYOUT.rowHeight + LAYOUT.rowGap;
    lanes.push({ host, y: top, height });
    top += height + LAYOUT.laneGap;
  }
  const laneOfPlaced = new Map(placed.map((item) => [item.node.id, lane.get(item.node.id)]));
  const implicit = (edge: GraphEdge): boolean =>
    edge.kind === 'executed-on' &&
    processes.has(edge.from) &&
    laneOfPlaced.get(edge.from) === edge.to;
  const shown = edges.filter((edge) => !implicit(edge));
  const columns = firstKindColumn + kinds.length;
  return {
    nodes: placed,
    edges: shown,
    lanes,
    width: Math.max(1, columns) * column - LAYOUT.columnGap + 2 * LAYOUT.margin,
    height: Math.max(top - LAYOUT.laneGap + LAYOUT.margin, 2 * LAYOUT.margin),
    omittedNodes: graph.nodes.length - drawn.length,
    omittedEdges: graph.edges.length - edges.length,
    implicitEdges: edges.length - shown.length,
  };
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
