import { importCacaoPlaybook, type PlaybookProblem } from '@openmdr/response';
import { type CommandIo, FileAccessError } from '../command.js';
import { type DefinedCommand, defineCommand } from '../define-command.js';
import { readInputText } from '../io/input.js';

/** Reads a playbook file (`-`: standard input; gzip accepted) as JSON; writes the reason and returns undefined when it cannot. */
export async function readPlaybookFile(
  file: string,
  io: CommandIo,
  command: string,
): Promise<unknown> {
  let text: string;
  try {
    text = await readInputText(file, io.stdin);
  } catch (error) {
    if (!FileAccessError.isInstance(error)) throw error;
    io.stderr.write(`openmdr ${command}: ${error.message}\n`);
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    io.stderr.write(`openmdr ${command}: ${file} is not JSON: ${(error as Error).message}\n`);
    return undefined;
  }
}

/** `openmdr playbook validate`: validates a CACAO 2.0 playbook. */
export const playbookValidateCommand: DefinedCommand = defineCommand({
  path: ['playbook', 'validate'],
  summary: 'Validate a CACAO 2.0 playbook; print problems with JSON paths',
  description: `Validates a CACAO 2.0 playbook (JSON; also what the TypeScript builder's toCacao() writes) against
the OASIS CACAO 2.0 JSON Schemas and OpenMDR's checks (step references, command types,
conditions). Severities: error, the playbook is invalid; warning, a deviation from the schemas
whose intent is unambiguous (an extension agent or target type, a property the schemas do not
define, an action step without commands, planned as a manual step), the playbook still imports;
unsupported, valid CACAO that OpenMDR cannot run.`,
  options: [
    {
      name: 'strict',
      type: 'boolean',
      description: 'hold the playbook to the schemas as written: every deviation is an error',
    },
  ],
  positionals: [
    {
      name: 'FILE|-',
      required: 'give exactly one FILE',
      description: "the playbook (JSON); '-' reads standard input",
    },
  ],
  output: `One JSON line per problem, then a summary:
{"path":"/workflow/action--…/commands/0/type","severity":"unsupported","message":"unknown command type …"}
{"valid":true,"name":"Contain a host","steps":12,"errors":0,"warnings":1,"unsupported":1}`,
  exitCodes: {
    0: 'the playbook is valid (warnings and unsupported constructs do not make it invalid)',
    1: 'the playbook is invalid or cannot be read',
  },
  examples: [
    {
      command: 'openmdr playbook validate contain-host.json',
      description: 'validate a playbook',
    },
    {
      command: 'openmdr playbook validate --strict contain-host.json',
      description: 'validate it against the schemas as written',
    },
  ],
  async run({ args, io }): Promise<number> {
    const files = args.positionals;
    const document = await readPlaybookFile(files[0] as string, io, 'playbook validate');
    if (document === undefined) return 1;
    const result = importCacaoPlaybook(document, { strict: args.flag('strict') });
    for (const problem of result.problems) io.stdout.write(`${JSON.stringify(problem)}\n`);
    const count = (severity: PlaybookProblem['severity']): number =>
      result.problems.filter((problem) => problem.severity === severity).length;
    io.stdout.write(
      `${JSON.stringify({
        valid: result.playbook !== undefined,
        name: result.playbook?.name ?? null,
        steps: result.playbook === undefined ? null : Object.keys(result.playbook.steps).length,
        errors: count('error'),
        warnings: count('warning'),
        unsupported: count('unsupported'),
      })}\n`,
    );
    return result.playbook === undefined ? 1 : 0;
  },
});
