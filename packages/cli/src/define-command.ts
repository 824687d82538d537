/**
 * Commands declared once, for parsing, `--help` and the CLI reference: {@link defineCommand}.
 *
 * @module
 */
import type { Command, CommandIo } from './command.js';
import { helpText } from './help.js';
import { type InputOptions, openInput, readInputText } from './io/input.js';
import { openOutputFile } from './io/output.js';
import { createProgress, type Progress } from './io/progress.js';
import {
  type OptionSpec,
  type ParsedArguments,
  type PositionalSpec,
  parseCommandArguments,
} from './options.js';

/** One example of a command: the command line and what it does. */
export interface CommandExample {
  /** The whole command line, starting with `openmdr <command>`. */
  readonly command: string;
  /** What it does, in one line. */
  readonly description: string;
}

/** What each exit code of a command means. */
export interface ExitCodes {
  /** Success. */
  readonly 0: string;
  /** Some input failed (omitted when the command never exits 1). */
  readonly 1?: string;
  /** Usage errors; a default text when omitted. */
  readonly 2?: string;
}

/** What a command's run receives. */
export interface CommandContext {
  /** The options and operands, checked against the declaration. */
  readonly args: ParsedArguments;
  /** The streams; `stdout` is the `--output` file when one was given. */
  readonly io: CommandIo;
  /** `--quiet`: no progress and no warnings. */
  readonly quiet: boolean;
  /** `openmdr <command>`, the prefix of the command's stderr lines. */
  readonly name: string;
  /** Writes a warning line (a newline is added) to stderr, unless `--quiet`. */
  note(line: string): void;
  /** The progress line of this run: written only to a terminal, and not with `--quiet`. */
  progress(): Progress;
  /** Opens an input: FILE or `-` (standard input), gunzipped when gzip. */
  openInput(file: string | undefined, options?: InputOptions): ReturnType<typeof openInput>;
  /** Reads a whole input as text: FILE or `-` (standard input), gunzipped when gzip. */
  readInputText(file: string | undefined, options?: InputOptions): Promise<string>;
}

/** The declaration of a command: what it is called, takes, prints, and how it runs. */
export interface CommandDefinition {
  /** The words that select it, e.g. `['sigma', 'match']`. */
  readonly path: readonly string[];
  /** One line for `openmdr --help`. */
  readonly summary: string;
  /** What it does, in a few paragraphs (plain text, lines under 100 characters). */
  readonly description: string;
  /** Its own options; `--output`, `--quiet` and `--help` are added to every command. */
  readonly options: readonly OptionSpec[];
  /** Its operands, in order. */
  readonly positionals?: readonly PositionalSpec[];
  /** What it writes to standard output (and standard error), for `--help` and the reference. */
  readonly output: string;
  /** What its exit codes mean. */
  readonly exitCodes: ExitCodes;
  /** One to three examples. */
  readonly examples: readonly CommandExample[];
  /** Runs it; resolves to the exit code. */
  run(context: CommandContext): Promise<number>;
}

/** A {@link Command} made by {@link defineCommand}, with its declaration. */
export interface DefinedCommand extends Command {
  readonly definition: CommandDefinition;
}

/**
 * Makes a {@link Command} of a declaration: its `run(args, io)` parses `args` with `parseArgs`
 * against the declared options (a usage error for anything else), answers `--help` with the
 * generated usage, sends standard output to `--output FILE`, and hands the command a
 * {@link CommandContext}.
 */
export function defineCommand(definition: CommandDefinition): DefinedCommand {
  const usage = helpText(definition);
  const name = `openmdr ${definition.path.join(' ')}`;
  return {
    path: definition.path,
    summary: definition.summary,
    usage,
    definition,
    async run(args: string[], io: CommandIo): Promise<number> {
      const parsed = parseCommandArguments(args, definition.options, definition.positionals);
      if (parsed.flag('help')) {
        io.stdout.write(`${usage}\n`);
        return 0;
      }
      const quiet = parsed.flag('quiet');
      const outputPath = parsed.string('output');
      const file =
        outputPath === undefined || outputPath === '-' ? undefined : openOutputFile(outputPath);
      const commandIo: CommandIo = file === undefined ? io : { ...io, stdout: file };
      let progress: Progress | undefined;
      try {
        return await definition.run({
          args: parsed,
          io: commandIo,
          quiet,
          name,
          note: (line) => {
            if (!quiet) io.stderr.write(`${line}\n`);
          },
          progress: () => {
            progress ??= createProgress(io.stderr, { label: name, quiet });
            return progress;
          },
          openInput: (input, options) => openInput(input, io.stdin, options),
          readInputText: (input, options) => readInputText(input, io.stdin, options),
        });
      } finally {
        progress?.done();
        file?.close();
      }
    },
  };
}
