import { OpenMdrError, type OpenMdrErrorOptions } from '@openmdr/core';

/** Stable codes of {@link HuntError}. */
export type HuntErrorCode =
  /** The hunt is malformed: neither or both of rules and query, an empty or inverted range. */
  | 'HUNT_INVALID'
  /** The runner does not run the hunt's target. */
  | 'HUNT_TARGET_UNSUPPORTED'
  /** The hunt is for another tenant than the runner's or the store's. */
  | 'HUNT_TENANT_MISMATCH';

/** A hunt that cannot run at all (rules that fail one by one are `HuntFailure`s instead). */
export class HuntError extends OpenMdrError {
  constructor(code: HuntErrorCode, message: string, options: OpenMdrErrorOptions = {}) {
    super(code, message, options);
    this.name = 'HuntError';
  }

  /** True when `error` is a {@link HuntError}. */
  static override isInstance(error: unknown): error is HuntError {
    return OpenMdrError.isInstance(error) && error.code.startsWith('HUNT_');
  }
}
