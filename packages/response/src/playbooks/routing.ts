import type { CommandExecutor, CommandExecutors } from './commands.js';
import { CACAO_AGENT_TARGET_TYPES } from './model.js';

/** Where a command goes: the executor key, and what decided it. */
export interface CommandRoute {
  /**
   * The key of the executor that runs the command in `executors`: a CACAO command type
   * (`openc2-http`, `http-api`, `ssh`, `manual`, …) or an agent type (`soarca-fin`, `software`).
   */
  executor: string;
  /** `agent`: the step's agent decided (an extension agent type); `command`: the command's type. */
  by: 'agent' | 'command';
}

/**
 * SOARCA's capabilities, by the agent `name` that selects them in a SOARCA playbook (SOARCA routes
 * a command by its step's agent name, with agent type `soarca`), and the OpenMDR executor key each
 * maps to. OpenMDR ships an `openc2-http` executor (`createOpenC2HttpExecutor`,
 * `createDispatcherExecutor`); the others run where an executor is registered under their key.
 * SOARCA fins (agent type `soarca-fin`, or a name starting `soarca-fin`) map to `soarca-fin`.
 */
export const SOARCA_CAPABILITIES: Readonly<Record<string, string>> = {
  'soarca-ssh': 'ssh',
  'soarca-http-api': 'http-api',
  'soarca-openc2-http': 'openc2-http',
  'soarca-powershell': 'powershell',
  'soarca-manual': 'manual',
  'soarca-manual-capability': 'manual',
};

/** Agent types that mean "a person does it" (SOARCA's manual capability). */
const MANUAL_AGENT_TYPES: readonly string[] = ['soarca-manual', 'soarca-manual-capability'];

const SOARCA_FIN = 'soarca-fin';

/**
 * Routes a command to an executor key. A `manual` command goes to `manual`. An agent of a SOARCA
 * capability (by name, see {@link SOARCA_CAPABILITIES}), a SOARCA fin or manual agent, or any other
 * agent type outside CACAO 2.0's vocabulary (`soarca`, `software`) routes by the agent: its
 * capability's key, `soarca-fin`, `manual`, or the agent type itself. Otherwise (a CACAO agent
 * type such as `individual` or `net-address`, or no agent) the command's type decides.
 */
export function routeCommand(
  commandType: string,
  agent?: Readonly<Record<string, unknown>>,
): CommandRoute {
  if (commandType === 'manual') return { executor: 'manual', by: 'command' };
  const type = typeof agent?.type === 'string' ? agent.type : undefined;
  const name = typeof agent?.name === 'string' ? agent.name : '';
  const capability = SOARCA_CAPABILITIES[name];
  if (capability !== undefined) return { executor: capability, by: 'agent' };
  if (type !== undefined && MANUAL_AGENT_TYPES.includes(type)) {
    return { executor: 'manual', by: 'agent' };
  }
  if (type === SOARCA_FIN || name.startsWith(SOARCA_FIN)) {
    return { executor: SOARCA_FIN, by: 'agent' };
  }
  if (type !== undefined && !(CACAO_AGENT_TARGET_TYPES as readonly string[]).includes(type)) {
    return { executor: type, by: 'agent' };
  }
  return { executor: commandType, by: 'command' };
}

/** Why a route has no executor: `unsupported: no executor registered for agent type 'ssh'`. */
export function unsupportedRoute(route: CommandRoute): string {
  return `unsupported: no executor registered for ${route.by === 'agent' ? 'agent' : 'command'} type '${route.executor}'`;
}

/** The executor a command routes to, or why there is none. */
export type ExecutorChoice =
  | { route: CommandRoute; executor: CommandExecutor }
  | { route: CommandRoute; executor?: undefined; reason: string };

/** Routes a command ({@link routeCommand}) and looks its executor up in `executors`. */
export function chooseExecutor(
  executors: CommandExecutors | undefined,
  command: { type: string; agent?: Readonly<Record<string, unknown>> },
): ExecutorChoice {
  const route = routeCommand(command.type, command.agent);
  const executor = executors?.[route.executor];
  return executor === undefined ? { route, reason: unsupportedRoute(route) } : { route, executor };
}
