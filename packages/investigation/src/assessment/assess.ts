import { InvestigationError } from '../error-codes.js';
import { GraphAccumulator, type GraphBuilderOptions } from '../graph/graph-accumulator.js';
import type { InvestigationGraph } from '../graph/graph-types.js';
import { eventEntryId } from '../timeline/event-entry-id.js';
import type { InvestigationAssessment } from './assessment-types.js';
import { viewEvent } from './event-view.js';
import { ImpactCollector, type ImpactOptions } from './impact.js';
import { OriginCollector } from './origin.js';
import { ScopeCollector } from './scope.js';

/** What {@link assessInvestigation} works on. */
export interface AssessmentInput extends ImpactOptions, GraphBuilderOptions {
  /** The OCSF events and findings of the investigation. */
  events: readonly Readonly<Record<string, unknown>>[];
  /** The timeline entry id of each event (same order); default {@link eventEntryId}. */
  entryIds?: readonly string[];
  /** The graph of the same events, when already built (else it is built here). */
  graph?: InvestigationGraph;
}

/**
 * Works out the scope, origin and impact of an investigation from its events.
 *
 * - **scope**: every host name as the events spell it (each spelling once), users, other
 *   accounts, IPs, domains, files, cloud resources and the time range;
 * - **origin**: the earliest suspicious activity, how it most likely started
 *   (`phishing-attachment`, `browser-download`, `remote-logon`, `exploited-service`,
 *   `removable-media`, `cloud-credential`, else `unknown`) and the chain of entry ids from the first
 *   activity to it, following process ancestry;
 * - **impact**: the markers of {@link IMPACT_RULES} (credential access, persistence, defense
 *   evasion, lateral movement, staging, exfiltration, cloud change, destruction) with the entry
 *   ids that justify each, and bytes sent out per outside destination above a threshold.
 * @throws {InvestigationError} (`INVESTIGATION_INVALID`) when `entryIds` does not match `events`
 *   or a bound is invalid.
 */
export function assessInvestigation(input: AssessmentInput): InvestigationAssessment {
  const { events, entryIds } = input;
  if (entryIds !== undefined && entryIds.length !== events.length) {
    throw new InvestigationError(
      'INVESTIGATION_INVALID',
      `entryIds has ${entryIds.length} ids for ${events.length} events`,
    );
  }
  const threshold = input.exfiltrationBytes;
  if (threshold !== undefined && !(threshold > 0)) {
    throw new InvestigationError(
      'INVESTIGATION_INVALID',
      `exfiltrationBytes must be positive, got ${threshold}`,
    );
  }
  const accumulator = new GraphAccumulator(input);
  const scope = new ScopeCollector();
  const impact = new ImpactCollector(input);
  const origin = new OriginCollector();
  for (const [index, event] of events.entries()) {
    const entryId = entryIds?.[index] ?? eventEntryId(event);
    const view = viewEvent(event, entryId, accumulator.add(event, entryId));
    scope.add(view);
    origin.add(view, impact.add(view));
  }
  const graph = input.graph ?? accumulator.graph();
  return { scope: scope.result(), origin: origin.result(graph), impact: impact.result() };
}
