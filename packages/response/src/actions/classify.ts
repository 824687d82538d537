import {
  type Command,
  type CommandArgs,
  commandSchema,
  type Target,
  type TargetType,
} from './command.js';
import { CommandValidationError, issuesFromZod, type ResponseIssue } from './errors.js';
import { ACTION_DEFINITIONS, ACTION_KINDS, type ActionKind } from './vocabulary.js';

/** The target type of a command's target (its single key). */
export function targetTypeOf(target: Target): TargetType {
  return Object.keys(target)[0] as TargetType;
}

/**
 * Which {@link ActionKind} a command is, or an issue saying why it is none. Pure; expects a
 * command that already passed {@link commandSchema}.
 */
export function classifyCommand(
  command: Command,
): { kind: ActionKind } | { kind: null; issue: ResponseIssue } {
  const type = targetTypeOf(command.target);
  const accountStatus = command.args?.er?.account_status;
  for (const kind of ACTION_KINDS) {
    const definition = ACTION_DEFINITIONS[kind];
    if (definition.action !== command.action || !definition.targets.includes(type)) continue;
    if (definition.accountStatus !== undefined && definition.accountStatus !== accountStatus) {
      continue;
    }
    if (kind === 'deny_file_hash' || kind === 'allow_file_hash') {
      const file = (command.target as { file: { hashes?: unknown } }).file;
      if (file.hashes === undefined) {
        return {
          kind: null,
          issue: {
            path: 'target.file.hashes',
            message: `${command.action} file needs hashes (block and allow work on file hashes)`,
          },
        };
      }
    }
    return { kind };
  }
  if (command.action === 'set' && type === 'er:account') {
    return {
      kind: null,
      issue: {
        path: 'args.er.account_status',
        message: 'set er:account needs args.er.account_status (enabled or disabled)',
      },
    };
  }
  return {
    kind: null,
    issue: {
      path: 'action',
      message: `OpenMDR has no action "${command.action} ${type}" (see ACTION_DEFINITIONS)`,
    },
  };
}

/** A command that passed validation, with its action kind. */
export interface ParsedCommand {
  /** The validated command. */
  command: Command;
  /** Its action kind. */
  kind: ActionKind;
}

/**
 * Validates an unknown value as a {@link Command} of OpenMDR's vocabulary.
 * @throws CommandValidationError (`RESPONSE_COMMAND_INVALID`) naming each bad field's path.
 */
export function parseCommand(input: unknown): ParsedCommand {
  const parsed = commandSchema.safeParse(input);
  if (!parsed.success) throw new CommandValidationError(issuesFromZod(parsed.error.issues));
  const classified = classifyCommand(parsed.data);
  if (classified.kind === null) throw new CommandValidationError([classified.issue]);
  return { command: parsed.data, kind: classified.kind };
}

/** The action kind of a valid command. @throws CommandValidationError when it has none. */
export function actionKindOf(command: Command): ActionKind {
  const classified = classifyCommand(command);
  if (classified.kind === null) throw new CommandValidationError([classified.issue]);
  return classified.kind;
}

/** Options of {@link createCommand}. */
export interface CreateCommandOptions {
  /** The request id; make it stable per intended effect (for example derived from an incident). */
  requestId: string;
  /** Extra arguments (merged with the ones the kind needs). */
  args?: CommandArgs;
  /** Route to a connector id. */
  connector?: string;
}

