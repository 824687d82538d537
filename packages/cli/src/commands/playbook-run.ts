import {
  importCacaoPlaybook,
  type PlanOptions,
  parsePolicy,
  planPlaybook,
  policyAuthorizer,
} from '@openmdr/response';
import { UsageError } from '../command.js';
import { type DefinedCommand, defineCommand } from '../define-command.js';
import { readPlaybookFile } from './playbook-validate.js';

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
export const playbookRunCommand: DefinedCommand = defineCommand({
  path: ['playbook', 'run'],
  summary: 'Dry-run a CACAO 2.0 playbook: print the plan as JSON lines',
  description: `Plans a CACAO 2.0 playbook without running anything (only --dry-run is available from the CLI;
run playbooks with the SDK). The CLI registers no executors, so every command is planned as not
executable here. Playbooks that deviate from the schemas where the intent is clear (see playbook
validate) are planned; the number of warnings goes to standard error (not with --quiet).`,
  options: [
    {
      name: 'dry-run',
      type: 'boolean',
      required: 'only --dry-run is available from the CLI; run playbooks with the SDK',
      description: 'plan, do not run',
    },
    {
      name: 'incident',
      type: 'string',
      valueName: 'FILE',
      description:
        "an incident (JSON): each external playbook variable __a_b__ takes the value at the incident's path a.b or a_b; __incident_id__ takes its id or uid",
    },
    {
      name: 'policy',
      type: 'string',
      valueName: 'FILE',
      description: "a response policy (JSON): each command's decision is added to the plan",
    },
    {
      name: 'var',
      type: 'string',
      multiple: true,
      valueName: '__name__=value',
      description: 'sets a variable (wins over --incident)',
    },
  ],
  positionals: [
    {
      name: 'FILE|-',
      required: 'give the playbook FILE',
      description: "the playbook (JSON); '-' reads standard input",
    },
  ],
  output: `The plan as JSON lines: each step reachable from the start ({"kind":"step",…}; an action step's
"action" says who would run what: {"agent":…,"executors":["ssh"],"runnable":false,"summary":…}),
and each command with variables substituted and the executor it routes to
({"kind":"command","executor":"ssh","executable":false,"reason":…}); with --policy, each
command's decision from the response policy.`,
  exitCodes: {
    0: 'the playbook was planned',
    1: 'the playbook or an input is invalid or cannot be read',
  },
  examples: [
    {
      command: 'openmdr playbook run contain-host.json --dry-run --incident incident.json',
      description: 'plan a playbook for an incident',
    },
    {
      command:
        'openmdr playbook run contain-host.json --dry-run --policy policy.json --var __host__=ws-042',
      description: 'plan it with a response policy and one variable set',
    },
  ],
  async run({ args, io, note }): Promise<number> {
    const dryRun = args.flag('dry-run');
    const file = args.positionals[0] as string;
    const incidentFile = args.string('incident');
    const policyFile = args.string('policy');
    const variables: Record<string, string> = {};
    for (const value of args.list('var')) {
      const equals = value.indexOf('=');
      if (!/^__[a-zA-Z_][a-zA-Z0-9_-]*__$/.test(value.slice(0, equals))) {
        throw new UsageError(`--var needs __name__=value, not ${value}`);
      }
      variables[value.slice(0, equals)] = value.slice(equals + 1);
    }
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
      note(
        `openmdr playbook run: ${file} deviates from the CACAO 2.0 schemas in ${warnings} tolerated way${warnings === 1 ? '' : 's'} (see playbook validate)`,
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
});
