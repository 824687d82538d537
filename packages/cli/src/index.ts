/**
 * `@openmdr/cli`: the `openmdr` command line, also usable programmatically through {@link main}.
 *
 * @packageDocumentation
 */
export { type Command, type CommandIo, FileAccessError, UsageError } from './command.js';
export { commandIndex, type LazyCommand, loadCommands } from './commands/index.js';
export {
  type CommandContext,
  type CommandDefinition,
  type CommandExample,
  type DefinedCommand,
  defineCommand,
  type ExitCodes,
} from './define-command.js';
export { CLI_ERROR_CODES, type CliErrorCode } from './error-codes.js';
export { type InputOptions, isGzip, openInput, readInputBytes, readInputText } from './io/input.js';
export { type OutputFile, openOutputFile } from './io/output.js';
export { createProgress, type Progress, type ProgressOptions } from './io/progress.js';
export { main } from './main.js';
export {
  COMMON_OPTIONS,
  type OptionSpec,
  type ParsedArguments,
  type PositionalSpec,
  parseCommandArguments,
} from './options.js';
export { cliReference } from './reference.js';
export { cliVersion } from './version.js';
