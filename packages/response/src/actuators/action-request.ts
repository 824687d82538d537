import type {
  AccountTargetV1,
  ActionOptionsV1,
  ActionRequestV1,
  ActionTargetV1,
  DeviceTargetV1,
  FileTargetV1,
  ProcessTargetV1,
} from '@openmdr/connector-kit';
import type { Command, Target } from '../actions/command.js';
import type { ActionKind } from '../actions/vocabulary.js';

type OpenC2Device = Extract<Target, { device: unknown }>['device'];
type OpenC2Account = Extract<Target, { 'er:account': unknown }>['er:account'];
type OpenC2File = Extract<Target, { file: unknown }>['file'];
type OpenC2Process = Extract<Target, { process: unknown }>['process'];

function deviceOf(device: OpenC2Device): DeviceTargetV1 {
  const hostname = device.hostname ?? device.idn_hostname;
  return {
    ...(device.device_id === undefined ? {} : { uid: device.device_id }),
    ...(hostname === undefined ? {} : { hostname }),
  };
}

function accountOf(account: OpenC2Account): AccountTargetV1 {
  return {
    ...(account.uid === undefined ? {} : { uid: account.uid }),
    ...(account.account_name === undefined ? {} : { name: account.account_name }),
    ...(account.directory === undefined ? {} : { directory: account.directory }),
  };
}

function fileOf(file: OpenC2File): FileTargetV1 {
  return {
    ...(file.name === undefined ? {} : { name: file.name }),
    ...(file.path === undefined ? {} : { path: file.path }),
    ...(file.hashes === undefined
      ? {}
      : {
          hashes: Object.fromEntries(
            Object.entries(file.hashes).filter(([, value]) => value !== undefined),
          ),
        }),
  };
}

function processOf(process: OpenC2Process): ProcessTargetV1 {
  return {
    ...(process.pid === undefined ? {} : { pid: process.pid }),
    ...(process.name === undefined ? {} : { name: process.name }),
    ...(process.cwd === undefined ? {} : { cwd: process.cwd }),
    ...(process.command_line === undefined ? {} : { commandLine: process.command_line }),
    ...(process.executable === undefined ? {} : { executable: fileOf(process.executable) }),
  };
}

/** The device a file or process command acts on: the ER actuator's `hostname`, when named. */
function hostOf(command: Command): Pick<ActionTargetV1, 'device'> {
  const hostname = command.actuator?.er?.hostname;
  return hostname === undefined ? {} : { device: { hostname } };
}

function targetOf(command: Command): ActionTargetV1 {
  const { target } = command;
  if ('device' in target) return { device: deviceOf(target.device) };
  if ('er:account' in target) return { account: accountOf(target['er:account']) };
  if ('x-openmdr:sessions' in target) {
    return { account: accountOf(target['x-openmdr:sessions'].account) };
  }
  if ('ipv4_net' in target) return { ip: target.ipv4_net };
  if ('ipv6_net' in target) return { ip: target.ipv6_net };
  if ('domain_name' in target) return { domain: target.domain_name };
  if ('uri' in target) return { url: target.uri };
  if ('file' in target) return { file: fileOf(target.file), ...hostOf(command) };
  if ('process' in target) return { process: processOf(target.process), ...hostOf(command) };
  if ('x-openmdr:notification' in target) {
    const { channel, recipients, subject, message } = target['x-openmdr:notification'];
    return {
      notification: { channel, recipients, message, ...(subject === undefined ? {} : { subject }) },
    };
  }
  return {};
}

function optionsOf(command: Command): ActionOptionsV1 {
  const args = command.args;
  const containment = args?.er?.device_containment;
  const undoes = args?.['x-openmdr']?.undoes;
  return {
    ...(containment === undefined ? {} : { containment }),
    ...(args?.start_time === undefined ? {} : { startTime: args.start_time }),
    ...(args?.stop_time === undefined ? {} : { stopTime: args.stop_time }),
    ...(args?.duration === undefined ? {} : { durationMs: args.duration }),
    ...(undoes === undefined ? {} : { undoes }),
  };
}

/**
 * The vendor-neutral request of a command (the connector kit's `ActionRequestV1`), which a
 * connector action's input builder turns into the action's input. OpenC2 names become the
 * contract's: `device.device_id` → `target.device.uid`, `hostname` (or `idn_hostname`) →
 * `hostname`; `er:account` and `x-openmdr:sessions` → `target.account` (`uid`, `account_name` →
 * `name`, `directory`); `ipv4_net` / `ipv6_net` → `ip`; `domain_name` → `domain`; `uri` → `url`;
 * files and processes keep their fields (camel-cased) with the ER actuator's `hostname` as their
 * device. `args['x-openmdr']` gives `reason` and `incidentId`; `er.device_containment`,
 * `start_time`, `stop_time`, `duration` and `undoes` the options.
 */
export function actionRequestOf(command: Command, kind: ActionKind): ActionRequestV1 {
  const openmdr = command.args?.['x-openmdr'];
  const options = optionsOf(command);
  return {
    kind,
    requestId: command.request_id,
    target: targetOf(command),
    ...(openmdr?.reason === undefined ? {} : { reason: openmdr.reason }),
    ...(openmdr?.incident_id === undefined ? {} : { incidentId: openmdr.incident_id }),
    ...(Object.keys(options).length === 0 ? {} : { options }),
  };
}
