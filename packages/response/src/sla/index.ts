export {
  addOneMonth,
  evaluateRegulatoryClocks,
  type RegulatoryClock,
  type RegulatoryClockName,
  type RegulatoryClockState,
} from './regulatory-clocks.js';
export {
  aggregateSla,
  percentile,
  type SlaAggregates,
  type SlaStatistics,
} from './sla-aggregates.js';
export { evaluateSlaClocks, type SlaClock, type SlaClockState } from './sla-clocks.js';
export {
  measureSlaMetric,
  pausedWithin,
  SLA_METRIC_NAMES,
  SLA_METRICS,
  type SlaMetric,
  type SlaMetricDefinition,
  targetMs,
} from './sla-metrics.js';
export {
  parseSlaPolicy,
  type SlaPolicy,
  SlaPolicyError,
  type SlaPolicyInput,
  SlaPolicyRegistry,
  SlaPolicySchema,
  type SlaTargets,
  SlaTargetsSchema,
  targetsFor,
} from './sla-policy.js';
export { type SlaCheckResult, SlaScheduler, type SlaSchedulerOptions } from './sla-scheduler.js';
