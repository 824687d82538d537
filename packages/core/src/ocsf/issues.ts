import { OpenMdrError } from '../errors/openmdr-error.js';

/**
 * The rule an OCSF issue is about. Errors use the first group; warnings use the second group
 * and, in lenient mode, any rule of the first group that was repaired.
 */
export type OcsfRule =
  | 'required_missing'
  | 'type_mismatch'
  | 'array_expected'
  | 'scalar_expected'
  | 'enum_value_unknown'
  | 'sibling_mismatch'
  | 'regex_mismatch'
  | 'range_exceeded'
  | 'max_length_exceeded'
  | 'unknown_attribute'
  | 'profile_not_enabled'
  | 'profile_unknown'
  | 'constraint_at_least_one'
  | 'constraint_just_one'
  | 'class_uid_unknown'
  | 'class_uid_mismatch'
  | 'category_uid_mismatch'
  | 'type_uid_mismatch'
  | 'depth_exceeded'
  | 'invalid_json'
  // warnings
  | 'coerced'
  | 'moved_to_unmapped'
  | 'computed'
  | 'deprecated'
  | 'recommended_missing'
  | 'version_mismatch'
  | 'null_removed';

/** One problem found in an OCSF event. Messages never contain attribute values. */
export interface OcsfIssue {
  /** Attribute path: `process.file.path`, `observables[2].type_id`; `''` for the event. */
  readonly path: string;
  /** The rule broken. */
  readonly rule: OcsfRule;
  /** What is wrong and what was expected. */
  readonly message: string;
}

/** Formats issues as `path: message (rule)` lines. */
export function formatOcsfIssues(issues: readonly OcsfIssue[], limit = 10): string {
  const shown = issues
    .slice(0, limit)
    .map((issue) => `${issue.path || '(event)'}: ${issue.message} (${issue.rule})`);
  if (issues.length > limit) shown.push(`… and ${issues.length - limit} more`);
  return shown.join('; ');
}

/**
 * Thrown when an OCSF event does not validate (builders, `assertOcsfEvent`).
 * `code` is `OCSF_VALIDATION` (see
 * {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#ocsf_validation | the error reference});
 * `issues` holds every error with its path and rule.
 */
export class OcsfValidationError extends OpenMdrError {
  /** Marks OCSF validation errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for('openmdr.error.core.OcsfValidationError');
  declare readonly code: 'OCSF_VALIDATION';
  /** Every error found. */
  readonly issues: readonly OcsfIssue[];

  constructor(what: string, issues: readonly OcsfIssue[], options: { cause?: unknown } = {}) {
    super('OCSF_VALIDATION', `Invalid OCSF ${what}: ${formatOcsfIssues(issues)}`, {
      ...options,
      details: { issues: issues.slice(0, 50) },
    });
    this.name = 'OcsfValidationError';
    this.issues = issues;
  }
}
