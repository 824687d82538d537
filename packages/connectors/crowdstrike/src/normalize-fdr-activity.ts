import type { NormalizedEvent } from '@openmdr/connector-kit';
import {
  buildEvent,
  compact,
  filePart,
  type NormalizeOptions,
  type OcsfPart,
  part,
  type RecordReader,
  validIp,
} from '@openmdr/connector-kit/normalize';
import { falconTime } from './falcon-time.js';
import {
  FDR_COMMON,
  fdrActor,
  fdrDevice,
  fdrEndpoint,
  fdrFile,
  fdrMetadata,
  fdrTime,
  fdrUser,
} from './fdr-parts.js';

/** One FDR record, read, with its `event_simpleName`. */
export interface FdrRecord {
  /** The raw record. */
  readonly raw: unknown;
  /** Its reader. */
  readonly record: RecordReader;
  /** `event_simpleName`. */
  readonly name: string;
}

type Mapped = Set<string>;

function build(
  className: Parameters<typeof buildEvent>[0],
  fdr: FdrRecord,
  input: Record<string, unknown> & { activity_id: number },
  mapped: readonly string[],
  options: NormalizeOptions,
): NormalizedEvent {
  const used: Mapped = new Set([...FDR_COMMON, ...mapped]);
  return buildEvent(
    className,
    {
      severity_id: 1,
      device: fdrDevice(fdr.record),
      time: fdrTime(fdr.record),
      ...input,
      metadata: fdrMetadata(fdr.record, fdr.name),
      unmapped: fdr.record.rest(used),
    },
    { source: `CrowdStrike FDR ${fdr.name}`, record: fdr.raw, options },
  );
}

/** ProcessRollup2 and friends: the process launched or ended, with its parent. */
export function fdrProcessActivity(
  fdr: FdrRecord,
  activity: number,
  options: NormalizeOptions,
): NormalizedEvent {
  const { record } = fdr;
  const uid = record.string('TargetProcessId') ?? record.string('ContextProcessId');
  const parentUid = record.string('ParentProcessId');
  const parentFile = filePart({ name: record.string('ParentBaseFileName'), executable: true });
  const parent = parentUid
    ? compact({ uid: parentUid, name: parentFile?.['name'], file: parentFile })
    : undefined;
  const process = compact({
    uid,
    pid: record.number('RawProcessId'),
    cmd_line: record.string('CommandLine'),
    file: fdrFile(record, 'ImageFileName', { executable: true }),
    created_time: falconTime(record.value('ProcessStartTime')),
    terminated_time: falconTime(record.value('ProcessEndTime')),
    user: fdrUser(record),
    parent_process: parent,
    session: part({ uid: record.string('SessionId') }),
  });
  const injected = record.string('InjectedDll');
  return build(
    'process_activity',
    fdr,
    {
      activity_id: activity,
      time: fdrTime(record, activity === 1 ? 'ProcessStartTime' : 'ProcessEndTime'),
      message: `${fdr.name}: ${record.string('CommandLine') ?? record.string('ImageFileName') ?? uid ?? ''}`,
      process: { ...process, name: (process['file'] as OcsfPart | undefined)?.['name'] },
      actor: parent ? { process: parent } : fdrActor(record),
      module: injected ? { file: filePart({ path: injected }), load_type_id: 99 } : undefined,
      exit_code: record.number('ExitCode'),
    },
    [
      'TargetProcessId',
      'RawProcessId',
      'CommandLine',
      'ImageFileName',
      'MD5HashData',
      'SHA1HashData',
      'SHA256HashData',
      'ProcessStartTime',
      'ProcessEndTime',
      'UserName',
      'UserSid',
      'ParentProcessId',
      'ParentBaseFileName',
      'SessionId',
      'InjectedDll',
      'ExitCode',
    ],
    options,
  );
}

/** Falcon `Protocol` numbers → OCSF `protocol_name`. */
const PROTOCOLS: Readonly<Record<number, string>> = {
  1: 'icmp',
  6: 'tcp',
  17: 'udp',
  58: 'ipv6-icmp',
};

