/** Triage: dedup, thresholds, suppressions and incident grouping into OCSF Incident Findings. */
export { type DedupDecision, type DedupEntry, dedupFinding, dedupKey } from './dedup.js';
export {
  closeIdleIncidents,
  copyGroupingState,
  emptyGroupingState,
  findingAttack,
  type GroupingOutcome,
  type GroupingState,
  groupingEntities,
  groupMember,
  hostEntity,
  type IncidentMember,
  type IncidentRecord,
  incidentPriority,
  resolveIncident,
  userEntity,
} from './grouping.js';
export { type IncidentFindingOptions, incidentToFinding, priorityId } from './incident-finding.js';
export { findSuppression, suppressionActive, suppressionMatches } from './suppression.js';
export {
  emptyTriageState,
  type TriagedFinding,
  type TriageInput,
  type TriageOptions,
  type TriageResult,
  type TriageState,
  triageFindings,
} from './triage.js';
export {
  resolveTriageConfig,
  type SuppressionRule,
  type SuppressionRuleInput,
  suppressionRuleSchema,
  type TriageConfig,
  TriageConfigError,
  type TriageConfigInput,
  triageConfigSchema,
} from './triage-config.js';
