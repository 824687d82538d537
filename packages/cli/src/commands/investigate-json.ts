/**
 * The JSON document `openmdr investigate` prints: the report with times as ISO 8601 UTC strings
 * (milliseconds) beside their epoch milliseconds, and keys in snake_case as OCSF spells them.
 *
 * @module
 */
import type {
  GraphEdge,
  GraphNode,
  ImpactMarker,
  InvestigationOrigin,
  InvestigationReport,
  InvestigationScope,
  TimelineEntry,
} from '@openmdr/investigation';
import { writeWithDrain } from '../pipeline/ordered.js';

/** An epoch-ms time as ISO 8601 UTC with milliseconds, or `null` when it is not a valid time. */
export function isoTime(time: number | null | undefined): string | null {
  if (time === null || time === undefined || !Number.isFinite(time)) return null;
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

const epoch = (time: number | null | undefined): number | null =>
  time === null || time === undefined || !Number.isFinite(time) ? null : time;

/** A timeline entry as a JSON object: `time` ISO, `epoch_ms`, `source`, `summary`, … */
export function timelineEntryJson(entry: TimelineEntry): Record<string, unknown> {
  return {
    id: entry.id,
    time: isoTime(entry.time),
    epoch_ms: epoch(entry.time),
    ...(entry.reportedTime !== entry.time && Number.isFinite(entry.reportedTime)
      ? { reported_time: isoTime(entry.reportedTime) }
      : {}),
    source: entry.source,
    type: entry.type,
    class_name: entry.className,
    class_uid: entry.classUid,
    host: entry.host,
    user: entry.user,
    summary: entry.summary,
    entities: entry.entities,
    techniques: entry.techniques,
    severity: entry.severity,
    ...(entry.duplicateOf === undefined ? {} : { duplicate_of: entry.duplicateOf }),
  };
}

function nodeJson(node: GraphNode): Record<string, unknown> {
  return {
    id: node.id,
    kind: node.kind,
    ...(node.uid === undefined ? {} : { uid: node.uid }),
    ...(node.name === undefined ? {} : { name: node.name }),
    first_seen: isoTime(node.firstSeen),
    last_seen: isoTime(node.lastSeen),
    count: node.count,
    attributes: node.attributes,
  };
}

function edgeJson(edge: GraphEdge): Record<string, unknown> {
  return {
    id: edge.id,
    from: edge.from,
    to: edge.to,
    kind: edge.kind,
    first_seen: isoTime(edge.firstSeen),
    last_seen: isoTime(edge.lastSeen),
    count: edge.count,
    evidence: edge.evidence,
  };
}

function scopeJson(scope: InvestigationScope): Record<string, unknown> {
  return {
    hosts: scope.hosts,
    users: scope.users,
    accounts: scope.accounts,
    ips: scope.ips,
    domains: scope.domains,
    files: scope.files,
    resources: scope.resources,
    first_seen: isoTime(scope.firstSeen),
    last_seen: isoTime(scope.lastSeen),
  };
}

function originJson(origin: InvestigationOrigin | null): Record<string, unknown> | null {
  if (origin === null) return null;
  return {
    host: origin.host,
    user: origin.user,
    time: isoTime(origin.time),
    epoch_ms: epoch(origin.time),
    summary: origin.summary,
    initial_access: origin.initialAccess,
    technique: origin.technique,
    evidence: origin.evidence,
  };
}

function impactJson(marker: ImpactMarker): Record<string, unknown> {
  return {
    kind: marker.kind,
    summary: marker.summary,
    technique: marker.technique,
    hosts: marker.hosts,
    ...(marker.bytes === undefined ? {} : { bytes: marker.bytes }),
    time: isoTime(marker.time),
    epoch_ms: epoch(marker.time),
    evidence: marker.evidence,
  };
}

/** What the run could not read, beside the report. */
export interface InvestigateCounts {
  /** Records that could not be read or normalised (each still has a timeline entry). */
  readonly skipped: number;
}

/**
 * The report as the one JSON document of `openmdr investigate`:
 * `{"timeline", "graph": {"nodes", "edges"}, "scope", "origin", "impact", "skipped", "notes"}`.
 */
export function investigationJson(
  report: InvestigationReport,
  counts: InvestigateCounts,
): Record<string, unknown> {
  return {
    timeline: report.timeline.map(timelineEntryJson),
    graph: { nodes: report.graph.nodes.map(nodeJson), edges: report.graph.edges.map(edgeJson) },
    scope: scopeJson(report.assessment.scope),
    origin: originJson(report.assessment.origin),
    impact: report.assessment.impact.map(impactJson),
    skipped: counts.skipped,
    notes: report.notes ?? [],
  };
}

/** Where the document goes (standard output or the `--output` file). */
export interface JsonWriter {
  write(chunk: string): unknown;
}

/** JSON of items, one per line, written in slices so that no single string holds them all. */
async function writeArray(
  writer: JsonWriter,
  items: readonly unknown[],
  toJson: (item: never) => unknown,
): Promise<void> {
  const SLICE = 1000;
  for (let start = 0; start < items.length; start += SLICE) {
    const slice = items.slice(start, start + SLICE);
    const text = slice
      .map((item) => JSON.stringify((toJson as (item: unknown) => unknown)(item)))
      .join(',\n');
    await writeWithDrain(writer, `${start === 0 ? '\n' : ',\n'}${text}`);
  }
}

/**
 * Writes {@link investigationJson} of the report as one JSON document, a timeline entry, node or
 * edge per line (still one document: `JSON.parse` of the whole output gives it back).
 */
export async function writeInvestigationJson(
  writer: JsonWriter,
  report: InvestigationReport,
  counts: InvestigateCounts,
): Promise<void> {
  await writeWithDrain(writer, '{"timeline":[');
  await writeArray(writer, report.timeline, timelineEntryJson);
  await writeWithDrain(writer, '],\n"graph":{"nodes":[');
  await writeArray(writer, report.graph.nodes, nodeJson);
  await writeWithDrain(writer, '],\n"edges":[');
  await writeArray(writer, report.graph.edges, edgeJson);
  const {
    timeline: _timeline,
    graph: _graph,
    ...rest
  } = investigationJson({ ...report, timeline: [], graph: { nodes: [], edges: [] } }, counts);
  const tail = Object.entries(rest)
    .map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`)
    .join(',\n');
  await writeWithDrain(writer, `]},\n${tail}}\n`);
}
