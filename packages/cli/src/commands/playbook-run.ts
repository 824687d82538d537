import {
  importCacaoPlaybook,
  type PlanOptions,
  parsePolicy,
  planPlaybook,
  policyAuthorizer,
} from '@openmdr/response';
import { type Command, type CommandIo, UsageError } from '../command.js';
import { readPlaybookFile } from './playbook-validate.js';

const usage = `Usage: openmdr playbook run FILE --dry-run [--incident FILE] [--policy FILE] [--var __name__=value]...

Plans a CACAO 2.0 playbook without running anything (only --dry-run is available from the CLI).
Writes the plan as JSON lines: each step reachable from the start ({"kind":"step",…}; an action
step's "action" says who would run what: {"agent":…,"executors":["ssh"],"runnable":false,
"summary":"soarca-ssh (soarca): ssh 'ls -la' on system 1; cannot run: unsupported: no executor
registered for agent type 'ssh'"}) and each command with variables substituted and the executor it
routes to ({"kind":"command","executor":"ssh","executable":false,"reason":…}); with --policy, each
command's decision from the response policy (JSON). The CLI registers no executors, so every
command is planned as not executable here. Playbooks that deviate from the schemas where the
intent is clear (see playbook validate) are planned; the number of warnings goes to stderr.

  --incident FILE   an incident (JSON): each external playbook variable __a_b__ takes the value at
                    the incident's path a.b or a_b; __incident_id__ takes its id or uid
  --var N=V         sets variable N (repeatable; wins over --incident)
Exit code 0 when planned, 1 when the playbook or an input is invalid, 2 on usage errors.`;

function flatten(value: unknown, prefix: string, into: Map<string, string>): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, item] of Object.entries(value))
      flatten(item, prefix === '' ? key : `${prefix}.${key}`, into);
    return;
  }
  into.set(prefix, typeof value === 'string' ? value : JSON.stringify(value));
}

/** The values an incident gives the playbook's external variables. */
export function variablesFromIncident(
  incident: unknown,
  names: readonly string[],
): Record<string, string> {
  const paths = new Map<string, string>();
  flatten(incident, '', paths);
  const values: Record<string, string> = {};
  for (const name of names) {
    const bare = name.slice(2, -2);
    const found = paths.get(bare) ?? paths.get(bare.replace(/_/g, '.'));
    if (found !== undefined) values[name] = found;
  }
  const id = paths.get('id') ?? paths.get('uid') ?? paths.get('finding_info.uid');
  if (id !== undefined) values.__incident_id__ = id;
  return values;
}

/** `openmdr playbook run --dry-run`: prints a playbook's plan. */
export const playbookRunCommand: Command = {
  path: ['playbook', 'run'],
  summary: 'Dry-run a CACAO 2.0 playbook: print the plan as JSON lines',
  usage,
  async run(args: string[], io: CommandIo): Promise<number> {
    let dryRun = false;
    let file: string | undefined;
    let incidentFile: string | undefined;
    let policyFile: string | undefined;
    const variables: Record<string, string> = {};
    for (let index = 0; index < args.length; index++) {
      const argument = args[index] as string;
      if (argument === '--dry-run') dryRun = true;
      else if (argument === '--incident' || argument === '--policy' || argument === '--var') {
        const value = args[++index];
        if (value === undefined) throw new UsageError(`${argument} needs a value`);
        if (argument === '--incident') incidentFile = value;
        else if (argument === '--policy') policyFile = value;
        else {
          const equals = value.indexOf('=');
          if (!/^__[a-zA-Z_][a-zA-Z0-9_-]*__$/.test(value.slice(0, equals))) {
            throw new UsageError(`--var needs __name__=value, not ${value}`);
          }
          variables[value.slice(0, equals)] = value.slice(equals + 1);
        }
      } else if (argument.startsWith('--')) throw new UsageError(`unknown option ${argument}`);
      else if (file === undefined) file = argument;
      else throw new UsageError('only one FILE may be given');
    }
    if (file === undefined) throw new UsageError('give the playbook FILE');
    if (!dryRun)
      throw new UsageError('only --dry-run is available from the CLI; run playbooks with the SDK');
    const document = await readPlaybookFile(file, io, 'playbook run');
    if (document === undefined) return 1;
    const result = importCacaoPlaybook(document);
    if (result.playbook === undefined) {
      for (const problem of result.problems) io.stderr.write(`${JSON.stringify(problem)}\n`);
      io.stderr.write(`openmdr playbook run: ${file} is not a valid playbook\n`);
      return 1;
    }
    const warnings = result.problems.filter((problem) => problem.severity === 'warning').length;
    if (warnings > 0) {
      io.stderr.write(
        `openmdr playbook run: ${file} deviates from the CACAO 2.0 schemas in ${warnings} tolerated way${warnings === 1 ? '' : 's'} (see playbook validate)\n`,
      );
    }
    const options: PlanOptions = {};
    if (incidentFile !== undefined) {
      const incident = await readPlaybookFile(incidentFile, io, 'playbook run');
      if (incident === undefined) return 1;
      Object.assign(options, {
        variables: {
          ...variablesFromIncident(incident, Object.keys(result.playbook.variables)),
          ...variables,
        },
      });
    } else {
      options.variables = variables;
    }
    if (policyFile !== undefined) {
      const policy = await readPlaybookFile(policyFile, io, 'playbook run');
      if (policy === undefined) return 1;
      try {
        options.authorize = policyAuthorizer(parsePolicy(policy, policyFile));
      } catch (error) {
        io.stderr.write(`openmdr playbook run: ${(error as Error).message}\n`);
        return 1;
      }
    }
    for (const entry of await planPlaybook(result.playbook, options))
      io.stdout.write(`${JSON.stringify(entry)}\n`);
    return 0;
  },
};
