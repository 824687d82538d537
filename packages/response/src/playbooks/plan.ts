import {
  type CommandAuthorization,
  type CommandAuthorizer,
  type CommandExecutors,
  type CommandRequest,
  resolveCommand,
} from './commands.js';
import type { Playbook, PlaybookStep } from './model.js';
import { variableValues } from './variables.js';

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
}

/** One command of a plan. */
export interface PlannedCommand {
  kind: 'command';
  step: string;
  index: number;
  /** The command as it would be sent (variables substituted). */
  request: CommandRequest;
  /** Whether an executor for the command type is configured. */
  executable: boolean;
  /** Why not, when it is not executable. */
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
  /** The executors a run would use: decide `executable` (none: nothing is executable). */
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
 * once, in depth-first order, branches before what follows them), each command with its variables
 * substituted, whether it can be executed here, and the policy's decision. Commands whose type has
 * no executor are planned and marked `executable: false`.
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
      const executor = options.executors?.[command.type];
      const entry: PlannedCommand = {
        kind: 'command',
        step: id,
        index,
        request,
        executable: executor !== undefined,
      };
      if (executor === undefined) entry.reason = `no executor for command type '${command.type}'`;
      if (executor?.undo !== undefined) entry.undoable = executor.undo(request) !== null;
      if (options.authorize !== undefined) entry.authorization = await options.authorize(request);
      entries.push(entry);
    }
  }
  return entries;
}
