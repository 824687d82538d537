export {
  type CompileCorrelationsOptions,
  type CorrelationAlert,
  type CorrelationContribution,
  type CorrelationEntry,
  type CorrelationMatch,
  CorrelationSet,
  type CorrelationState,
  type CorrelationStep,
  compileCorrelations,
  type GroupTable,
} from './correlate.js';
export { correlationAlertToFinding } from './correlation-finding.js';
export {
  type CorrelationLocation,
  SigmaCorrelationError,
  type SigmaCorrelationErrorCode,
} from './errors.js';
export {
  correlationFromDocument,
  type ParsedCorrelationDocuments,
  parseCorrelationDocuments,
  type SigmaCorrelationSource,
} from './parse-correlation.js';
export { parseTimespan } from './timespan.js';
export type {
  CorrelationCondition,
  CorrelationRule,
  CorrelationType,
  RuleReference,
} from './types.js';
