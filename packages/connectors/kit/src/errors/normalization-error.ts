import { OpenMdrError, type OpenMdrErrorOptions } from '@openmdr/core';

/**
 * A raw vendor record could not be turned into an OCSF event: it is not a record of the source, a
 * field the target class requires is missing, or a value has the wrong shape.
 *
 * Code: `NORMALIZE_FAILED`. `path` names the offending field of the raw record
 * (e.g. `Event.System.EventID`, `behaviors[0].tactic`). Every connector's normaliser throws it.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#normalize_failed | NORMALIZE_FAILED} in the error reference
 */
export class NormalizationError extends OpenMdrError {
  /** Marks normalisation errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.connector-kit.NormalizationError',
  );
  declare readonly code: 'NORMALIZE_FAILED';
  /** The field of the raw record that made normalisation fail. */
  readonly path: string | undefined;

  constructor(message: string, options: OpenMdrErrorOptions & { path?: string } = {}) {
    const details: Record<string, unknown> = { ...options.details };
    if (options.path !== undefined) details.path = options.path;
    super('NORMALIZE_FAILED', message, { ...options, details });
    this.name = 'NormalizationError';
    this.path = options.path;
  }
}
