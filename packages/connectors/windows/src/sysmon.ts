import { baseName, compact, validIp } from '@openmdr/connector-kit/normalize';
import type { MappingContext, RecordMapper } from './context.js';
import { NormalizationError } from './errors.js';
import {
  fileFromPath,
  guid,
  integrity,
  type OcsfObject,
  parseHashes,
  port,
  sysmonTime,
  userFromAccount,
} from './ocsf-parts.js';

const product = 'Sysmon';

interface ProcessFields {
  image: string;
  pid: string;
  guid: string;
  user?: string;
  commandLine?: string;
}

/** An OCSF `process` from Sysmon fields; `undefined` when the record names no process. */
function sysmonProcess(context: MappingContext, fields: ProcessFields): OcsfObject | undefined {
  const data = context.data;
  const image = data.string(fields.image);
  const pid = data.integer(fields.pid);
  const uid = data.string(fields.guid);
  const user = fields.user === undefined ? undefined : userFromAccount(data.string(fields.user));
  const commandLine =
    fields.commandLine === undefined ? undefined : data.string(fields.commandLine);
  if (pid === undefined && uid === undefined) return undefined;
  return compact({
    pid,
    uid,
    name: image === undefined ? undefined : baseName(image),
    file: image === undefined ? undefined : fileFromPath(image),
    cmd_line: commandLine,
    user,
  });
}

/** The process of most Sysmon records (`Image`, `ProcessId`, `ProcessGuid`, `User`). */
function actorProcess(context: MappingContext): OcsfObject {
  const process = sysmonProcess(context, {
    image: 'Image',
    pid: 'ProcessId',
    guid: 'ProcessGuid',
    user: 'User',
  });
  if (process === undefined) {
    throw new NormalizationError(
      `Sysmon event ${context.event.eventId} names no process (ProcessId/ProcessGuid)`,
      { path: 'Event.EventData.ProcessId' },
    );
  }
  const user = process.user;
  return compact({ process, user });
}

function required(context: MappingContext, name: string): string {
  const value = context.data.string(name);
  if (value === undefined) {
    throw new NormalizationError(`Sysmon event ${context.event.eventId} has no ${name}`, {
      path: `Event.EventData.${name}`,
    });
  }
  return value;
}

/**
 * PE metadata of an image (`FileVersion`, `Description`, `Product`, `Company`, `Hashes`).
 * `OriginalFileName`, `Signed`, `Signature` and `SignatureStatus` have no OCSF attribute that
 * keeps their meaning and stay in `unmapped`.
 */
function peMetadata(context: MappingContext, hashesField = 'Hashes'): OcsfObject {
  const data = context.data;
  const productName = data.string('Product');
  return compact({
    version: data.string('FileVersion'),
    desc: data.string('Description'),
    product: productName === undefined ? undefined : { name: productName },
    company_name: data.string('Company'),
    hashes: parseHashes(data.string(hashesField)),
  });
}

function actorOrUnknown(actor: OcsfObject): OcsfObject {
  return Object.keys(actor).length > 0 ? actor : { app_name: 'unknown' };
}

/** Sysmon 1: process creation → Process Activity: Launch. */
const processCreate: RecordMapper = (context) => {
  const data = context.data;
  const time = sysmonTime(data);
  const image = required(context, 'Image');
  const pe = peMetadata(context);
  const parent = sysmonProcess(context, {
    image: 'ParentImage',
    pid: 'ParentProcessId',
    guid: 'ParentProcessGuid',
    user: 'ParentUser',
    commandLine: 'ParentCommandLine',
  });
  const process = compact({
    pid: data.integer('ProcessId'),
    uid: data.string('ProcessGuid'),
    name: baseName(image),
    cmd_line: data.string('CommandLine'),
    file: fileFromPath(image, pe),
    user: userFromAccount(data.string('User')),
    working_directory: data.string('CurrentDirectory'),
    ...integrity(data.string('IntegrityLevel')),
    session: compact({
      uid: data.string('LogonId'),
      uuid: guid(data.string('LogonGuid')),
      terminal: data.string('TerminalSessionId'),
    }),
    parent_process: parent,
    created_time: time,
  });
  if (process.pid === undefined && process.uid === undefined) {
    throw new NormalizationError('Sysmon event 1 has no ProcessId', {
      path: 'Event.EventData.ProcessId',
    });
  }
  const actor = actorOrUnknown(compact({ process: parent, user: parent?.user }));
  return context.emit(
    'processActivity',
    1,
    { process, actor, launch_type_id: 1, launch_type: 'Spawn' },
    { productName: product, time },
  );
};

