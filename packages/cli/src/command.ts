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

/** Thrown for bad command-line usage: the CLI prints the message and the usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
