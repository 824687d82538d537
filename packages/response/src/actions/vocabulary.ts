import type { TargetType } from './command.js';
import type { OpenC2Action } from './openc2.js';

/**
 * The response actions OpenMDR knows, by name. Each is one OpenC2 action on one target type (and,
 * for accounts, an ER `account_status` argument); `revoke_sessions` and `notify` are OpenMDR
 * extensions in the `x-openmdr` namespace.
 */
export const ACTION_KINDS = [
  'contain_device',
  'allow_device',
  'disable_account',
  'enable_account',
  'deny_ip',
  'allow_ip',
  'deny_domain',
  'allow_domain',
  'deny_url',
  'allow_url',
  'deny_file_hash',
  'allow_file_hash',
  'stop_process',
  'contain_file',
  'delete_file',
  'query_features',
  'revoke_sessions',
  'notify',
] as const;

/** A response action name (`contain_device`, `disable_account`, …). */
export type ActionKind = (typeof ACTION_KINDS)[number];

/** How an {@link ActionKind} is written in OpenC2. */
export interface ActionKindDefinition {
  /** The action's name. */
  kind: ActionKind;
  /** The OpenC2 action verb. */
  action: OpenC2Action;
  /** The OpenC2 target types it accepts. */
  targets: readonly TargetType[];
  /** For accounts: the ER `account_status` argument it sets. */
  accountStatus?: 'enabled' | 'disabled';
  /** The action that undoes this one, when it can be undone (compensation). */
  undo: ActionKind | null;
  /** Whether it changes something (false for queries). */
  changesState: boolean;
  /** One line for docs and approvers. */
  summary: string;
}

const define = (definition: ActionKindDefinition): ActionKindDefinition => definition;

/** The definition of each {@link ActionKind}. */
export const ACTION_DEFINITIONS: Readonly<Record<ActionKind, ActionKindDefinition>> = {
  contain_device: define({
    kind: 'contain_device',
    action: 'contain',
    targets: ['device'],
    undo: 'allow_device',
    changesState: true,
    summary: 'Isolate a device from the network (OpenC2 contain device).',
  }),
  allow_device: define({
    kind: 'allow_device',
    action: 'allow',
    targets: ['device'],
    undo: 'contain_device',
    changesState: true,
    summary: 'Lift the containment of a device (OpenC2 allow device).',
  }),
  disable_account: define({
    kind: 'disable_account',
    action: 'set',
    targets: ['er:account'],
    accountStatus: 'disabled',
    undo: 'enable_account',
    changesState: true,
    summary: 'Disable an account (OpenC2 ER set er:account, account_status disabled).',
  }),
  enable_account: define({
    kind: 'enable_account',
    action: 'set',
    targets: ['er:account'],
    accountStatus: 'enabled',
    undo: 'disable_account',
    changesState: true,
    summary: 'Enable an account (OpenC2 ER set er:account, account_status enabled).',
  }),
  deny_ip: define({
    kind: 'deny_ip',
    action: 'deny',
    targets: ['ipv4_net', 'ipv6_net'],
    undo: 'allow_ip',
    changesState: true,
    summary: 'Block an IP address or network (OpenC2 deny ipv4_net / ipv6_net).',
  }),
  allow_ip: define({
    kind: 'allow_ip',
    action: 'allow',
    targets: ['ipv4_net', 'ipv6_net'],
    undo: 'deny_ip',
    changesState: true,
    summary: 'Unblock an IP address or network (OpenC2 allow ipv4_net / ipv6_net).',
  }),
  deny_domain: define({
    kind: 'deny_domain',
    action: 'deny',
    targets: ['domain_name'],
    undo: 'allow_domain',
    changesState: true,
    summary: 'Block a domain (OpenC2 deny domain_name).',
  }),
  allow_domain: define({
    kind: 'allow_domain',
    action: 'allow',
    targets: ['domain_name'],
    undo: 'deny_domain',
    changesState: true,
    summary: 'Unblock a domain (OpenC2 allow domain_name).',
  }),
  deny_url: define({
    kind: 'deny_url',
    action: 'deny',
    targets: ['uri'],
    undo: 'allow_url',
    changesState: true,
    summary: 'Block a URL (OpenC2 deny uri).',
  }),
  allow_url: define({
    kind: 'allow_url',
    action: 'allow',
    targets: ['uri'],
    undo: 'deny_url',
    changesState: true,
    summary: 'Unblock a URL (OpenC2 allow uri).',
  }),
  deny_file_hash: define({
    kind: 'deny_file_hash',
    action: 'deny',
    targets: ['file'],
    undo: 'allow_file_hash',
    changesState: true,
    summary: 'Block a file by hash everywhere (OpenC2 deny file with hashes).',
  }),
  allow_file_hash: define({
    kind: 'allow_file_hash',
    action: 'allow',
    targets: ['file'],
    undo: 'deny_file_hash',
    changesState: true,
    summary: 'Unblock a file hash (OpenC2 allow file with hashes).',
  }),
  stop_process: define({
    kind: 'stop_process',
    action: 'stop',
    targets: ['process'],
    undo: null,
    changesState: true,
    summary: 'Kill a process (OpenC2 stop process); cannot be undone.',
  }),
  contain_file: define({
    kind: 'contain_file',
    action: 'contain',
    targets: ['file'],
    undo: null,
    changesState: true,
    summary: 'Quarantine a file on a device (OpenC2 contain file).',
  }),
  delete_file: define({
    kind: 'delete_file',
    action: 'delete',
    targets: ['file'],
    undo: null,
    changesState: true,
    summary: 'Delete a file on a device (OpenC2 delete file); cannot be undone.',
  }),
  query_features: define({
    kind: 'query_features',
    action: 'query',
    targets: ['features'],
    undo: null,
    changesState: false,
    summary: 'Ask an actuator what it supports (OpenC2 query features).',
  }),
  revoke_sessions: define({
    kind: 'revoke_sessions',
    action: 'delete',
    targets: ['x-openmdr:sessions'],
    undo: null,
    changesState: true,
    summary: 'Sign an account out everywhere (extension: delete x-openmdr:sessions).',
  }),
  notify: define({
    kind: 'notify',
    action: 'create',
    targets: ['x-openmdr:notification'],
    undo: null,
    changesState: false,
    summary: 'Send a notification (extension: create x-openmdr:notification).',
  }),
};

/** True when `value` is an {@link ActionKind}. */
export function isActionKind(value: unknown): value is ActionKind {
  return typeof value === 'string' && (ACTION_KINDS as readonly string[]).includes(value);
}