/** Sysmon 5: process terminated → Process Activity: Terminate. */
const processTerminate: RecordMapper = (context) => {
  const time = sysmonTime(context.data);
  const process = sysmonProcess(context, {
    image: 'Image',
    pid: 'ProcessId',
    guid: 'ProcessGuid',
    user: 'User',
  });
  if (process === undefined) {
    throw new NormalizationError('Sysmon event 5 has no ProcessId', {
      path: 'Event.EventData.ProcessId',
    });
  }
  return context.emit(
    'processActivity',
    2,
    {
      process: compact({ ...process, terminated_time: time }),
      actor: actorOrUnknown(compact({ user: process.user })),
    },
    { productName: product, time },
  );
};

/** Sysmon 8 (CreateRemoteThread → Inject) and 10 (ProcessAccess → Open): source acts on target. */
function sourceTarget(activityId: 3 | 4): RecordMapper {
  return (context) => {
    const data = context.data;
    const time = sysmonTime(data);
    const guidSuffix = activityId === 3 ? 'ProcessGUID' : 'ProcessGuid';
    const source = sysmonProcess(context, {
      image: 'SourceImage',
      pid: 'SourceProcessId',
      guid: `Source${guidSuffix}`,
      user: 'SourceUser',
    });
    const target = sysmonProcess(context, {
      image: 'TargetImage',
      pid: 'TargetProcessId',
      guid: `Target${guidSuffix}`,
      user: 'TargetUser',
    });
    if (target === undefined) {
      throw new NormalizationError(`Sysmon event ${context.event.eventId} has no TargetProcessId`, {
        path: 'Event.EventData.TargetProcessId',
      });
    }
    const attributes: OcsfObject = {
      process: target,
      actor: actorOrUnknown(compact({ process: source, user: source?.user })),
    };
    if (activityId === 3) {
      attributes.requested_permissions = data.integer('GrantedAccess');
    } else {
      attributes.injection_type_id = 1;
      attributes.injection_type = 'Remote Thread';
      const startModule = data.string('StartModule');
      const startFunction = data.string('StartFunction');
      attributes.module = compact({
        file: startModule === undefined ? undefined : fileFromPath(startModule),
        function_name: startFunction,
        start_address: data.string('StartAddress'),
        load_type_id: startFunction === undefined ? 0 : undefined,
        load_type: startFunction === undefined ? 'Unknown' : undefined,
      });
    }
    return context.emit('processActivity', activityId, attributes, { productName: product, time });
  };
}

/** Sysmon 2, 11, 15, 23, 26 (files) and 17/18 (named pipes) → File System Activity. */
function fileActivity(activityId: number, pathField: string, typeId: 1 | 6 = 1): RecordMapper {
  return (context) => {
    const data = context.data;
    const time = sysmonTime(data);
    const actor = actorProcess(context);
    const path = required(context, pathField);
    const created = data.string('CreationUtcTime');
    const extra: OcsfObject = compact({
      hashes: parseHashes(data.string(context.event.eventId === 15 ? 'Hash' : 'Hashes')),
      created_time: created === undefined ? undefined : sysmonTimeFrom(created),
      is_deleted: activityId === 4 ? true : undefined,
    });
    return context.emit(
      'fileSystemActivity',
      activityId,
      { actor, file: fileFromPath(path, extra, typeId) },
      { productName: product, time },
    );
  };
}

