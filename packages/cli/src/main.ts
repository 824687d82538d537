import { type Command, type CommandIo, UsageError } from './command.js';
import { commands as allCommands } from './commands/index.js';

function helpText(commands: readonly Command[]): string {
  const width = Math.max(0, ...commands.map((c) => c.path.join(' ').length));
  const lines = commands.map((c) => `  openmdr ${c.path.join(' ').padEnd(width)}  ${c.summary}`);
  return ['Usage: openmdr <command> [options]', '', 'Commands:', ...lines, ''].join('\n');
}

/**
 * Runs the `openmdr` command line with `argv` (without the node and script paths) and resolves
 * to the exit code: 0 success, 1 when the input had failures, 2 on usage errors.
 */
export async function main(
  argv: readonly string[],
  io: CommandIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
  commands: readonly Command[] = allCommands,
): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout.write(helpText(commands));
    return 0;
  }
  const command = [...commands]
    .sort((a, b) => b.path.length - a.path.length)
    .find((c) => c.path.every((word, index) => argv[index] === word));
  if (!command) {
    io.stderr.write(`openmdr: unknown command '${argv.join(' ')}'\n\n${helpText(commands)}`);
    return 2;
  }
  const args = argv.slice(command.path.length);
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (UsageError.isInstance(error)) {
      io.stderr.write(`openmdr ${command.path.join(' ')}: ${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    throw error;
  }
}
