import { OpenMdrError, type OpenMdrErrorOptions } from '@openmdr/core';

/**
 * Every code an error thrown by `@openmdr/hunting` carries. Each has a heading (its anchor is the
 * code in lower case) in the error reference, docs/reference/errors.md.
 */
export const HUNTING_ERROR_CODES = [
  /** The hunt is malformed: neither or both of rules and query, an empty or inverted range. */
  'HUNT_INVALID',
  /** The runner does not run the hunt's target. */
  'HUNT_TARGET_UNSUPPORTED',
  /** The hunt is for another tenant than the runner's or the store's. */
  'HUNT_TENANT_MISMATCH',
] as const;

/** A code of an error thrown by `@openmdr/hunting`. */
export type HuntingErrorCode = (typeof HUNTING_ERROR_CODES)[number];

/** Stable codes of {@link HuntError}: every code of the package. */
export type HuntErrorCode = HuntingErrorCode;

/**
 * A hunt that cannot run at all (rules that fail one by one are `HuntFailure`s instead).
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#hunt_invalid | HUNT_INVALID} in the error reference
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#hunt_target_unsupported | HUNT_TARGET_UNSUPPORTED} in the error reference
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#hunt_tenant_mismatch | HUNT_TENANT_MISMATCH} in the error reference
 */
export class HuntError extends OpenMdrError {
  /** Marks hunt errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for('openmdr.error.hunting.HuntError');
  declare readonly code: HuntErrorCode;
  constructor(code: HuntErrorCode, message: string, options: OpenMdrErrorOptions = {}) {
    super(code, message, options);
    this.name = 'HuntError';
  }
}
