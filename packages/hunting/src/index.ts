/**
 * `@openmdr/hunting`: hunts run where the data is, and the pivot from a hunt to a case.
 *
 * - The model ({@link Hunt}, {@link HuntHit}, {@link HuntResult}, {@link HuntRunner}): Sigma
 *   rules (converted with `convertSigmaRule`) or a raw query, over a time range of one tenant.
 * - {@link runHunt}: runs a hunt on a runner; rules that cannot be converted or whose query
 *   fails are reported in `failures`, never dropped.
 * - {@link createSiemHuntRunner}: hunts in Splunk, Elastic or Sentinel through the search
 *   capability of their connectors (`SearchCapableV1` of `@openmdr/connector-kit`).
 * - {@link pivotToCase}: hits → Detection Findings → triage → an open case (or a new one), the
 *   hunt on the case timeline.
 * - {@link retroHuntIndicator} and {@link retroHuntRules}: a new indicator or rule hunted over
 *   the retained window.
 * - {@link HuntScheduler}: per-tenant cadences, hits deduplicated across runs.
 *
 * @example
 * ```ts
 * const splunk = await splunkConnector.connect({ config, secrets, tenant: 'acme' });
 * const result = await runHunt(
 *   { id: 'h-1', tenant: 'acme', name: 'rundll32 sweep', rules, target: 'splunk',
 *     range: { from: Date.now() - 7 * 86_400_000, to: Date.now() } },
 *   createSiemHuntRunner(splunk),
 * );
 * for (const failure of result.failures) console.warn(failure.rule_id, failure.reason);
 * const { case: opened } = await pivotToCase(result, { cases: caseService.forTenant('acme') });
 * ```
 *
 * @packageDocumentation
 */
export {
  HUNTING_ERROR_CODES,
  HuntError,
  type HuntErrorCode,
  type HuntingErrorCode,
} from './errors.js';
export { canonicalJson, EVENT_TIME_FIELDS, eventIdentity, eventTime } from './event-fields.js';
export { hitKey } from './hit-key.js';
export type {
  Hunt,
  HuntFailure,
  HuntFailureStage,
  HuntHit,
  HuntQuery,
  HuntRawQuery,
  HuntResult,
  HuntRunContext,
  HuntRunner,
  HuntTimeRange,
} from './hunt.js';
export {
  type HuntFindingOptions,
  hitEvidence,
  huntFindings,
  huntHitToFinding,
} from './hunt-finding.js';
export {
  INDICATOR_FIELDS,
  INDICATOR_LOGSOURCES,
  type IndicatorRuleOptions,
  type IndicatorRuleResult,
  indicatorRuleId,
  indicatorToSigmaRule,
} from './indicator-rule.js';
export * from './local/index.js';
export {
  type PivotResult,
  type PivotToCaseOptions,
  pivotToCase,
} from './pivot.js';
export {
  type HuntPlan,
  type HuntPlanOptions,
  planHunt,
  ruleIdOf,
  type SigmaRuleConverter,
  validateHunt,
} from './plan.js';
export {
  type RetroHuntOptions,
  type RetroHuntResult,
  retroHuntIndicator,
  retroHuntRules,
} from './retro-hunt.js';
export {
  huntHit,
  type PlannedQueriesOptions,
  queryFailure,
  type RunHuntOptions,
  runHunt,
  runPlannedQueries,
} from './run-hunt.js';
export {
  type HuntCadence,
  HuntScheduler,
  type HuntSchedulerOptions,
  type ScheduledHunt,
  type ScheduledHuntRun,
  type ScheduledHuntState,
} from './schedule.js';
export { createSiemHuntRunner, type SiemHuntRunnerOptions } from './siem-runner.js';
