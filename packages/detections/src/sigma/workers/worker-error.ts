import { OpenMdrError } from '@openmdr/core';

/**
 * A Sigma worker thread failed (it crashed, could not start, or threw while matching).
 *
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#sigma_worker_failed | SIGMA_WORKER_FAILED} in the error reference
 */
export class SigmaWorkerError extends OpenMdrError {
  /** Marks SigmaWorkerError instances (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for('openmdr.error.detections.SigmaWorkerError');
  declare readonly code: 'SIGMA_WORKER_FAILED';

  constructor(message: string, options: { cause?: unknown } = {}) {
    super('SIGMA_WORKER_FAILED', message, { cause: options.cause });
    this.name = 'SigmaWorkerError';
  }
}
