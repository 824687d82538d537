import type { Command } from '../actions/command.js';
import type { ActionKind } from '../actions/vocabulary.js';
import { ActuatorInputError } from './actuator-errors.js';

/** How one action kind is carried out by one connector action. */
export interface ConnectorActionMapping {
  /** The connector action's name (`contain`, `isolate`, `suspend-user`, …). */
  action: string;
  /** Builds the connector action's input from the command. Throws {@link ActuatorInputError}. */
  input(command: Command): unknown;
}

/** The mappings of one connector, by action kind. */
export type ConnectorActionMap = Readonly<Partial<Record<ActionKind, ConnectorActionMapping>>>;

function deviceId(command: Command): string {
  const device = 'device' in command.target ? command.target.device : undefined;
  if (device?.device_id === undefined) {
    throw new ActuatorInputError(`${command.request_id}: target.device.device_id is required`, {
      details: { path: 'target.device.device_id' },
    });
  }
  return device.device_id;
}

function accountId(command: Command): string {
  const account =
    'er:account' in command.target
      ? command.target['er:account']
      : 'x-openmdr:sessions' in command.target
        ? command.target['x-openmdr:sessions'].account
        : undefined;
  const id = account?.uid ?? account?.account_name;
  if (id === undefined) {
    throw new ActuatorInputError(`${command.request_id}: the account needs uid or account_name`, {
      details: { path: 'target' },
    });
  }
  return id;
}

function comment(command: Command): string {
  return (
    command.args?.['x-openmdr']?.reason ??
    `OpenMDR ${command.request_id}${command.args?.['x-openmdr']?.incident_id ? ` (incident ${command.args['x-openmdr'].incident_id})` : ''}`
  ).slice(0, 1_000);
}

/**
 * The built-in mappings from OpenMDR's action kinds to the actions of OpenMDR's vendor
 * connectors, by connector id. Embedders add their own connectors with
 * {@link createConnectorActuator}'s `mapping` option.
 */
export const CONNECTOR_ACTION_MAPS: Readonly<Record<string, ConnectorActionMap>> = {
  crowdstrike: {
    contain_device: { action: 'contain', input: (command) => ({ deviceId: deviceId(command) }) },
    allow_device: {
      action: 'lift-containment',
      input: (command) => ({ deviceId: deviceId(command) }),
    },
  },
  defender: {
    contain_device: {
      action: 'isolate',
      input: (command) => ({
        machineId: deviceId(command),
        isolationType:
          command.args?.er?.device_containment === 'app_restriction' ? 'Selective' : 'Full',
        comment: comment(command),
      }),
    },
    allow_device: {
      action: 'release',
      input: (command) => ({ machineId: deviceId(command), comment: comment(command) }),
    },
  },
  sentinelone: {
    contain_device: { action: 'disconnect', input: (command) => ({ agentId: deviceId(command) }) },
    allow_device: { action: 'reconnect', input: (command) => ({ agentId: deviceId(command) }) },
  },
  okta: {
    disable_account: {
      action: 'suspend-user',
      input: (command) => ({ userId: accountId(command) }),
    },
    enable_account: {
      action: 'unsuspend-user',
      input: (command) => ({ userId: accountId(command) }),
    },
    revoke_sessions: {
      action: 'clear-user-sessions',
      input: (command) => ({ userId: accountId(command), revokeOauthTokens: true }),
    },
  },
  entra: {
    disable_account: {
      action: 'disable-account',
      input: (command) => ({ userId: accountId(command) }),
    },
    enable_account: {
      action: 'enable-account',
      input: (command) => ({ userId: accountId(command) }),
    },
    revoke_sessions: {
      action: 'revoke-sign-in-sessions',
      input: (command) => ({ userId: accountId(command) }),
    },
  },
};
