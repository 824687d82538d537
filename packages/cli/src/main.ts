import { OpenMdrError } from '@openmdr/core';
import { type Command, type CommandIo, FileAccessError, UsageError } from './command.js';
import { commandIndex, type LazyCommand } from './commands/index.js';
import { cliVersion } from './version.js';

function helpText(commands: readonly (Command | LazyCommand)[]): string {
  const width = Math.max(0, ...commands.map((c) => c.path.join(' ').length));
  const lines = commands.map((c) => `  openmdr ${c.path.join(' ').padEnd(width)}  ${c.summary}`);
  return [
    'Usage: openmdr <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Options:',
    '  -h, --help     print this help; `openmdr <command> --help` prints the help of a command',
    '  -V, --version  print the version of the CLI',
    '',
  ].join('\n');
}

/**
 * Codes of project errors that mean a bad input file rather than a fault (a rule bundle whose
 * sources changed, or that is not a bundle): one line, exit 2, like an unreadable file.
 */
const INPUT_FILE_CODES: ReadonlySet<string> = new Set([
  'SIGMA_BUNDLE_STALE',
  'SIGMA_BUNDLE_INVALID',
]);

/** The input-file code of `error` (its own, or that of the worker it stopped), if any. */
function inputFileCode(error: unknown): string | undefined {
  if (!OpenMdrError.isInstance(error)) return undefined;
  const code = INPUT_FILE_CODES.has(error.code) ? error.code : error.details?.['workerCode'];
  return typeof code === 'string' && INPUT_FILE_CODES.has(code) ? code : undefined;
}

/** A Node.js file-system error (`ENOENT`, `EACCES`, `EISDIR`, …) with the path it concerns. */
function fileSystemError(error: unknown): { path: string; message: string } | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, path, message } = error as { code?: unknown; path?: unknown; message?: unknown };
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code) || typeof path !== 'string') {
    return undefined;
  }
  return { path, message: String(message) };
}

/**
 * Runs the `openmdr` command line with `argv` (without the node and script paths) and resolves
 * to the exit code: 0 success, 1 when the input had failures, 2 on usage errors (an unknown
 * option, a missing or bad value, a file that cannot be read), reported on one line of stderr.
 */
export async function main(
  argv: readonly string[],
  io: CommandIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
  commands: readonly (Command | LazyCommand)[] = commandIndex,
): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout.write(helpText(commands));
    return 0;
  }
  if (argv[0] === '--version' || argv[0] === '-V') {
    io.stdout.write(`${cliVersion()}\n`);
    return 0;
  }
  const entry = [...commands]
    .sort((a, b) => b.path.length - a.path.length)
    .find((c) => c.path.every((word, index) => argv[index] === word));
  if (!entry) {
    io.stderr.write(`openmdr: unknown command '${argv.join(' ')}' (see openmdr --help)\n`);
    return 2;
  }
  const command = 'load' in entry ? await entry.load() : entry;
  const name = `openmdr ${command.path.join(' ')}`;
  const args = argv.slice(command.path.length);
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (UsageError.isInstance(error)) {
      io.stderr.write(`${name}: ${error.message} (see ${name} --help)\n`);
      return 2;
    }
    if (FileAccessError.isInstance(error)) {
      io.stderr.write(`${name}: ${error.message}\n`);
      return 2;
    }
    if (inputFileCode(error) !== undefined) {
      io.stderr.write(`${name}: ${(error as OpenMdrError).message}\n`);
      return 2;
    }
    const file = fileSystemError(error);
    if (file !== undefined) {
      io.stderr.write(`${name}: cannot read ${file.path}: ${file.message}\n`);
      return 2;
    }
    throw error;
  }
}