/** NetworkConnectIP4/6, NetworkListen…, NetworkReceiveAccept…, NetworkClose…, RawBind…. */
export function fdrNetworkActivity(
  fdr: FdrRecord,
  activity: number,
  options: NormalizeOptions,
): NormalizedEvent {
  const { record } = fdr;
  const local = part({
    ip: record.ip('LocalAddressIP4') ?? record.ip('LocalAddressIP6'),
    port: record.number('LocalPort'),
  });
  const remote = part({
    ip: record.ip('RemoteAddressIP4') ?? record.ip('RemoteAddressIP6'),
    port: record.number('RemotePort'),
  });
  // ConnectionDirection: 0 outbound, 1 inbound, 2 neither (a bind)
  const direction = record.number('ConnectionDirection');
  const inbound = direction === 1 || activity === 7;
  const protocol = record.number('Protocol');
  return build(
    'network_activity',
    fdr,
    {
      activity_id: activity,
      activity_name: activity === 99 ? fdr.name.replace(/IP[46]$/, '') : undefined,
      status_id: 1,
      src_endpoint: inbound ? remote : local,
      dst_endpoint: inbound ? local : remote,
      connection_info: compact({
        protocol_num: protocol,
        protocol_name: protocol === undefined ? undefined : PROTOCOLS[protocol],
        protocol_ver_id: fdr.name.endsWith('IP6') ? 6 : 4,
        direction_id: inbound ? 1 : direction === 0 ? 2 : 0,
      }),
      actor: fdrActor(record),
      message: `${fdr.name} ${String(local?.['ip'] ?? '')}:${String(local?.['port'] ?? '')} ${inbound ? '<-' : '->'} ${String(remote?.['ip'] ?? '')}:${String(remote?.['port'] ?? '')}`,
    },
    [
      'LocalAddressIP4',
      'LocalAddressIP6',
      'LocalPort',
      'RemoteAddressIP4',
      'RemoteAddressIP6',
      'RemotePort',
      'ConnectionDirection',
      'Protocol',
      'ContextProcessId',
    ],
    options,
  );
}

/** DNS `RequestType` numbers → names. */
const DNS_TYPES: Readonly<Record<number, string>> = {
  1: 'A',
  2: 'NS',
  5: 'CNAME',
  6: 'SOA',
  12: 'PTR',
  15: 'MX',
  16: 'TXT',
  28: 'AAAA',
  33: 'SRV',
  64: 'SVCB',
  65: 'HTTPS',
  255: 'ANY',
};

/** DnsRequest / SuspiciousDnsRequest: the query, and its A answers when the sensor saw them. */
export function fdrDnsActivity(fdr: FdrRecord, options: NormalizeOptions): NormalizedEvent {
  const { record } = fdr;
  const type = record.number('RequestType');
  const answers = (record.string('IP4Records') ?? '')
    .split(';')
    .map((value) => validIp(value.trim()))
    .filter((ip): ip is string => ip !== undefined)
    .map((ip) => ({ rdata: ip, type: 'A' }));
  const status = record.number('QueryStatus');
  return build(
    'dns_activity',
    fdr,
    {
      activity_id: 1,
      status_id: status === undefined ? 0 : status === 0 ? 1 : 2,
      rcode_id: status === 0 ? 0 : undefined,
      query: compact({
        hostname: record.requireString('DomainName'),
        type: type === undefined ? undefined : (DNS_TYPES[type] ?? String(type)),
      }),
      answers: answers.length > 0 ? answers : undefined,
      src_endpoint: fdrEndpoint(record),
      dst_endpoint: part({ ip: record.ip('RespondingDnsServer') }),
      actor: fdrActor(record),
      message: `DNS query ${record.string('DomainName') ?? ''}`,
    },
    [
      'DomainName',
      'RequestType',
      'IP4Records',
      'QueryStatus',
      'RespondingDnsServer',
      'ContextProcessId',
    ],
    options,
  );
}

/** Windows logon types, which OCSF `logon_type_id` numbers the same. */
const LOGON_TYPES = new Set([0, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13]);

/** UserLogon, UserLogonFailed(2), UserLogoff. */
export function fdrAuthentication(fdr: FdrRecord, options: NormalizeOptions): NormalizedEvent {
  const { record } = fdr;
  const failed = fdr.name.startsWith('UserLogonFailed');
  const logoff = fdr.name === 'UserLogoff';
  const logonType = record.number('LogonType');
  const packageName = record.string('AuthenticationPackage');
  const protocolId = packageName === 'NTLM' ? 1 : packageName === 'Kerberos' ? 2 : undefined;
  const user = fdrUser(record) ?? { name: 'unknown' };
  return build(
    'authentication',
    fdr,
    {
      activity_id: logoff ? 2 : 1,
      status_id: failed ? 2 : 1,
      status_code: record.string('SubStatus') ?? record.string('Status'),
      time: fdrTime(record, logoff ? 'LogoffTime' : 'LogonTime'),
      user: { ...user, has_mfa: undefined },
      logon_type_id:
        logonType === undefined ? undefined : LOGON_TYPES.has(logonType) ? logonType : 99,
      is_remote: record.string('RemoteAccount') === '1' || logonType === 3 || logonType === 10,
      auth_protocol_id: protocolId ?? (packageName ? 99 : undefined),
      auth_protocol: protocolId ? undefined : packageName,
      src_endpoint: part({
        ip: record.ip('RemoteAddressIP4') ?? record.ip('RemoteAddressIP6'),
        hostname: record.string('ClientComputerName'),
      }),
      dst_endpoint: fdrEndpoint(record),
      session: part({ uid: record.string('LogonId') ?? record.string('AuthenticationId') }),
      message: `${fdr.name} ${String(user['name'] ?? '')}`,
    },
    [
      'UserName',
      'UserSid',
      'LogonDomain',
      'UserPrincipal',
      'LogonType',
      'AuthenticationPackage',
      'RemoteAccount',
      'RemoteAddressIP4',
      'RemoteAddressIP6',
      'ClientComputerName',
      'LogonId',
      'AuthenticationId',
      'Status',
      'SubStatus',
      'LogonTime',
      'LogoffTime',
    ],
    options,
  );
}

