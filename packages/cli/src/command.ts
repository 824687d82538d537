import { OpenMdrError } from '@openmdr/core';

/** Where a command writes; injectable so that tests capture output. */
export interface CommandIo {
  stdin: NodeJS.ReadableStream;
  stdout: { write(chunk: string): unknown };
  /** Errors, warnings and progress; `isTTY` (as on `process.stderr`) turns progress on. */
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
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
 * Thrown for bad command-line usage (an unknown option, a missing or bad value): the CLI prints
 * one line, the message and where to find the usage (`see openmdr … --help`), exit code 2.
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

/**
 * Thrown when a file named on the command line (or standard input) cannot be read, gunzipped or
 * written: the CLI prints the message on one line, exit code 2. Code `CLI_FILE`.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#cli_file | CLI_FILE in the error reference}
 */
export class FileAccessError extends OpenMdrError {
  /** Marks file access errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for('openmdr.error.cli.FileAccessError');
  declare readonly code: 'CLI_FILE';
  constructor(message: string, options?: { cause?: unknown }) {
    super('CLI_FILE', message, options);
    this.name = 'FileAccessError';
  }
}
