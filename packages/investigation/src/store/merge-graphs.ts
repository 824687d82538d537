import type { GraphEdge, GraphNode, InvestigationGraph } from '../graph/graph-types.js';

/** Options of {@link mergeInvestigationGraphs}. */
export interface MergeGraphsOptions {
  /** At most this many evidence ids per edge after the merge; default 20. */
  evidenceLimit?: number;
}

function widen<T extends { firstSeen: number; lastSeen: number; count: number }>(
  into: T,
  from: T,
): void {
  into.firstSeen = Math.min(into.firstSeen, from.firstSeen);
  into.lastSeen = Math.max(into.lastSeen, from.lastSeen);
  into.count += from.count;
}

function mergeNode(into: GraphNode, from: GraphNode): void {
  widen(into, from);
  if (into.uid === undefined && from.uid !== undefined) into.uid = from.uid;
  if (into.name === undefined && from.name !== undefined) into.name = from.name;
  for (const [key, value] of Object.entries(from.attributes)) {
    if (!(key in into.attributes)) into.attributes[key] = value;
  }
}

function mergeEdge(into: GraphEdge, from: GraphEdge, limit: number): void {
  widen(into, from);
  if (into.evidence.length >= limit) return;
  const seen = new Set(into.evidence);
  for (const id of from.evidence) {
    if (into.evidence.length >= limit) break;
    if (!seen.has(id)) {
      seen.add(id);
      into.evidence.push(id);
    }
  }
}

/**
 * Merges investigation graphs of several batches into one: nodes and edges meet by id, their
 * counts are added, first/last seen widened, attributes, `uid` and `name` kept from the first
 * graph that has them, evidence ids united up to the limit. The inputs are not changed; nodes and
 * edges keep the order of first appearance.
 */
export function mergeInvestigationGraphs(
  graphs: readonly InvestigationGraph[],
  options: MergeGraphsOptions = {},
): InvestigationGraph {
  const limit = options.evidenceLimit ?? 20;
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  for (const graph of graphs) {
    for (const node of graph.nodes) {
      const existing = nodes.get(node.id);
      if (existing === undefined)
        nodes.set(node.id, { ...node, attributes: { ...node.attributes } });
      else mergeNode(existing, node);
    }
    for (const edge of graph.edges) {
      const existing = edges.get(edge.id);
      if (existing === undefined)
        edges.set(edge.id, { ...edge, evidence: edge.evidence.slice(0, limit) });
      else mergeEdge(existing, edge, limit);
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}
