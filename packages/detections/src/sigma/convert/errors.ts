import { OpenMdrError } from '@openmdr/core';
import type { SigmaQueryTarget } from './types.js';

/** Stable codes of {@link SigmaConversionError}. */
export type SigmaConversionErrorCode =
  /** The target cannot express a construct of the rule (the message says which and why). */
  | 'SIGMA_CONVERSION_UNSUPPORTED'
  /** The rule itself is invalid (bad modifier chain, condition naming no search, …). */
  | 'SIGMA_RULE_INVALID'
  /** The mapping has no source for the rule's logsource, or no target name for a field. */
  | 'SIGMA_CONVERSION_UNMAPPED';

/** Where and what: the rule, the construct the target cannot express, and why. */
export interface SigmaConversionProblem {
  readonly ruleId: string;
  readonly title: string;
  readonly target: SigmaQueryTarget;
  /** The offending construct, e.g. `CommandLine|re` or `keywords`. */
  readonly construct: string;
  /** Why it cannot be converted. */
  readonly reason: string;
  readonly file?: string | undefined;
  /** 1-based line of the offending key, when known. */
  readonly line?: number | undefined;
}

/**
 * A rule that cannot be converted for a target; never a silently wrong query.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#sigma_conversion_unsupported | SIGMA_CONVERSION_UNSUPPORTED} in the error reference
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#sigma_conversion_unmapped | SIGMA_CONVERSION_UNMAPPED} in the error reference
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#sigma_rule_invalid | SIGMA_RULE_INVALID} in the error reference
 */
export class SigmaConversionError extends OpenMdrError {
  /** Marks SigmaConversionError instances (see {@link OpenMdrError.marker}); the key older copies used too. */
  static override readonly marker: symbol = Symbol.for('openmdr.sigma-conversion-error');
  declare readonly code: SigmaConversionErrorCode;
  /** What failed, where and why. */
  readonly problem: SigmaConversionProblem;

  constructor(code: SigmaConversionErrorCode, problem: SigmaConversionProblem) {
    const where = [
      problem.file === undefined
        ? undefined
        : `${problem.file}${problem.line === undefined ? '' : `:${problem.line}`}`,
      `rule ${problem.ruleId}`,
    ].filter((part) => part !== undefined);
    super(
      code,
      `cannot convert to ${problem.target}: ${problem.construct}: ${problem.reason} (${where.join(', ')})`,
      {
        details: Object.fromEntries(
          Object.entries(problem).filter(([, value]) => value !== undefined),
        ),
      },
    );
    this.name = 'SigmaConversionError';
    this.problem = problem;
  }
}
