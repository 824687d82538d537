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

  constructor(message: string, options: { cause?: unknown } = {}) {
    super('CLI_WORKER_FAILED', message, { cause: options.cause });
    this.name = 'WorkerFailedError';
  }
}
