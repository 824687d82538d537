import type {
  GraphEdge,
  GraphEdgeKind,
  GraphNode,
  GraphNodeKind,
  InvestigationGraph,
} from './graph-types.js';

/** What a caller knows about a node when it touches it. */
export interface NodeFacts {
  /** Readable name; a longer spelling that ends with the current one (a full path) replaces it. */
  name?: string | undefined;
  /** The source's unique id. */
  uid?: string | undefined;
  /** Kind-specific facts; the first value seen for a key wins. */
  attributes?: Readonly<Record<string, string | number | boolean | undefined>>;
}

interface MutableNode extends GraphNode {
  seq: number;
}

interface MutableEdge extends GraphEdge {
  seq: number;
}

/**
 * The mutable state of a graph under construction: nodes and edges by id, each aggregated
 * (count, first and last time, a capped list of evidence ids), so memory grows with the number
 * of entities and relations, not with the number of events. Aliases (a device uid for a host
 * name, a SID for a user name) are folded into their target when the graph is read.
 */
export class GraphStore {
  private readonly nodes = new Map<string, MutableNode>();
  private readonly edges = new Map<string, MutableEdge>();
  private readonly aliases = new Map<string, string>();

  /**
   * @param evidenceLimit - How many event ids an edge keeps (the first ones seen).
   */
  constructor(private readonly evidenceLimit: number) {}

  /** Whether a node exists. */
  has(id: string): boolean {
    return this.nodes.has(id);
  }

  /**
   * Creates or updates a node; `seq` numbers the event so one event counts once per node.
   * @returns The node id.
   */
  touch(id: string, kind: GraphNodeKind, time: number, seq: number, facts: NodeFacts = {}): string {
    let node = this.nodes.get(id);
    if (node === undefined) {
      node = { id, kind, firstSeen: time, lastSeen: time, count: 0, attributes: {}, seq: -1 };
      this.nodes.set(id, node);
    }
    if (node.seq !== seq) {
      node.seq = seq;
      node.count += 1;
      if (time < node.firstSeen) node.firstSeen = time;
      if (time > node.lastSeen) node.lastSeen = time;
    }
    if (facts.uid !== undefined && node.uid === undefined) node.uid = facts.uid;
    const name = facts.name;
    if (name !== undefined) {
      if (node.name === undefined) node.name = name;
      else if (
        name.length > node.name.length &&
        name.toLowerCase().endsWith(node.name.toLowerCase())
      ) {
        node.name = name;
      }
    }
    const attributes = facts.attributes;
    if (attributes !== undefined) {
      for (const key in attributes) {
        const value = attributes[key];
        if (value !== undefined && value !== '' && !(key in node.attributes)) {
          node.attributes[key] = value;
        }
      }
    }
    return id;
  }

  /** Adds one observation of the relation `from` —kind→ `to`. Self-loops are ignored. */
  link(
    from: string,
    to: string,
    kind: GraphEdgeKind,
    time: number,
    seq: number,
    entryId: string,
  ): void {
    if (from === to) return;
    const id = `${from}|${kind}|${to}`;
    let edge = this.edges.get(id);
    if (edge === undefined) {
      edge = {
        id,
        from,
        to,
        kind,
        firstSeen: time,
        lastSeen: time,
        count: 0,
        evidence: [],
        seq: -1,
      };
      this.edges.set(id, edge);
    }
    if (edge.seq === seq) return;
    edge.seq = seq;
    edge.count += 1;
    if (time < edge.firstSeen) edge.firstSeen = time;
    if (time > edge.lastSeen) edge.lastSeen = time;
    if (edge.evidence.length < this.evidenceLimit && !edge.evidence.includes(entryId)) {
      edge.evidence.push(entryId);
    }
  }

  /** Records that node `alias` is the same entity as node `target` (merged when read). */
  alias(alias: string, target: string): void {
    if (alias !== target && !this.aliases.has(alias)) this.aliases.set(alias, target);
  }

  /** The node id an alias stands for (following chains), or the id itself. */
  resolve(id: string): string {
    let current = id;
    for (let hops = 0; hops < 8; hops += 1) {
      const next = this.aliases.get(current);
      if (next === undefined) return current;
      current = next;
    }
    return current;
  }

  /** A snapshot of the graph, aliases merged, nodes and edges sorted by id. */
  snapshot(): InvestigationGraph {
    const nodes = new Map<string, GraphNode>();
    for (const node of this.nodes.values()) {
      const id = this.resolve(node.id);
      const existing = nodes.get(id);
      const copy = copyNode(node, id);
      if (existing === undefined) nodes.set(id, copy);
      else nodes.set(id, node.id === id ? mergeNodes(copy, existing) : mergeNodes(existing, copy));
    }
    const edges = new Map<string, GraphEdge>();
    for (const edge of this.edges.values()) {
      const from = this.resolve(edge.from);
      const to = this.resolve(edge.to);
      if (from === to) continue;
      const id = `${from}|${edge.kind}|${to}`;
      const copy: GraphEdge = { ...stripSeq(edge), id, from, to, evidence: [...edge.evidence] };
      const existing = edges.get(id);
      edges.set(id, existing === undefined ? copy : this.mergeEdges(existing, copy));
    }
    return {
      nodes: [...nodes.values()].sort((a, b) => compare(a.id, b.id)),
      edges: [...edges.values()].sort((a, b) => compare(a.id, b.id)),
    };
  }

  private mergeEdges(a: GraphEdge, b: GraphEdge): GraphEdge {
    const evidence = [...a.evidence];
    for (const id of b.evidence) {
      if (evidence.length >= this.evidenceLimit) break;
      if (!evidence.includes(id)) evidence.push(id);
    }
    return {
      ...a,
      firstSeen: Math.min(a.firstSeen, b.firstSeen),
      lastSeen: Math.max(a.lastSeen, b.lastSeen),
      count: a.count + b.count,
      evidence,
    };
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function stripSeq(edge: MutableEdge): GraphEdge {
  const { seq: _seq, ...rest } = edge;
  return rest;
}

function copyNode(node: MutableNode, id: string): GraphNode {
  const { seq: _seq, ...rest } = node;
  return { ...rest, id, attributes: { ...node.attributes } };
}

function mergeNodes(a: GraphNode, b: GraphNode): GraphNode {
  const merged: GraphNode = {
    ...a,
    firstSeen: Math.min(a.firstSeen, b.firstSeen),
    lastSeen: Math.max(a.lastSeen, b.lastSeen),
    count: a.count + b.count,
    attributes: { ...b.attributes, ...a.attributes },
  };
  // The node the alias points at keeps its own name; an alias only fills a missing one.
  if (merged.name === undefined && b.name !== undefined) merged.name = b.name;
  if (merged.uid === undefined && b.uid !== undefined) merged.uid = b.uid;
  return merged;
}
