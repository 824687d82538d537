/**
 * `@openmdr/kafka`: the Kafka engine of OpenMDR's partitioned event stream (the `EventStream`
 * contract of @openmdr/core) — per-tenant topics, records routed by key to a partition, Kafka
 * consumer groups with commits after the handler resolves, lag metrics, back-pressure and tenant
 * fairness — on the pure-JavaScript client @platformatic/kafka.
 * @packageDocumentation
 */
export * from './delivery-counter.js';
export * from './fair-scheduler.js';
export * from './group-assigner.js';
export * from './kafka-errors.js';
export * from './kafka-event-stream.js';
export * from './offsets.js';
export * from './options.js';
export * from './topic-names.js';
