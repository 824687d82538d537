/**
 * Layout of a case's investigation graph for the drill-down: nodes in columns by kind, stacked
 * top to bottom, edges as straight lines between node centres. DOM-free, so it is unit-tested
 * under Node; the page turns the result into SVG.
 */
import type { GraphView } from '../src/operations/types.js';

/** Kinds drawn first, left to right; any other kind follows in order of first appearance. */
export const KIND_ORDER: readonly string[] = [
  'case',
  'incident',
  'finding',
  'alert',
  'user',
  'host',
  'device',
  'process',
  'file',
  'ip',
  'domain',
  'url',
];

/** Sizes of the layout, in SVG user units. */
export interface GraphLayoutOptions {
  readonly nodeWidth: number;
  readonly nodeHeight: number;
  readonly columnGap: number;
  readonly rowGap: number;
  readonly margin: number;
}

/** A node placed: its box's top-left corner. */
export interface PlacedNode {
  readonly id: string;
  readonly kind: string;
  readonly label: string;
  readonly x: number;
  readonly y: number;
  readonly column: number;
}

/** An edge between two placed nodes, centre to centre of the facing sides. */
export interface PlacedEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: string;
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/** The laid-out graph and its drawing size. */
export interface GraphLayout {
  readonly width: number;
  readonly height: number;
  readonly columns: readonly string[];
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
}

/** Default sizes. */
export const DEFAULT_GRAPH_LAYOUT: GraphLayoutOptions = {
  nodeWidth: 160,
  nodeHeight: 32,
  columnGap: 60,
  rowGap: 12,
  margin: 10,
};

/**
 * Lays `graph` out. Duplicate node ids keep their first occurrence; edges whose ends are unknown
 * are dropped; an empty graph gives an empty drawing of margin size.
 */
export function layoutGraph(
  graph: GraphView,
  options: GraphLayoutOptions = DEFAULT_GRAPH_LAYOUT,
): GraphLayout {
  const { nodeWidth, nodeHeight, columnGap, rowGap, margin } = options;
  const unique = new Map<string, GraphView['nodes'][number]>();
  for (const node of graph.nodes) if (!unique.has(node.id)) unique.set(node.id, node);
  const seenKinds: string[] = [];
  for (const node of unique.values()) if (!seenKinds.includes(node.kind)) seenKinds.push(node.kind);
  const columns = [
    ...KIND_ORDER.filter((kind) => seenKinds.includes(kind)),
    ...seenKinds.filter((kind) => !KIND_ORDER.includes(kind)),
  ];
  const rows = new Array<number>(columns.length).fill(0);
  const placed = new Map<string, PlacedNode>();
  for (const node of unique.values()) {
    const column = columns.indexOf(node.kind);
    const row = rows[column] ?? 0;
    rows[column] = row + 1;
    placed.set(node.id, {
      id: node.id,
      kind: node.kind,
      label: node.label,
      column,
      x: margin + column * (nodeWidth + columnGap),
      y: margin + row * (nodeHeight + rowGap),
    });
  }
  const edges: PlacedEdge[] = [];
  for (const edge of graph.edges) {
    const from = placed.get(edge.from);
    const to = placed.get(edge.to);
    if (!from || !to) continue;
    const leftToRight = from.x <= to.x;
    const sameColumn = from.column === to.column;
    edges.push({
      from: edge.from,
      to: edge.to,
      kind: edge.kind,
      x1: sameColumn ? from.x + nodeWidth / 2 : leftToRight ? from.x + nodeWidth : from.x,
      y1: from.y + nodeHeight / 2,
      x2: sameColumn ? to.x + nodeWidth / 2 : leftToRight ? to.x : to.x + nodeWidth,
      y2: to.y + nodeHeight / 2,
    });
  }
  const tallest = Math.max(0, ...rows);
  return {
    width:
      columns.length === 0
        ? margin * 2
        : margin * 2 + columns.length * nodeWidth + (columns.length - 1) * columnGap,
    height: tallest === 0 ? margin * 2 : margin * 2 + tallest * nodeHeight + (tallest - 1) * rowGap,
    columns,
    nodes: [...placed.values()],
    edges,
  };
}
