/**
 * `@openmdr/cli`: the `openmdr` command line, also usable programmatically through {@link main}.
 *
 * @packageDocumentation
 */
export { type Command, type CommandIo, UsageError } from './command.js';
export { commands } from './commands/index.js';
export { CLI_ERROR_CODES, type CliErrorCode } from './error-codes.js';
export { main } from './main.js';
