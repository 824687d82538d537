import type { GraphEdge, InvestigationGraph } from '../graph/graph-types.js';
import type { InvestigationOrigin } from './assessment-types.js';
import type { EventView } from './event-view.js';
import {
  type InitialAccessMatch,
  InitialAccessRules,
  isSuspiciousLaunch,
} from './initial-access-rules.js';

/** The most evidence ids an origin lists. */
const MAX_CHAIN = 50;
/** How many generations of parents the origin follows. */
const MAX_ANCESTORS = 32;

interface Candidate {
  time: number;
  host: string | null;
  user: string | null;
  entryId: string;
  process: string | undefined;
  summary: string;
}

interface AccessCandidate extends Candidate {
  match: InitialAccessMatch;
}

function earlier<T extends Candidate>(current: T | undefined, next: T): T {
  return current === undefined || next.time < current.time ? next : current;
}

function candidate(view: EventView, summary: string): Candidate {
  return {
    time: view.time,
    host: view.host,
    user: view.user,
    entryId: view.entryId,
    process: view.entities.process ?? view.entities.target,
    summary,
  };
}

/**
 * Finds the origin: the earliest suspicious activity (a finding, an impact marker, a suspicious
 * launch or an initial-access signal) is the anchor; the earliest initial-access signal no later
 * than the anchor (else the earliest at all) says how it started; the anchor's process ancestry in
 * the graph gives the chain of launches between them. Keeps a few candidates, not the events.
 */
export class OriginCollector {
  private readonly rules = new InitialAccessRules();
  private anchor: Candidate | undefined;
  private firstEvent: Candidate | undefined;
  private firstAccess: AccessCandidate | undefined;
  private readonly accessTimes: AccessCandidate[] = [];

  /**
   * Adds one event.
   * @param flagged - Whether an impact rule matched it.
   */
  add(view: EventView, flagged: boolean): void {
    const access = this.rules.match(view);
    if (view.time > 0) this.firstEvent = earlier(this.firstEvent, candidate(view, describe(view)));
    if (access !== undefined) {
      const found: AccessCandidate = { ...candidate(view, access.summary), match: access };
      this.firstAccess = earlier(this.firstAccess, found);
      if (this.accessTimes.length < 1000) this.accessTimes.push(found);
    }
    const isFinding = view.classUid >= 2000 && view.classUid <= 2099;
    if (isFinding || flagged || access !== undefined || isSuspiciousLaunch(view)) {
      this.anchor = earlier(this.anchor, candidate(view, describe(view)));
    }
  }

  /** The origin, following process ancestry in `graph`; `null` without events. */
  result(graph: InvestigationGraph): InvestigationOrigin | null {
    const anchor = this.anchor ?? this.firstEvent;
    if (anchor === undefined) return null;
    const access = this.pickAccess(anchor);
    const chain = ancestry(graph, access?.process ?? anchor.process);
    const start = access ?? chainStart(graph, chain, anchor) ?? anchor;
    const ids = new Map<string, number>();
    const note = (id: string, time: number): void => {
      if (!ids.has(id)) ids.set(id, time);
    };
    for (const shown of access?.match.evidence ?? []) note(shown.id, shown.time);
    for (const edge of chain) note(edge.evidence[0] as string, edge.firstSeen);
    note(anchor.entryId, anchor.time);
    const evidence = [...ids.entries()]
      .sort((a, b) => a[1] - b[1])
      .slice(0, MAX_CHAIN)
      .map(([id]) => id);
    return {
      host: start.host ?? anchor.host,
      user: start.user ?? anchor.user,
      time: Math.min(start.time, ...[...ids.values()]),
      summary: start.summary,
      initialAccess: access?.match.initialAccess ?? 'unknown',
      technique: access?.match.technique ?? null,
      evidence,
    };
  }

  /** The initial-access signal to report: earliest at or before the anchor, else earliest. */
  private pickAccess(anchor: Candidate): AccessCandidate | undefined {
    let best: AccessCandidate | undefined;
    for (const found of this.accessTimes) {
      if (found.time <= anchor.time) best = earlier(best, found);
    }
    return best ?? this.firstAccess;
  }
}

/** The `spawned` edges from the root-most known ancestor down to `process`, oldest first. */
function ancestry(graph: InvestigationGraph, process: string | undefined): GraphEdge[] {
  if (process === undefined) return [];
  const parentEdge = new Map<string, GraphEdge>();
  for (const edge of graph.edges) {
    if (edge.kind !== 'spawned' || edge.evidence.length === 0) continue;
    const known = parentEdge.get(edge.to);
    if (known === undefined || edge.firstSeen < known.firstSeen) parentEdge.set(edge.to, edge);
  }
  const chain: GraphEdge[] = [];
  const seen = new Set<string>([process]);
  let current = process;
  for (let generation = 0; generation < MAX_ANCESTORS; generation += 1) {
    const edge = parentEdge.get(current);
    if (edge === undefined || seen.has(edge.from)) break;
    chain.push(edge);
    seen.add(edge.from);
    current = edge.from;
  }
  return chain.reverse();
}

/** The start of the chain as an origin candidate (the oldest launch in it). */
function chainStart(
  graph: InvestigationGraph,
  chain: GraphEdge[],
  anchor: Candidate,
): Candidate | undefined {
  const first = chain[0];
  if (first === undefined) return undefined;
  const name = (id: string): string =>
    graph.nodes.find((node) => node.id === id)?.name ?? id.replace(/^process:/, '');
  const parent = name(first.from);
  const child = name(first.to);
  return {
    ...anchor,
    time: first.firstSeen,
    entryId: first.evidence[0] as string,
    process: first.from,
    summary: `${parent} started ${child}${anchor.host === null ? '' : ` on ${anchor.host}`}, the oldest launch leading to ${anchor.summary}`,
  };
}

/** A one-line description of an event for the origin summary. */
function describe(view: EventView): string {
  const where = view.host === null ? '' : ` on ${view.host}`;
  if (view.classUid === 1007 && view.activityId === 1) {
    const by = view.parentImage === '' ? '' : ` by ${view.parentImage}`;
    return `${view.image || 'a process'} started${by}${where}`;
  }
  if (view.classUid >= 2000 && view.classUid <= 2099) {
    const title = (view.event.finding_info as { title?: unknown } | undefined)?.title;
    return `finding ${typeof title === 'string' ? title : view.entryId}${where}`;
  }
  const className = typeof view.event.class_name === 'string' ? view.event.class_name : 'event';
  const activity =
    typeof view.event.activity_name === 'string' ? `: ${view.event.activity_name}` : '';
  return `${className}${activity}${view.image === '' ? '' : ` by ${view.image}`}${where}`;
}
