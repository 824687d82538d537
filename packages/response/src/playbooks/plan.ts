import {
  type CommandAuthorization,
  type CommandAuthorizer,
  type CommandExecutors,
  type CommandRequest,
  resolveCommand,
} from './commands.js';
import type { ActionStep, Playbook, PlaybookStep } from './model.js';
import { chooseExecutor } from './routing.js';
import { variableValues } from './variables.js';

/** Who would run an action step and what, or why it cannot run here. */
export interface PlannedAction {
  /** The agent's id, or `null` when the step names none. */
  agent: string | null;
  /** The agent's type, as defined (absent when the step names no agent or an undefined one). */
  agentType?: string;
  /** The agent's name, as defined. */
  agentName?: string;
  /** The targets, by name (by id when a target has no name or is not defined). */
  targets: string[];
  /** The executor keys the step's commands route to, each once, in order. */
  executors: string[];
  /** Whether every command of the step has an executor here. */
  runnable: boolean;
  /** Set when the playbook gave the step no commands: it is planned as a manual step. */
  manual?: true;
  /** One sentence: who would run what on which targets, through which executors, or why not. */
  summary: string;
}

/** One step of a plan. */
export interface PlannedStep {
  kind: 'step';
  step: string;
  type: PlaybookStep['type'];
  name?: string;
  delay?: number;
  timeout?: number;
  maxAttempts?: number;
  /** Where the run goes next: `success`, `failure`, `completion`, `true`, `false`, `branches`, cases. */
  next: Record<string, string | string[]>;
  /** For conditions: the condition (or switch variable) as written. */
  condition?: string;
  /** For action steps: who would run what, or why it cannot. */
  action?: PlannedAction;
}

/** One command of a plan. */
export interface PlannedCommand {
  kind: 'command';
  step: string;
  index: number;
  /** The command as it would be sent (variables substituted). */
  request: CommandRequest;
  /** The executor key the command routes to (`routeCommand`): a command type or agent type. */
  executor: string;
  /** Whether an executor for that key is configured. */
  executable: boolean;
  /** Why not, when it is not executable (`unsupported: no executor registered for …`). */
  reason?: string;
  /** The policy decision, when an authorizer is given. */
  authorization?: CommandAuthorization;
  /** Whether the command has an undo (compensation), when an executor says so. */
  undoable?: boolean;
}

/** A line of a plan. */
export type PlanEntry = PlannedStep | PlannedCommand;

/** Options of {@link planPlaybook}. */
export interface PlanOptions {
  /** Values for variables (`{ __host__: 'ws-1' }`), over the playbook's own. */
  variables?: Readonly<Record<string, string | null>>;
  /** The executors a run would use, by key: decide `executable` (none: nothing is executable). */
  executors?: CommandExecutors;
  /** The authority policy, asked about every command (it must not act). */
  authorize?: CommandAuthorizer;
  /** The run id to show in request ids (default `dry-run`). */
  runId?: string;
}

function nextOf(step: PlaybookStep): Record<string, string | string[]> {
  const next: Record<string, string | string[]> = {};
  if (step.onCompletion !== undefined) next.completion = step.onCompletion;
  if (step.onSuccess !== undefined) next.success = step.onSuccess;
  if (step.onFailure !== undefined) next.failure = step.onFailure;
  switch (step.type) {
    case 'if-condition':
      next.true = step.onTrue;
      if (step.onFalse !== undefined) next.false = step.onFalse;
      break;
    case 'while-condition':
      next.true = step.onTrue;
      break;
    case 'parallel':
      next.branches = step.nextSteps;
      break;
    case 'switch-condition':
      for (const [value, target] of Object.entries(step.cases)) next[`case:${value}`] = target;
      break;
    default:
      break;
  }
  return next;
}

/**
 * Dry-run: the plan of a playbook, without side effects. Every step reachable from the start (each
 * once, in depth-first order, branches before what follows them); for each action step who would
 * run what ({@link PlannedAction}, one sentence in `summary`); each command with its variables
 * substituted, the executor it routes to (`routeCommand`), whether it can be executed here, and the
 * policy's decision. Commands without an executor are planned and marked `executable: false` with
 * the reason (`unsupported: no executor registered for agent type 'ssh'`).
 */
