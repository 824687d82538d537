/**
 * The work of `openmdr investigate`: records → OCSF events (or raw records kept with their
 * reason) → the super-timeline, the investigation graph (or the subgraph around a seed) and the
 * assessment, as one {@link InvestigationReport}.
 *
 * @module
 */
import {
  assessInvestigation,
  buildTimeline,
  createGraphBuilder,
  type InvestigationGraph,
  type InvestigationReport,
  selectSubgraph,
  type TimelineEntry,
  timelineEntry,
} from '@openmdr/investigation';
import {
  type InvestigateInput,
  type InvestigateRecord,
  investigateRecords,
} from './investigate-records.js';
import { inWindow, type TimeWindow } from './investigate-window.js';

/** What `openmdr investigate` was asked. */
export interface InvestigateOptions {
  readonly input: InvestigateInput;
  /** Narrow to the subgraph around this entity (a node id, process uid, host, user, address). */
  readonly seed?: string;
  /** Hops from the seed (default: that of `selectSubgraph`). */
  readonly depth?: number;
  /** Keep the events in this window. */
  readonly window?: TimeWindow;
}

/** The report, and what could not be read. */
export interface InvestigateResult {
  readonly report: InvestigationReport;
  /** Records that could not be read or normalised (each still has a timeline entry). */
  readonly skipped: number;
  /** Of those, the lines that are not JSON at all (the rest are records the normaliser rejected). */
  readonly unreadable: number;
  /** For standard error: one line per such record, then the notes of the report. */
  readonly problems: string[];
}

type EventRecord = Extract<InvestigateRecord, { event: unknown }>;

/** Node kinds most events touch: a host or a user reached through a subgraph does not count. */
const HUB_KINDS: ReadonlySet<string> = new Set(['host', 'user']);

/**
 * The node ids whose timeline entries concern a subgraph: its nodes, except a host or user that
 * is not a seed (every event on a host, or of an account, touches it: counting it would bring
 * back all of that host's or account's activity).
 */
function concerning(graph: InvestigationGraph, seeds: readonly string[]): Set<string> {
  const seedSet = new Set(seeds);
  return new Set(
    graph.nodes
      .filter((node) => !HUB_KINDS.has(node.kind) || seedSet.has(node.id))
      .map((node) => node.id),
  );
}

/**
 * The hosts of `scope` and the other hosts the timeline names (records that could not be
 * normalised still name their computer), each spelling once, in first-seen order.
 */
function withTimelineHosts(hosts: readonly string[], timeline: readonly TimelineEntry[]): string[] {
  const all = new Set(hosts);
  for (const entry of timeline) if (entry.host !== null) all.add(entry.host);
  return [...all];
}

/**
 * Investigates the records of `text`: every record gets a timeline entry (an unreadable one from
 * its raw fields), duplicates kept and marked, in time order; the graph is built from the events
 * (in `window`, when given), narrowed to the subgraph around `seed` (the timeline and the
 * assessment to the entries and events touching it), and assessed.
 *
 * @throws {InvestigationError} (`INVESTIGATION_INVALID`) for a bad depth or seed.
 */
export function investigate(text: string, options: InvestigateOptions): InvestigateResult {
  const records = [...investigateRecords(text, options.input)];
  const problems: string[] = [];
  const notes: string[] = [];
  let skipped = 0;
  let unreadable = 0;
  for (const record of records) {
    if ('reason' in record) {
      skipped += 1;
      if (record.unreadable) unreadable += 1;
      problems.push(record.reason);
    }
  }
  const window = options.window;
  let timeline = buildTimeline(
    records.map((record) =>
      'event' in record ? { event: record.event } : { raw: record.raw, reason: record.reason },
    ),
    {
      duplicates: 'mark',
      ...(window === undefined ? {} : { window: { from: window.from, to: window.to } }),
    },
  );
  // With a window or a seed, each event's own entry says when it happened and what it touches.
  const narrowing = window !== undefined || options.seed !== undefined;
  let events = records
    .filter((record): record is EventRecord => 'event' in record)
    .map((record) => ({
      event: record.event,
      entry: narrowing ? timelineEntry(record.event) : undefined,
    }));
  if (window !== undefined) {
    events = events.filter(({ entry }) => entry !== undefined && inWindow(entry.time, window));
  }
  const builder = createGraphBuilder();
  for (const { event } of events) builder.add(event);
  let graph: InvestigationGraph = builder.graph();
  if (options.seed !== undefined) {
    const subgraph = selectSubgraph(
      graph,
      options.seed,
      options.depth === undefined ? {} : { depth: options.depth },
    );
    graph = { nodes: subgraph.nodes, edges: subgraph.edges };
    const ids = concerning(graph, subgraph.seeds);
    const touches = (entry: TimelineEntry | undefined): boolean =>
      entry?.entities.some((id) => ids.has(id)) ?? false;
    timeline = timeline.filter(touches);
    events = events.filter(({ entry }) => touches(entry));
    notes.push(...subgraph.notes);
  }
  const assessment = assessInvestigation({ events: events.map(({ event }) => event), graph });
  assessment.scope.hosts = withTimelineHosts(assessment.scope.hosts, timeline);
  if (skipped > 0) {
    notes.unshift(
      `${skipped} of ${records.length} records could not be read or normalised; each is in the timeline from its raw fields`,
    );
  }
  return {
    report: { timeline, graph, assessment, notes },
    skipped,
    unreadable,
    problems: [...problems, ...notes.slice(skipped > 0 ? 1 : 0)],
  };
}
