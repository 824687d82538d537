import { InvestigationError } from '../error-codes.js';
import type { GraphEdge, GraphNode, InvestigationGraph } from './graph-types.js';

/** The kinds of seed {@link selectSubgraph} accepts. */
export type SeedKind = 'node' | 'process' | 'host' | 'user' | 'ip' | 'finding';

/** Where a subgraph starts: a node id, or a process uid, host name, user, IP or finding uid. */
export interface GraphSeed {
  kind: SeedKind;
  value: string;
}

/** Bounds of {@link selectSubgraph}. */
export interface SubgraphOptions {
  /** How many hops from the seed (0 = the seed alone). Default 3. */
  depth?: number;
  /** At most this many nodes (the nearest first). Default 500. */
  maxNodes?: number;
}

/** A subgraph and why it may be smaller than asked. */
export interface Subgraph extends InvestigationGraph {
  /** The node ids the seed matched. */
  seeds: string[];
  /** Why nothing or not everything was selected (unknown seed, node limit reached). */
  notes: string[];
}

const SEED_KINDS: readonly SeedKind[] = ['node', 'process', 'host', 'user', 'ip', 'finding'];

function checkBound(
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
): number {
  const bound = value ?? fallback;
  if (!Number.isInteger(bound) || bound < min) {
    throw new InvestigationError(
      'INVESTIGATION_INVALID',
      `${name} must be an integer of at least ${min}, got ${String(value)}`,
    );
  }
  return bound;
}

/** Whether a node answers to a seed of the given kind. */
function matches(node: GraphNode, kind: SeedKind, value: string, lower: string): boolean {
  switch (kind) {
    case 'node':
      return node.id === value;
    case 'process':
      return node.kind === 'process' && (node.uid === value || node.id === `process:${value}`);
    case 'finding':
      return node.kind === 'finding' && (node.uid === value || node.id === `finding:${value}`);
    case 'host':
    case 'ip':
      return (
        node.kind === kind && (node.id === `${kind}:${lower}` || node.name?.toLowerCase() === lower)
      );
    case 'user': {
      if (node.kind !== 'user') return false;
      const name = node.name?.toLowerCase();
      return (
        node.id === `user:${lower}` ||
        name === lower ||
        name?.endsWith(`\\${lower}`) === true ||
        node.uid?.toLowerCase() === lower
      );
    }
  }
}

/** The node ids a seed names; a plain string tries node id, process, host, user, IP, finding. */
function seedNodes(graph: InvestigationGraph, seed: GraphSeed | string): string[] {
  const tries: GraphSeed[] =
    typeof seed === 'string' ? SEED_KINDS.map((kind) => ({ kind, value: seed })) : [seed];
  for (const attempt of tries) {
    const lower = attempt.value.toLowerCase();
    const found = graph.nodes
      .filter((node) => matches(node, attempt.kind, attempt.value, lower))
      .map((node) => node.id);
    if (found.length > 0) return found;
  }
  return [];
}

/**
 * The part of a graph connected to a seed: breadth-first from the seed's nodes up to `depth`
 * hops, following edges either way for reachability (edges keep their direction), nearest nodes
 * first up to `maxNodes`; the edges kept are those between kept nodes. An unknown seed gives an
 * empty graph and a note, not an error.
 * @throws {InvestigationError} (`INVESTIGATION_INVALID`) for an unknown seed kind, an empty seed
 *   value, a negative depth or a `maxNodes` below 1.
 */
export function selectSubgraph(
  graph: InvestigationGraph,
  seed: GraphSeed | string,
  options: SubgraphOptions = {},
): Subgraph {
  const depth = checkBound('depth', options.depth, 3, 0);
  const maxNodes = checkBound('maxNodes', options.maxNodes, 500, 1);
  const value = typeof seed === 'string' ? seed : seed?.value;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvestigationError('INVESTIGATION_INVALID', 'the seed needs a non-empty value');
  }
  if (typeof seed !== 'string' && !SEED_KINDS.includes(seed.kind)) {
    throw new InvestigationError(
      'INVESTIGATION_INVALID',
      `unknown seed kind ${JSON.stringify(seed.kind)}; expected one of ${SEED_KINDS.join(', ')}`,
    );
  }
  const seeds = seedNodes(graph, seed);
  const notes: string[] = [];
  if (seeds.length === 0) {
    notes.push(`no node matches the seed ${JSON.stringify(value)}`);
    return { nodes: [], edges: [], seeds, notes };
  }
  const adjacent = new Map<string, string[]>();
  for (const edge of graph.edges) {
    (adjacent.get(edge.from) ?? adjacent.set(edge.from, []).get(edge.from))?.push(edge.to);
    (adjacent.get(edge.to) ?? adjacent.set(edge.to, []).get(edge.to))?.push(edge.from);
  }
  // A node standing for many unrelated processes (an untracked parent) is kept but not walked through.
  const opaque = new Set(
    graph.nodes.filter((node) => node.attributes['unknown'] === true).map((node) => node.id),
  );
  const kept = new Set<string>(seeds.slice(0, maxNodes));
  let frontier = [...kept];
  let truncated = seeds.length > maxNodes;
  for (let hop = 0; hop < depth && frontier.length > 0 && !truncated; hop += 1) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const neighbour of adjacent.get(id) ?? []) {
        if (kept.has(neighbour)) continue;
        if (kept.size >= maxNodes) {
          truncated = true;
          break;
        }
        kept.add(neighbour);
        if (!opaque.has(neighbour)) next.push(neighbour);
      }
      if (truncated) break;
    }
    frontier = next;
  }
  if (truncated) notes.push(`stopped at maxNodes (${maxNodes}); nodes farther away are left out`);
  const nodes = graph.nodes.filter((node) => kept.has(node.id));
  const edges: GraphEdge[] = graph.edges.filter((edge) => kept.has(edge.from) && kept.has(edge.to));
  return { nodes, edges, seeds, notes };
}
