import { OpenMdrError } from '@openmdr/core';

/** Where a correlation-rule problem is. */
export interface CorrelationLocation {
  /** The file the rule was read from. */
  readonly file?: string | undefined;
  /** 1-based line of the offending node. */
  readonly line?: number | undefined;
  /** The correlation's `id` (or `name`, or `title`). */
  readonly ruleId?: string | undefined;
  /** The offending key path, e.g. `correlation.timespan`. */
  readonly key?: string | undefined;
}

/** Stable codes of {@link SigmaCorrelationError}. */
export type SigmaCorrelationErrorCode =
  /** The YAML does not parse or the correlation breaks the specification. */
  | 'SIGMA_CORRELATION_INVALID'
  /** `correlation.rules` names a rule (id or name) that is not loaded, or the chain has a cycle. */
  | 'SIGMA_CORRELATION_REFERENCE'
  /** A feature the evaluator does not implement (`value_percentile`). */
  | 'SIGMA_CORRELATION_UNSUPPORTED'
  /** A correlation state that is not one this evaluator wrote. */
  | 'SIGMA_CORRELATION_STATE_INVALID';

/**
 * A Sigma correlation rule that cannot be loaded or compiled, or a state that cannot be read.
 * `file`, `line`, `ruleId` and `key` say where.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#sigma_correlation_invalid | SIGMA_CORRELATION_INVALID} in the error reference
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#sigma_correlation_reference | SIGMA_CORRELATION_REFERENCE} in the error reference
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#sigma_correlation_unsupported | SIGMA_CORRELATION_UNSUPPORTED} in the error reference
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#sigma_correlation_state_invalid | SIGMA_CORRELATION_STATE_INVALID} in the error reference
 */
export class SigmaCorrelationError extends OpenMdrError {
  /** Marks correlation errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.detections.SigmaCorrelationError',
  );
  declare readonly code: SigmaCorrelationErrorCode;
  /** The file, when known. */
  readonly file: string | undefined;
  /** 1-based line, when known. */
  readonly line: number | undefined;
  /** The correlation id (or name/title), when known. */
  readonly ruleId: string | undefined;
  /** The offending key path, when known. */
  readonly key: string | undefined;

  constructor(
    code: SigmaCorrelationErrorCode,
    message: string,
    location: CorrelationLocation = {},
  ) {
    const where = [
      location.file === undefined
        ? undefined
        : `${location.file}${location.line === undefined ? '' : `:${location.line}`}`,
      location.ruleId === undefined ? undefined : `correlation ${location.ruleId}`,
      location.key === undefined ? undefined : `key '${location.key}'`,
    ].filter((part) => part !== undefined);
    super(code, where.length > 0 ? `${message} (${where.join(', ')})` : message, {
      details: Object.fromEntries(
        Object.entries(location).filter(([, value]) => value !== undefined),
      ),
    });
    this.name = 'SigmaCorrelationError';
    this.file = location.file;
    this.line = location.line;
    this.ruleId = location.ruleId;
    this.key = location.key;
  }
}
