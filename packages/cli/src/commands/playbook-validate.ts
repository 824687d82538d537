import { readFile } from 'node:fs/promises';
import { importCacaoPlaybook, type PlaybookProblem } from '@openmdr/response';
import { type Command, type CommandIo, UsageError } from '../command.js';

const usage = `Usage: openmdr playbook validate FILE [--strict]

Validates a CACAO 2.0 playbook (JSON; also what the TypeScript builder's toCacao() writes) against
the OASIS CACAO 2.0 JSON Schemas and OpenMDR's checks (step references, command types, conditions).
Writes one JSON line per problem, then a summary:
  {"path":"/agent_definitions/soarca--…/type","severity":"warning","message":"agent type 'soarca' is not in …"}
  {"path":"/workflow/action--…/commands/0/type","severity":"unsupported","message":"unknown command type …"}
  {"valid":true,"name":"Contain a host","steps":12,"errors":0,"warnings":1,"unsupported":1}
error: the playbook is invalid. warning: a deviation from the schemas whose intent is unambiguous
(an extension agent or target type, a property the schemas do not define, an action step without
commands, planned as a manual step); the playbook still imports. unsupported: valid CACAO that
OpenMDR cannot run.
  --strict   hold the playbook to the schemas as written: every deviation is an error
Exit code 0 when valid (warnings and unsupported constructs do not make it invalid), 1 when
invalid or unreadable, 2 on usage errors.`;

/** Reads a playbook file as JSON; writes the reason and returns undefined when it cannot. */
export async function readPlaybookFile(
  file: string,
  io: CommandIo,
  command: string,
): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    io.stderr.write(`openmdr ${command}: cannot read ${file}: ${(error as Error).message}\n`);
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
export const playbookValidateCommand: Command = {
  path: ['playbook', 'validate'],
  summary: 'Validate a CACAO 2.0 playbook; print problems with JSON paths',
  usage,
  async run(args: string[], io: CommandIo): Promise<number> {
    const files = args.filter((argument) => !argument.startsWith('--'));
    const option = args.find((argument) => argument.startsWith('--') && argument !== '--strict');
    if (option !== undefined) throw new UsageError(`unknown option ${option}`);
    if (files.length !== 1) throw new UsageError('give exactly one FILE');
    const document = await readPlaybookFile(files[0] as string, io, 'playbook validate');
    if (document === undefined) return 1;
    const result = importCacaoPlaybook(document, { strict: args.includes('--strict') });
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
};