/** The target each action kind takes, for {@link createCommand}. */
export interface ActionKindTargets {
  contain_device: { device: NonNullable<Extract<Target, { device: unknown }>['device']> };
  allow_device: ActionKindTargets['contain_device'];
  disable_account: { 'er:account': Extract<Target, { 'er:account': unknown }>['er:account'] };
  enable_account: ActionKindTargets['disable_account'];
  deny_ip: Extract<Target, { ipv4_net: unknown }> | Extract<Target, { ipv6_net: unknown }>;
  allow_ip: ActionKindTargets['deny_ip'];
  deny_domain: Extract<Target, { domain_name: unknown }>;
  allow_domain: ActionKindTargets['deny_domain'];
  deny_url: Extract<Target, { uri: unknown }>;
  allow_url: ActionKindTargets['deny_url'];
  deny_file_hash: Extract<Target, { file: unknown }>;
  allow_file_hash: ActionKindTargets['deny_file_hash'];
  stop_process: Extract<Target, { process: unknown }>;
  contain_file: Extract<Target, { file: unknown }>;
  delete_file: Extract<Target, { file: unknown }>;
  query_features: Extract<Target, { features: unknown }>;
  revoke_sessions: Extract<Target, { 'x-openmdr:sessions': unknown }>;
  notify: Extract<Target, { 'x-openmdr:notification': unknown }>;
}

/**
 * Builds and validates the command for an action kind.
 *
 * @example
 * ```ts
 * const command = createCommand('contain_device', { device: { device_id: 'aid-1' } }, {
 *   requestId: 'incident-42:contain:aid-1',
 * });
 * ```
 * @throws CommandValidationError when the target or arguments are invalid.
 */
export function createCommand<Kind extends ActionKind>(
  kind: Kind,
  target: ActionKindTargets[Kind],
  options: CreateCommandOptions,
): Command {
  const definition = ACTION_DEFINITIONS[kind];
  let args: CommandArgs | undefined = options.args;
  if (definition.accountStatus !== undefined) {
    args = { ...args, er: { ...args?.er, account_status: definition.accountStatus } };
  }
  const command: Record<string, unknown> = {
    request_id: options.requestId,
    action: definition.action,
    target,
  };
  if (args !== undefined) command.args = args;
  if (options.connector !== undefined) {
    command.actuator = { 'x-openmdr': { connector: options.connector } };
  }
  const parsed = parseCommand(command);
  if (parsed.kind !== kind) {
    throw new CommandValidationError([
      { path: 'target', message: `the target does not make a ${kind} command` },
    ]);
  }
  return parsed.command;
}

/** The request id of the undo of the command with `requestId`: stable, so compensation is idempotent. */
export function undoRequestId(requestId: string): string {
  return `${requestId}:undo`;
}

/**
 * The command that undoes `command` (contain ↔ allow device, disable ↔ enable account, deny ↔
 * allow indicator), on the same target and actuator, with request id `<request_id>:undo` and
 * `args['x-openmdr'].undoes` pointing at the original. `null` when the action cannot be undone.
 */
export function undoCommand(command: Command): Command | null {
  const kind = actionKindOf(command);
  const undo = ACTION_DEFINITIONS[kind].undo;
  if (undo === null) return null;
  const definition = ACTION_DEFINITIONS[undo];
  const openmdrArgs = { ...command.args?.['x-openmdr'], undoes: command.request_id };
  const args: CommandArgs = { 'x-openmdr': openmdrArgs };
  if (command.args?.er?.downstream_device !== undefined) {
    args.er = { downstream_device: command.args.er.downstream_device };
  }
  if (definition.accountStatus !== undefined) {
    args.er = { ...args.er, account_status: definition.accountStatus };
  }
  const undone: Command = {
    request_id: undoRequestId(command.request_id),
    action: definition.action,
    target: command.target,
    args,
  };
  if (command.actuator !== undefined) undone.actuator = command.actuator;
  return undone;
}

/**
 * A stable key naming what a command acts on (`device:device_id=aid-1`, `er:account:uid=u1`,
 * `ipv4_net:10.0.0.1`): used for blast-radius counting, approvals and audit.
 */
export function targetKey(target: Target): string {
  const type = targetTypeOf(target);
  const value = (target as Record<string, unknown>)[type];
  if (typeof value === 'string') return `${type}:${value}`;
  if (Array.isArray(value)) return `${type}:${value.join(',')}`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(
      ([key, item]) => `${key}=${typeof item === 'object' ? JSON.stringify(item) : String(item)}`,
    );
  return `${type}:${entries.join('&')}`;
}
