import { OpenMdrError } from '@openmdr/core';

/** One problem found in a playbook: where (a JSON Pointer into the document) and why. */
export interface PlaybookProblem {
  /** JSON Pointer to the offending value (`/workflow/action--…/commands/0/type`); `''` is the root. */
  path: string;
  /** What is wrong, in one sentence. */
  message: string;
  /**
   * `error`: the playbook is invalid (schema or graph). `warning`: a deviation from the CACAO 2.0
   * schemas whose intent is unambiguous, tolerated on import (an extension agent type, an unknown
   * property, an action step without commands); an error under strict validation. `unsupported`:
   * valid CACAO that OpenMDR cannot run (unknown command type, condition syntax outside the
   * supported subset, extension).
   */
  severity: 'error' | 'warning' | 'unsupported';
}

/** Formats problems one per line as `path: message`. */
export function formatPlaybookProblems(problems: readonly PlaybookProblem[]): string {
  return problems
    .map((problem) => `${problem.path === '' ? '/' : problem.path}: ${problem.message}`)
    .join('\n');
}

/**
 * A playbook that does not validate; `problems` say where and why. Code `PLAYBOOK_INVALID`.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#playbook_invalid | PLAYBOOK_INVALID} in the error reference
 */
export class PlaybookValidationError extends OpenMdrError {
  /** Marks playbook validation errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.response.PlaybookValidationError',
  );
  declare readonly code: 'PLAYBOOK_INVALID';
  /** The problems, each with a JSON Pointer. */
  readonly problems: readonly PlaybookProblem[];

  constructor(problems: readonly PlaybookProblem[]) {
    const shown = problems.slice(0, 20);
    super(
      'PLAYBOOK_INVALID',
      `invalid playbook (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${formatPlaybookProblems(shown)}`,
      { details: { problems: shown.map((problem) => ({ ...problem })) } },
    );
    this.name = 'PlaybookValidationError';
    this.problems = problems;
  }
}

/**
 * A playbook run that cannot go on (unknown run, playbook changed, bad state). Code `PLAYBOOK_RUN`.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#playbook_run | PLAYBOOK_RUN} in the error reference
 */
export class PlaybookRunError extends OpenMdrError {
  /** Marks playbook run errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for('openmdr.error.response.PlaybookRunError');
  declare readonly code: 'PLAYBOOK_RUN';
  constructor(
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super('PLAYBOOK_RUN', message, options);
    this.name = 'PlaybookRunError';
  }
}
