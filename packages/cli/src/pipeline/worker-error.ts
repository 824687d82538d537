import { OpenMdrError } from '@openmdr/core';

/**
 * A worker thread of a command (`--threads`) could not start, crashed or threw on a chunk.
 *
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#cli_worker_failed | CLI_WORKER_FAILED} in the error reference
 */
export class WorkerFailedError extends OpenMdrError {
  /** Marks WorkerFailedError instances (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for('openmdr.error.cli.WorkerFailedError');
  declare readonly code: 'CLI_WORKER_FAILED';

  /**
   * The code of the project error a worker met while setting up (`SIGMA_BUNDLE_STALE`, say),
   * when that is why it failed.
   */
  readonly workerCode: string | undefined;

  constructor(message: string, options: { cause?: unknown; workerCode?: string } = {}) {
    super('CLI_WORKER_FAILED', message, {
      cause: options.cause,
      ...(options.workerCode === undefined ? {} : { details: { workerCode: options.workerCode } }),
    });
    this.workerCode = options.workerCode;
    this.name = 'WorkerFailedError';
  }
}