export async function planPlaybook(
  playbook: Playbook,
  options: PlanOptions = {},
): Promise<PlanEntry[]> {
  const entries: PlanEntry[] = [];
  const seen = new Set<string>();
  const runId = options.runId ?? 'dry-run';
  const order: string[] = [];
  const visit = (id: string | undefined): void => {
    if (id === undefined || seen.has(id) || playbook.steps[id] === undefined) return;
    seen.add(id);
    order.push(id);
    const next = nextOf(playbook.steps[id] as PlaybookStep);
    for (const key of ['true', 'false', 'branches']) {
      const target = next[key];
      for (const item of Array.isArray(target) ? target : target === undefined ? [] : [target])
        visit(item);
    }
    for (const [key, target] of Object.entries(next)) {
      if (key.startsWith('case:')) visit(target as string);
    }
    visit(next.completion as string | undefined);
    visit(next.success as string | undefined);
    visit(next.failure as string | undefined);
  };
  visit(playbook.start);
  visit(playbook.exception);

  for (const id of order) {
    const step = playbook.steps[id] as PlaybookStep;
    const planned: PlannedStep = { kind: 'step', step: id, type: step.type, next: nextOf(step) };
    if (step.name !== undefined) planned.name = step.name;
    if (step.delay !== undefined) planned.delay = step.delay;
    if (step.timeout !== undefined) planned.timeout = step.timeout;
    if (step.retry !== undefined) planned.maxAttempts = step.retry.maxAttempts;
    if (step.type === 'if-condition' || step.type === 'while-condition')
      planned.condition = step.condition;
    if (step.type === 'switch-condition') planned.condition = step.switch;
    entries.push(planned);
    if (step.type !== 'action') continue;
    const values = {
      ...variableValues(playbook.variables),
      ...variableValues(step.variables),
      ...options.variables,
    };
    const commands: PlannedCommand[] = [];
    for (const [index, command] of step.commands.entries()) {
      const request = resolveCommand({
        requestId: `${runId}:${id}:1:${index}`,
        step,
        index,
        command,
        values,
        agents: playbook.agents,
        targets: playbook.targets,
      });
      const choice = chooseExecutor(options.executors, request);
      const entry: PlannedCommand = {
        kind: 'command',
        step: id,
        index,
        request,
        executor: choice.route.executor,
        executable: choice.executor !== undefined,
      };
      if (choice.executor === undefined) entry.reason = choice.reason;
      if (choice.executor?.undo !== undefined) {
        entry.undoable = choice.executor.undo(request) !== null;
      }
      if (options.authorize !== undefined) entry.authorization = await options.authorize(request);
      commands.push(entry);
    }
    planned.action = plannedAction(playbook, step, commands);
    entries.push(...commands);
  }
  return entries;
}

const quote = (text: string): string => {
  const line = text.replace(/\s+/g, ' ').trim();
  return `'${line.length > 80 ? `${line.slice(0, 79)}…` : line}'`;
};

const distinct = (items: readonly string[]): string[] => [...new Set(items)];

/** Who runs an action step and what, from its planned commands. */
function plannedAction(
  playbook: Playbook,
  step: ActionStep,
  commands: readonly PlannedCommand[],
): PlannedAction {
  const definition = step.agent === undefined ? undefined : playbook.agents[step.agent];
  const nameOf = (item: Record<string, unknown> | undefined, id: string): string =>
    typeof item?.name === 'string' && item.name !== '' ? item.name : id;
  const targets = step.targets.map((id) => nameOf(playbook.targets[id], id));
  const executors = distinct(commands.map((command) => command.executor));
  const reasons = distinct(commands.flatMap((command) => command.reason ?? []));
  const action: PlannedAction = {
    agent: step.agent ?? null,
    targets,
    executors,
    runnable: reasons.length === 0,
    summary: '',
  };
  if (typeof definition?.type === 'string') action.agentType = definition.type;
  if (typeof definition?.name === 'string') action.agentName = definition.name;
  if (step.manualFallback === true) action.manual = true;
  const who =
    step.agent === undefined
      ? 'no agent named'
      : definition === undefined
        ? `undefined agent '${step.agent}'`
        : `${nameOf(definition, step.agent)} (${String(definition.type)})`;
  const what = commands
    .map(({ request }) => {
      const text =
        request.command ?? request.content ?? (request.openc2 && JSON.stringify(request.openc2));
      const kind = step.manualFallback === true ? 'manual step' : request.type;
      return text === undefined ? kind : `${kind} ${quote(text)}`;
    })
    .join(', then ');
  const on = targets.length === 0 ? '' : ` on ${targets.join(', ')}`;
  const how =
    reasons.length === 0
      ? `via executor ${executors.map((key) => `'${key}'`).join(', ')}`
      : `cannot run: ${reasons.join('; ')}`;
  action.summary = `${who}: ${what}${on}; ${how}`;
  return action;
}
