import type { InvestigationAssessment } from '../assessment/assessment-types.js';
import type { InvestigationGraph } from '../graph/graph-types.js';
import type { TimelineEntry } from '../timeline/timeline-types.js';

/**
 * Everything one investigation found, as {@link renderInvestigationHtml} draws it and the CLI's
 * `openmdr investigate` prints it: the super-timeline, the investigation graph, the scope, origin
 * and impact, and notes on what could not be read.
 */
export interface InvestigationReport {
  /** The timeline entries, in time order (duplicates kept and marked). */
  timeline: TimelineEntry[];
  /** The graph (or the subgraph around a seed). */
  graph: InvestigationGraph;
  /** Scope, origin and impact. */
  assessment: InvestigationAssessment;
  /** Sentences about the run: records that could not be normalised, a seed that matched nothing, … */
  notes?: string[];
}
