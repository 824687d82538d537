import { OpenMdrError } from '@openmdr/core';

/** Where a command writes; injectable so that tests capture output. */
export interface CommandIo {
  stdin: NodeJS.ReadableStream;
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
}

/** One `openmdr` sub-command (`ocsf validate`, `sigma check`, …). */
export interface Command {
  /** The words that select it, e.g. `['ocsf', 'validate']`. */
  readonly path: readonly string[];
  /** One line for `openmdr --help`. */
  readonly summary: string;
  /** Full usage text. */
  readonly usage: string;
  /** Runs the command; resolves to the process exit code. */
  run(args: string[], io: CommandIo): Promise<number>;
}

/**
 * Thrown for bad command-line usage: the CLI prints the message and the usage, exit code 2.
 * Code `CLI_USAGE`.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#cli_usage | CLI_USAGE in the error reference}
 */
export class UsageError extends OpenMdrError {
  /** Marks usage errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for('openmdr.error.cli.UsageError');
  declare readonly code: 'CLI_USAGE';
  constructor(message: string) {
    super('CLI_USAGE', message);
    this.name = 'UsageError';
  }
}