/** File events: written, created, opened, renamed, deleted. */
export function fdrFileActivity(
  fdr: FdrRecord,
  activity: number,
  options: NormalizeOptions,
): NormalizedEvent {
  const { record } = fdr;
  const directory = fdr.name.startsWith('Directory');
  const file = fdrFile(
    record,
    record.string('TargetFileName') ? 'TargetFileName' : 'TargetDirectoryName',
    {
      executable: /Executable|PeFile/.test(fdr.name),
    },
  );
  const renamedFrom = record.string('SourceFileName');
  return build(
    'file_activity',
    fdr,
    {
      activity_id: activity,
      file:
        file && directory
          ? { ...file, type_id: 2 }
          : renamedFrom
            ? filePart({ path: renamedFrom })
            : file,
      file_result: renamedFrom ? file : undefined,
      actor: fdrActor(record),
      message: `${fdr.name} ${record.string('TargetFileName') ?? ''}`,
    },
    [
      'TargetFileName',
      'TargetDirectoryName',
      'SourceFileName',
      'MD5HashData',
      'SHA1HashData',
      'SHA256HashData',
      'Size',
      'ContextProcessId',
      'ContextBaseFileName',
      'UserName',
      'UserSid',
    ],
    options,
  );
}

/** ImageHash, ClassifiedModuleLoad, UnsignedModuleLoad…: a module loaded into a process. */
export function fdrModuleActivity(fdr: FdrRecord, options: NormalizeOptions): NormalizedEvent {
  const { record } = fdr;
  const target = record.string('TargetProcessId');
  return build(
    'module_activity',
    fdr,
    {
      activity_id: 1,
      module: { file: fdrFile(record, 'ImageFileName'), load_type_id: 1 },
      actor: target ? { process: { uid: target } } : fdrActor(record),
      message: `${fdr.name} ${record.string('ImageFileName') ?? ''}`,
    },
    [
      'ImageFileName',
      'MD5HashData',
      'SHA1HashData',
      'SHA256HashData',
      'TargetProcessId',
      'ContextProcessId',
    ],
    options,
  );
}

/** DriverLoad (Windows) and KextLoad (macOS): OCSF Kernel Extension Activity. */
export function fdrDriverLoad(fdr: FdrRecord, options: NormalizeOptions): NormalizedEvent {
  const { record } = fdr;
  const file =
    fdrFile(record, 'ImageFileName') ??
    filePart({ name: record.string('BundleID') ?? record.string('OriginalFilename') });
  return build(
    'kernel_extension_activity',
    fdr,
    {
      activity_id: 1,
      driver: { file },
      actor: fdrActor(record),
      message: `${fdr.name} ${String(file?.['name'] ?? '')}`,
    },
    [
      'ImageFileName',
      'MD5HashData',
      'SHA1HashData',
      'SHA256HashData',
      'BundleID',
      'ContextProcessId',
    ],
    options,
  );
}

/** Windows `RegType` → OCSF `reg_value.type_id`. */
const REG_TYPES: Readonly<Record<number, number>> = {
  0: 7,
  1: 10,
  2: 4,
  3: 1,
  4: 2,
  5: 3,
  6: 5,
  7: 6,
  11: 8,
};

/** Registry value and key events (RegGenericValueUpdate, AsepValueUpdate, AsepKeyUpdate, …). */
export function fdrRegistryActivity(fdr: FdrRecord, options: NormalizeOptions): NormalizedEvent {
  const { record } = fdr;
  const key = record.string('RegObjectName') ?? record.string('RegKeyName') ?? '';
  const valueName = record.string('RegValueName');
  const deleted = /Delete/.test(fdr.name);
  const mapped = [
    'RegObjectName',
    'RegKeyName',
    'RegValueName',
    'RegStringValue',
    'RegNumericValue',
    'RegType',
    'ContextProcessId',
  ];
  if (
    !fdr.name.includes('Value') ||
    (valueName === undefined && !record.string('RegStringValue'))
  ) {
    return build(
      'registry_key_activity',
      fdr,
      {
        activity_id: deleted ? 4 : 3,
        reg_key: { path: key },
        actor: fdrActor(record),
        message: `${fdr.name} ${key}`,
      },
      mapped,
      options,
    );
  }
  const type = record.number('RegType');
  const data = record.string('RegStringValue') ?? record.string('RegNumericValue');
  return build(
    'registry_value_activity',
    fdr,
    {
      activity_id: deleted ? 4 : 2,
      reg_value: compact({
        path: valueName ? `${key}\\${valueName}` : key,
        name: valueName ?? '(Default)',
        data,
        type_id: type === undefined ? undefined : (REG_TYPES[type] ?? 0),
        is_default: valueName === undefined ? true : undefined,
      }),
      actor: fdrActor(record),
      message: `${fdr.name} ${key}${valueName ? `\\${valueName}` : ''}`,
    },
    mapped,
    options,
  );
}
