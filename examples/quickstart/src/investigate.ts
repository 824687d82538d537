/**
 * The investigation of the incident: the OCSF events of the attack stages and the case's findings
 * become the investigation graph (processes, hosts, users, addresses, domains, files), the
 * super-timeline across every source, and the scope, origin and impact assessment — the
 * attacker's side of the post-incident review.
 */
import type { OcsfEvent } from '@openmdr/core';
import {
  assessInvestigation,
  buildInvestigationGraph,
  buildTimeline,
  type InvestigationAssessment,
  type InvestigationGraph,
  type TimelineEntry,
} from '@openmdr/investigation';

/** The graph, timeline and assessment of one incident. */
export interface Investigation {
  graph: InvestigationGraph;
  timeline: TimelineEntry[];
  assessment: InvestigationAssessment;
}

/** Investigates the incident's events and findings. */
export function investigateIncident(
  events: readonly OcsfEvent[],
  findings: readonly Record<string, unknown>[],
): Investigation {
  const records = [...(events as unknown as readonly Record<string, unknown>[]), ...findings];
  const graph = buildInvestigationGraph(records);
  const timeline = buildTimeline(records);
  const assessment = assessInvestigation({ events: records, graph });
  return { graph, timeline, assessment };
}
