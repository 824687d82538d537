import { OpenMdrError, type OpenMdrErrorOptions } from '@openmdr/core';

/**
 * Every code an error thrown by `@openmdr/investigation` carries. Each has a heading (its anchor is
 * the code in lower case) in the error reference, docs/reference/errors.md.
 */
export const INVESTIGATION_ERROR_CODES = [
  /** Options or a seed that cannot be used: an unknown seed kind, a negative bound, an inverted window. */
  'INVESTIGATION_INVALID',
] as const;

/** A code of an error thrown by `@openmdr/investigation`. */
export type InvestigationErrorCode = (typeof INVESTIGATION_ERROR_CODES)[number];

/**
 * An investigation that cannot run as asked (a record that cannot be read is reported in the
 * result, not thrown).
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#investigation_invalid | INVESTIGATION_INVALID} in the error reference
 */
export class InvestigationError extends OpenMdrError {
  /** Marks investigation errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.investigation.InvestigationError',
  );
  /** The stable code. */
  declare readonly code: InvestigationErrorCode;

  /** Creates the error. */
  constructor(code: InvestigationErrorCode, message: string, options: OpenMdrErrorOptions = {}) {
    super(code, message, options);
    this.name = 'InvestigationError';
  }
}
