/**
 * The codes of `@openmdr/detections`' errors. Each has a heading (its anchor is the code in lower
 * case) in the error reference, docs/reference/errors.md, saying what it means and what to do.
 */

/** Every code an error thrown by `@openmdr/detections` carries. */
export const DETECTIONS_ERROR_CODES = [
  'INTEL_PATTERN_SYNTAX',
  'INTEL_PATTERN_UNSUPPORTED',
  'INTEL_SOURCE_INVALID',
  'INTEL_TAXII_PROTOCOL',
  'NATIVE_RULE_INVALID',
  'NETWORK_ANALYTIC_OPTIONS_INVALID',
  'NETWORK_ANALYTIC_STATE_INVALID',
  'SCORING_CONFIG_INVALID',
  'SIGMA_BUNDLE_INVALID',
  'SIGMA_BUNDLE_STALE',
  'SIGMA_CONDITION_INVALID',
  'SIGMA_CONVERSION_UNMAPPED',
  'SIGMA_CONVERSION_UNSUPPORTED',
  'SIGMA_CORRELATION_INVALID',
  'SIGMA_CORRELATION_REFERENCE',
  'SIGMA_CORRELATION_STATE_INVALID',
  'SIGMA_CORRELATION_UNSUPPORTED',
  'SIGMA_FILTER_INVALID',
  'SIGMA_PLACEHOLDER_UNRESOLVED',
  'SIGMA_RULE_INVALID',
  'SIGMA_RULE_UNSUPPORTED',
  'SIGMA_WORKER_FAILED',
  'SIGMA_YAML_INVALID',
  'TRIAGE_CONFIG_INVALID',
] as const;

/** A code of an error thrown by `@openmdr/detections`. */
export type DetectionsErrorCode = (typeof DETECTIONS_ERROR_CODES)[number];
