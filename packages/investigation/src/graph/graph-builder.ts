import { eventEntryId } from '../timeline/event-entry-id.js';
import { GraphAccumulator, type GraphBuilderOptions } from './graph-accumulator.js';
import type { InvestigationGraph } from './graph-types.js';

export type { EventEntities, GraphBuilderOptions } from './graph-accumulator.js';
export { DEFAULT_EVIDENCE_LIMIT } from './graph-accumulator.js';

/** Builds an investigation graph one event at a time. */
export interface GraphBuilder {
  /**
   * Adds one OCSF event (or finding).
   * @param event - The event, as a plain object.
   * @param entryId - Its timeline entry id; default {@link eventEntryId}(event).
   */
  add(event: Readonly<Record<string, unknown>>, entryId?: string): void;
  /** The graph of every event added so far (a snapshot; adding more events does not change it). */
  graph(): InvestigationGraph;
}

/**
 * Creates a graph builder: feed it OCSF events one by one (any source and class — Process,
 * File System, Module, Registry, Network/HTTP/DNS/SMB, Authentication, Account Change, API
 * Activity, Detection and Incident Findings), then read the graph. Memory grows with the number of
 * entities and relations, not events: edges aggregate count, first and last time and keep at
 * most `evidenceLimit` event ids.
 * @throws {InvestigationError} (`INVESTIGATION_INVALID`) for an `evidenceLimit` that is not a
 *   positive integer.
 * @example
 * ```ts
 * const builder = createGraphBuilder();
 * for (const event of events) builder.add(event);
 * const { nodes, edges } = builder.graph();
 * ```
 */
export function createGraphBuilder(options: GraphBuilderOptions = {}): GraphBuilder {
  const accumulator = new GraphAccumulator(options);
  return {
    add(event, entryId) {
      accumulator.add(event, entryId ?? eventEntryId(event));
    },
    graph: () => accumulator.graph(),
  };
}

/**
 * Builds the investigation graph of a batch of OCSF events.
 * @param events - The events; with `entryIds`, the id of each (same order) used as evidence.
 * @throws {InvestigationError} (`INVESTIGATION_INVALID`) for bad options.
 */
export function buildInvestigationGraph(
  events: Iterable<Readonly<Record<string, unknown>>>,
  options: GraphBuilderOptions & { entryIds?: readonly string[] } = {},
): InvestigationGraph {
  const builder = createGraphBuilder(options);
  let index = 0;
  for (const event of events) {
    builder.add(event, options.entryIds?.[index]);
    index += 1;
  }
  return builder.graph();
}
