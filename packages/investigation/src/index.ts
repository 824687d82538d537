/**
 * `@openmdr/investigation`: forensic analysis over OCSF events — the investigation graph, the
 * super-timeline, scope/origin/impact, and bounded expansion from a seed.
 * @packageDocumentation
 */
export * from './assessment/assess.js';
export * from './assessment/assessment-types.js';
export * from './assessment/event-view.js';
export * from './assessment/impact.js';
export * from './assessment/impact-rules.js';
export * from './error-codes.js';
export * from './expand/connector-sources.js';
export * from './expand/expand-investigation.js';
export * from './expand/expansion-types.js';
export * from './expand/store-event-source.js';
export * from './export/external-sort.js';
export * from './export/timeline-csv.js';
export * from './export/timeline-jsonl.js';
export * from './graph/graph-builder.js';
export * from './graph/graph-types.js';
export * from './graph/subgraph.js';
export * from './store/investigation-store.js';
export * from './store/merge-graphs.js';
export * from './timeline/build-timeline.js';
export * from './timeline/clock-skew.js';
export {
  domainNodeId,
  entitiesOf,
  fileNodeId,
  hostNodeId,
  hostOf,
  ipNodeId,
  processNodeId,
  userNodeId,
  userOf,
} from './timeline/entry-entities.js';
export { summarizeEvent } from './timeline/entry-summary.js';
export * from './timeline/event-entry-id.js';
export { parseTimeValue, rawRecordTime } from './timeline/raw-time.js';
export * from './timeline/timeline-entry.js';
export * from './timeline/timeline-types.js';
