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
export * from './graph/graph-builder.js';
export * from './graph/graph-types.js';
export * from './graph/subgraph.js';
export * from './html/index.js';
export * from './timeline/event-entry-id.js';
export * from './timeline/timeline-types.js';
