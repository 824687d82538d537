import type { ActionStep, PlaybookCommand } from './model.js';
import { routeCommand } from './routing.js';
import { substituteVariables } from './variables.js';

/** A command of a step, with variables substituted, as an executor receives it. */
export interface CommandRequest {
  /**
   * Stable per intended effect: `<runId>:<stepId>:<visit>:<index>`. The same command of the same
   * step visit keeps it across retries and restarts, so an idempotent actuator acts once.
   */
  requestId: string;
  /** The step id. */
  step: string;
  /** The command's index in the step. */
  index: number;
  /** The CACAO command type. */
  type: string;
  /** The command line, substituted. */
  command?: string;
  /**
   * For commands routed to `openc2-http` (the `openc2-http` type, or a SOARCA `soarca-openc2-http`
   * agent): the decoded OpenC2 command (`action`, `target`, …), substituted. Content that is a
   * whole OpenC2 HTTPS message (`{ headers, body: { openc2: { request } } }`) gives its request.
   */
  openc2?: Record<string, unknown>;
  /** For other types: the decoded content, substituted. */
  content?: string;
  headers?: Record<string, string[]>;
  /** The agent definition the step names. */
  agent?: Record<string, unknown>;
  /** The target definitions the step names. */
  targets?: Record<string, unknown>[];
}

/** What an executor returns for a command. */
export interface CommandResult {
  /** Values for the step's `out_args` variables (`{ __status__: 'contained' }`). */
  variables?: Record<string, string>;
  /** Anything worth recording (JSON). */
  details?: unknown;
}

/** Carries out commands of one CACAO command type. */
export interface CommandExecutor {
  /**
   * Runs the command. Throw to fail it (an `OpenMdrError` with `isRetryable: false` is not retried).
   * `signal` aborts when the step times out.
   */
  execute(request: CommandRequest, signal: AbortSignal): Promise<CommandResult | undefined>;
  /** The command that undoes `request` (compensation), or `null` when it cannot be undone. */
  undo?(request: CommandRequest): CommandRequest | null;
}

/**
 * Executors by key: a CACAO command type (`openc2-http`, `http-api`, `ssh`, `manual`, …) or an
 * agent type a step's agent routes to (`soarca-fin`); see `routeCommand`.
 */
export type CommandExecutors = Readonly<Record<string, CommandExecutor>>;

/** A policy's answer about a command. */
export interface CommandAuthorization {
  /** `allow`: run it. `deny`: refuse (the step fails). `approval`: needs approval (the step fails, recorded). */
  decision: 'allow' | 'deny' | 'approval';
  /** Why, for people and the audit trail. */
  reason: string;
  /** The policy's full explanation (JSON). */
  details?: unknown;
}

/** Asks the authority policy about a command. Pure: must not act. */
export type CommandAuthorizer = (
  request: CommandRequest,
) => CommandAuthorization | Promise<CommandAuthorization>;

function substituteDeep(value: unknown, values: Readonly<Record<string, string | null>>): unknown {
  if (typeof value === 'string') return substituteVariables(value, values);
  if (Array.isArray(value)) return value.map((item) => substituteDeep(item, values));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, substituteDeep(item, values)]),
    );
  }
  return value;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The OpenC2 command in content: the JSON object, or the request of a whole OpenC2 message. */
function openc2Of(content: string): Record<string, unknown> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return undefined;
  }
  if (!isObject(parsed)) return undefined;
  const body = parsed.body;
  const request = isObject(body) && isObject(body.openc2) ? body.openc2.request : undefined;
  return isObject(request) && parsed.action === undefined ? request : parsed;
}

/** Builds the {@link CommandRequest} for a command of an action step. */
export function resolveCommand(options: {
  requestId: string;
  step: ActionStep;
  index: number;
  command: PlaybookCommand;
  values: Readonly<Record<string, string | null>>;
  agents: Readonly<Record<string, Record<string, unknown>>>;
  targets: Readonly<Record<string, Record<string, unknown>>>;
}): CommandRequest {
  const { command, values, step } = options;
  const request: CommandRequest = {
    requestId: options.requestId,
    step: step.id,
    index: options.index,
    type: command.type,
  };
  if (typeof command.command === 'string')
    request.command = substituteVariables(command.command, values);
  const content =
    typeof command.content_b64 === 'string'
      ? Buffer.from(command.content_b64, 'base64').toString('utf8')
      : typeof command.content === 'string'
        ? command.content
        : undefined;
  const agent = step.agent === undefined ? undefined : options.agents[step.agent];
  if (agent !== undefined) request.agent = substituteDeep(agent, values) as Record<string, unknown>;
  if (content !== undefined) {
    const openc2 =
      command.type === 'openc2-http' ||
      routeCommand(command.type, request.agent).executor === 'openc2-http'
        ? openc2Of(content)
        : undefined;
    if (openc2 !== undefined) {
      request.openc2 = substituteDeep(openc2, values) as Record<string, unknown>;
    } else {
      request.content = substituteVariables(content, values);
    }
  }
  if (command.headers !== undefined) {
    request.headers = substituteDeep(command.headers, values) as Record<string, string[]>;
  }
  if (step.targets.length > 0) {
    request.targets = step.targets.map(
      (id) => substituteDeep(options.targets[id] ?? { id }, values) as Record<string, unknown>,
    );
  }
  return request;
}