function sysmonTimeFrom(value: string): number | undefined {
  const parsed = Date.parse(`${value.replace(' ', 'T')}Z`);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** Sysmon 3: network connection → Network Activity: Open. */
const networkConnection: RecordMapper = (context) => {
  const data = context.data;
  const time = sysmonTime(data);
  const actor = actorProcess(context);
  const initiated = data.boolean('Initiated');
  const isIpv6 = data.boolean('SourceIsIpv6') ?? data.boolean('DestinationIsIpv6');
  const protocol = data.string('Protocol');
  const endpoint = (prefix: 'Source' | 'Destination'): OcsfObject =>
    compact({
      ip: validIp(data.string(`${prefix}Ip`)),
      port: port(data.integer(`${prefix}Port`)),
      hostname: data.string(`${prefix}Hostname`),
      svc_name: data.string(`${prefix}PortName`),
    });
  const source = endpoint('Source');
  const destination = endpoint('Destination');
  if (Object.keys(source).length === 0 && Object.keys(destination).length === 0) {
    throw new NormalizationError('Sysmon event 3 has no source or destination address', {
      path: 'Event.EventData.DestinationIp',
    });
  }
  return context.emit(
    'networkActivity',
    1,
    {
      actor,
      src_endpoint: source,
      dst_endpoint: destination,
      connection_info: compact({
        direction_id: initiated === undefined ? 0 : initiated ? 2 : 1,
        direction: initiated === undefined ? 'Unknown' : initiated ? 'Outbound' : 'Inbound',
        protocol_name: protocol?.toLowerCase(),
        protocol_num: protocol === undefined ? undefined : protocolNumbers[protocol.toLowerCase()],
        protocol_ver_id: isIpv6 === undefined ? undefined : isIpv6 ? 6 : 4,
        protocol_ver:
          isIpv6 === undefined
            ? undefined
            : isIpv6
              ? 'Internet Protocol version 6 (IPv6)'
              : 'Internet Protocol version 4 (IPv4)',
      }),
    },
    { productName: product, time, profiles: ['host'] },
  );
};

const protocolNumbers: Record<string, number> = { tcp: 6, udp: 17, icmp: 1 };

/** Sysmon 6: driver loaded → Kernel Extension Activity: Load. */
const driverLoad: RecordMapper = (context) => {
  const time = sysmonTime(context.data);
  const path = required(context, 'ImageLoaded');
  const pe = peMetadata(context);
  return context.emit(
    'kernelExtensionActivity',
    1,
    { driver: { file: fileFromPath(path, pe) }, actor: { app_name: 'System' } },
    { productName: product, time },
  );
};

/** Sysmon 7: image loaded → Module Activity: Load. */
const imageLoad: RecordMapper = (context) => {
  const time = sysmonTime(context.data);
  const actor = actorProcess(context);
  const path = required(context, 'ImageLoaded');
  const pe = peMetadata(context);
  return context.emit(
    'moduleActivity',
    1,
    { actor, module: { file: fileFromPath(path, pe), load_type_id: 1, load_type: 'Standard' } },
    { productName: product, time },
  );
};

const registryValueTypes: Record<string, [number, string]> = {
  DWORD: [2, 'REG_DWORD'],
  QWORD: [8, 'REG_QWORD'],
  Binary: [1, 'REG_BINARY'],
};

/** Splits a registry path `HKLM\…\Key\Value` into key path and value name. */
function splitValuePath(path: string): { key: string; name: string } {
  const index = path.lastIndexOf('\\');
  return index < 0
    ? { key: path, name: path }
    : { key: path.slice(0, index), name: path.slice(index + 1) };
}

/** Sysmon 12, 13, 14: registry events → Registry Key / Value Activity. */
const registryEvent: RecordMapper = (context) => {
  const data = context.data;
  const time = sysmonTime(data);
  const actor = actorProcess(context);
  const eventType = data.string('EventType');
  const targetObject = required(context, 'TargetObject');
  switch (eventType) {
    case 'SetValue': {
      const { key, name } = splitValuePath(targetObject);
      const details = data.string('Details');
      const typed =
        details === undefined ? undefined : /^(DWORD|QWORD) \((0x[0-9a-f]+)\)/i.exec(details);
      const valueType =
        typed?.[1] === undefined ? undefined : registryValueTypes[typed[1].toUpperCase()];
      const integer = typed?.[2] === undefined ? undefined : Number.parseInt(typed[2].slice(2), 16);
      const isBinary = details?.startsWith('Binary Data') === true;
      return context.emit(
        'registryValueActivity',
        2,
        {
          actor,
          // A value name Windows exports as empty (a NUL-prefixed, hidden name) stays empty.
          reg_value: {
            ...compact({
              path: key,
              is_default: name === '(Default)' ? true : undefined,
              type_id: valueType?.[0] ?? (isBinary ? 1 : undefined),
              type: valueType?.[1] ?? (isBinary ? 'REG_BINARY' : undefined),
              reg_integer_data: Number.isSafeInteger(integer) ? integer : undefined,
              reg_string_data: typed === null || typed === undefined ? details : undefined,
              data: details,
            }),
            name,
          },
        },
        { productName: product, time },
      );
    }
    case 'DeleteValue': {
      const { key, name } = splitValuePath(targetObject);
      return context.emit(
        'registryValueActivity',
        4,
        { actor, reg_value: { path: key, name } },
        { productName: product, time },
      );
    }
    case 'RenameKey': {
      const newName = data.string('NewName');
      return context.emit(
        'registryKeyActivity',
        5,
        {
          actor,
          reg_key: { path: newName ?? targetObject },
          prev_reg_key: { path: targetObject },
        },
        { productName: product, time },
      );
    }
    case 'DeleteKey':
      return context.emit(
        'registryKeyActivity',
        4,
        { actor, reg_key: { path: targetObject } },
        { productName: product, time },
      );
    default:
      // CreateKey, and records without EventType.
      return context.emit(
        'registryKeyActivity',
        eventType === 'CreateKey' ? 1 : 99,
        { actor, reg_key: { path: targetObject } },
        { productName: product, time, activityName: eventType ?? 'Other' },
      );
  }
};

/** Sysmon 22: DNS query → DNS Activity: Query. */
const dnsQuery: RecordMapper = (context) => {
  const data = context.data;
  const time = sysmonTime(data);
  const actor = actorProcess(context);
  const queryName = required(context, 'QueryName');
  const status = data.integer('QueryStatus');
  const results = data.string('QueryResults');
  const answers = results
    ?.split(';')
    .map((answer) => answer.trim())
    .filter((answer) => answer !== '')
    .map((answer) => ({ rdata: answer }));
  return context.emit(
    'dnsActivity',
    1,
    {
      actor,
      query: { hostname: queryName },
      answers,
      rcode_id: status === 0 ? 0 : status === undefined ? undefined : 99,
      rcode: status === 0 ? 'NoError' : status === undefined ? undefined : String(status),
      src_endpoint: { hostname: context.event.computer ?? 'localhost' },
    },
    { productName: product, time, profiles: ['host'] },
  );
};

/** Sysmon 19/20/21: WMI filter, consumer and binding — OCSF 1.8.0 has no WMI class. */
const wmiEvent: RecordMapper = (context) => {
  const time = sysmonTime(context.data);
  return context.emit(
    'baseEvent',
    99,
    {},
    { productName: product, time, activityName: 'WMI Event', profiles: ['host'] },
  );
};

/** Sysmon mappers by EventID. */
export const sysmonMappers: Readonly<Record<number, RecordMapper>> = {
  1: processCreate,
  2: fileActivity(6, 'TargetFilename'),
  3: networkConnection,
  5: processTerminate,
  6: driverLoad,
  7: imageLoad,
  8: sourceTarget(4),
  10: sourceTarget(3),
  11: fileActivity(1, 'TargetFilename'),
  12: registryEvent,
  13: registryEvent,
  14: registryEvent,
  15: fileActivity(1, 'TargetFilename'),
  17: fileActivity(1, 'PipeName', 6),
  18: fileActivity(14, 'PipeName', 6),
  19: wmiEvent,
  20: wmiEvent,
  21: wmiEvent,
  22: dnsQuery,
  23: fileActivity(4, 'TargetFilename'),
  26: fileActivity(4, 'TargetFilename'),
};
