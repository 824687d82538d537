import { OpenMdrError } from '@openmdr/core';

/** Where a Sigma rule problem is: file, 1-based line and column, rule id and the offending key. */
export interface SigmaRuleLocation {
  /** The rule file, when the rule was read from one. */
  readonly file?: string | undefined;
  /** 1-based line of the offending node. */
  readonly line?: number | undefined;
  /** 1-based column of the offending node. */
  readonly column?: number | undefined;
  /** The rule's `id` (or `name`, or `title` when it has neither). */
  readonly ruleId?: string | undefined;
  /** The offending key path, e.g. `detection.selection.CommandLine|contains`. */
  readonly key?: string | undefined;
}

/** Stable codes of {@link SigmaRuleError}. */
export type SigmaRuleErrorCode =
  /** The YAML does not parse, or the document is not a map. */
  | 'SIGMA_YAML_INVALID'
  /** The document breaks the Sigma specification (missing `title`, bad modifier, …). */
  | 'SIGMA_RULE_INVALID'
  /** The condition does not parse or names an undefined identifier. */
  | 'SIGMA_CONDITION_INVALID'
  /** The rule uses a feature the engine does not support (legacy pipe aggregations). */
  | 'SIGMA_RULE_UNSUPPORTED'
  /** An `expand` placeholder has no configured value. */
  | 'SIGMA_PLACEHOLDER_UNRESOLVED'
  /** A meta-filter names a rule that is not loaded, or has an incompatible logsource. */
  | 'SIGMA_FILTER_INVALID';

/**
 * A Sigma rule (or filter) that cannot be loaded or compiled. `details` and the properties
 * name the file, line, column, rule id and offending key.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#sigma_yaml_invalid | SIGMA_YAML_INVALID} in the error reference
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#sigma_rule_invalid | SIGMA_RULE_INVALID} in the error reference
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#sigma_condition_invalid | SIGMA_CONDITION_INVALID} in the error reference
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#sigma_rule_unsupported | SIGMA_RULE_UNSUPPORTED} in the error reference
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#sigma_placeholder_unresolved | SIGMA_PLACEHOLDER_UNRESOLVED} in the error reference
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#sigma_filter_invalid | SIGMA_FILTER_INVALID} in the error reference
 */
export class SigmaRuleError extends OpenMdrError {
  /** Marks SigmaRuleError instances (see {@link OpenMdrError.marker}); the key older copies used too. */
  static override readonly marker: symbol = Symbol.for('openmdr.sigma-rule-error');
  declare readonly code: SigmaRuleErrorCode;
  /** The rule file, when known. */
  readonly file: string | undefined;
  /** 1-based line, when known. */
  readonly line: number | undefined;
  /** 1-based column, when known. */
  readonly column: number | undefined;
  /** The rule id (or name/title), when known. */
  readonly ruleId: string | undefined;
  /** The offending key path, when known. */
  readonly key: string | undefined;

  constructor(
    code: SigmaRuleErrorCode,
    message: string,
    location: SigmaRuleLocation = {},
    options: { cause?: unknown } = {},
  ) {
    const where = [
      location.file === undefined
        ? undefined
        : `${location.file}${location.line === undefined ? '' : `:${location.line}${location.column === undefined ? '' : `:${location.column}`}`}`,
      location.ruleId === undefined ? undefined : `rule ${location.ruleId}`,
      location.key === undefined ? undefined : `key '${location.key}'`,
    ].filter((part) => part !== undefined);
    super(code, where.length > 0 ? `${message} (${where.join(', ')})` : message, {
      cause: options.cause,
      details: Object.fromEntries(
        Object.entries(location).filter(([, value]) => value !== undefined),
      ),
    });
    this.name = 'SigmaRuleError';
    this.file = location.file;
    this.line = location.line;
    this.column = location.column;
    this.ruleId = location.ruleId;
    this.key = location.key;
  }
}

/** Stable codes of {@link SigmaBundleError}. */
export type SigmaBundleErrorCode =
  /** A rule file the bundle was built from changed, was removed or was added since. */
  | 'SIGMA_BUNDLE_STALE'
  /** The file is not a Sigma bundle of a format and version this engine reads. */
  | 'SIGMA_BUNDLE_INVALID';

/**
 * A compiled Sigma ruleset bundle that cannot be used: stale against its source rule files, or
 * not a bundle this engine reads. `file` names the bundle; `source`, for a stale bundle, the
 * first rule file (relative to the bundle's root) that changed, was removed or was added.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#sigma_bundle_stale | SIGMA_BUNDLE_STALE} in the error reference
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#sigma_bundle_invalid | SIGMA_BUNDLE_INVALID} in the error reference
 */
export class SigmaBundleError extends OpenMdrError {
  /** Marks Sigma bundle errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for('openmdr.error.detections.SigmaBundleError');
  declare readonly code: SigmaBundleErrorCode;
  /** The bundle file, when known. */
  readonly file: string | undefined;
  /** For a stale bundle: the first changed, removed or added rule file, relative to the root. */
  readonly source: string | undefined;

  constructor(
    code: SigmaBundleErrorCode,
    message: string,
    location: { file?: string | undefined; source?: string | undefined } = {},
    options: { cause?: unknown } = {},
  ) {
    super(code, message, {
      cause: options.cause,
      details: Object.fromEntries(
        Object.entries(location).filter(([, value]) => value !== undefined),
      ),
    });
    this.name = 'SigmaBundleError';
    this.file = location.file;
    this.source = location.source;
  }
}
