import type { OcsfReadKind } from './field-readers.js';

/**
 * Where one Sigma field lives in an OCSF event: an attribute path (or several, the first
 * present wins) and how to read it back into the form Sigma rules expect.
 */
export interface OcsfFieldRule {
  /** OCSF attribute path(s), dotted (`process.file.path`). */
  readonly ocsf: string | readonly string[];
  /** How the value is read back; `value` when absent. */
  readonly read?: OcsfReadKind;
}

/** Sigma field name → {@link OcsfFieldRule} (a plain string is a `value` path). */
export type OcsfFieldTable = Readonly<Record<string, string | OcsfFieldRule>>;

/** Fields every OCSF event answers, whatever its class (the Windows `System` block). */
export const COMMON_FIELDS: OcsfFieldTable = {
  EventID: { ocsf: 'metadata.event_code', read: 'event-code' },
  Channel: 'metadata.log_name',
  Provider_Name: 'metadata.log_provider',
  Computer: 'device.hostname',
  EventRecordID: 'metadata.uid',
};

/** The acting process of an activity (Sysmon `Image`, `ProcessId`, `ProcessGuid`, `User`). */
const actorProcess: OcsfFieldTable = {
  Image: 'actor.process.file.path',
  ProcessId: 'actor.process.pid',
  ProcessGuid: 'actor.process.uid',
  User: { ocsf: ['actor.user', 'actor.process.user'], read: 'account' },
  ParentImage: 'actor.process.parent_process.file.path',
};

/** PE metadata of a file object at `base` (`process.file`, `module.file`, `driver.file`). */
function peFields(base: string): OcsfFieldTable {
  return {
    Hashes: { ocsf: `${base}.hashes`, read: 'hashes' },
    md5: { ocsf: `${base}.hashes`, read: 'md5' },
    sha1: { ocsf: `${base}.hashes`, read: 'sha1' },
    sha256: { ocsf: `${base}.hashes`, read: 'sha256' },
    Imphash: { ocsf: `${base}.hashes`, read: 'imphash' },
    Company: `${base}.company_name`,
    Description: `${base}.desc`,
    Product: `${base}.product.name`,
    FileVersion: `${base}.version`,
  };
}

/** Security-log subject (who acted) on `actor.user`. */
const subjectFields: OcsfFieldTable = {
  SubjectUserName: 'actor.user.name',
  SubjectDomainName: 'actor.user.domain',
  SubjectUserSid: 'actor.user.uid',
  SubjectLogonId: 'actor.session.uid',
};

/** Process Activity (1007): process_creation, process_termination, process_access, create_remote_thread. */
const processActivity: OcsfFieldTable = {
  Image: 'process.file.path',
  CommandLine: 'process.cmd_line',
  CurrentDirectory: 'process.working_directory',
  User: { ocsf: 'process.user', read: 'account' },
  IntegrityLevel: 'process.integrity',
  ProcessId: 'process.pid',
  ProcessGuid: 'process.uid',
  LogonId: 'process.session.uid',
  LogonGuid: 'process.session.uuid',
  TerminalSessionId: 'process.session.terminal',
  ...peFields('process.file'),
  ParentImage: 'process.parent_process.file.path',
  ParentCommandLine: 'process.parent_process.cmd_line',
  ParentProcessId: 'process.parent_process.pid',
  ParentProcessGuid: 'process.parent_process.uid',
  ParentUser: { ocsf: 'process.parent_process.user', read: 'account' },
  GrandParentImage: 'process.parent_process.parent_process.file.path',
  // Security 4688 names
  NewProcessName: 'process.file.path',
  NewProcessId: { ocsf: 'process.pid', read: 'hex' },
  ParentProcessName: 'process.parent_process.file.path',
  TargetUserName: 'process.user.name',
  TargetDomainName: 'process.user.domain',
  ...subjectFields,
  // process_access (Sysmon 10) and create_remote_thread (Sysmon 8): source acts on target
  SourceImage: 'actor.process.file.path',
  SourceProcessId: 'actor.process.pid',
  SourceProcessGUID: 'actor.process.uid',
  SourceProcessGuid: 'actor.process.uid',
  SourceUser: { ocsf: 'actor.process.user', read: 'account' },
  TargetImage: 'process.file.path',
  TargetProcessId: 'process.pid',
  TargetProcessGUID: 'process.uid',
  TargetProcessGuid: 'process.uid',
  TargetUser: { ocsf: 'process.user', read: 'account' },
  GrantedAccess: { ocsf: 'requested_permissions', read: 'hex' },
  StartModule: 'module.file.path',
  StartFunction: 'module.function_name',
  StartAddress: 'module.start_address',
};

/** File System Activity (1001): file_event and variants, pipe_created, create_stream_hash. */
const fileSystemActivity: OcsfFieldTable = {
  ...actorProcess,
  TargetFilename: 'file.path',
  FileName: 'file.path',
  FilePath: 'file.path',
  PipeName: 'file.path',
  // Security 4663 (object access on a file)
  ObjectName: 'file.path',
  ProcessName: 'actor.process.file.path',
  AccessMask: { ocsf: 'access_mask', read: 'hex' },
  Hashes: { ocsf: 'file.hashes', read: 'hashes' },
  Hash: { ocsf: 'file.hashes', read: 'hashes' },
};

const registryCommon: OcsfFieldTable = {
  ...actorProcess,
  EventType: { ocsf: 'activity_id', read: 'registry-event-type' },
};

/** Registry Key Activity (201001): registry_add, registry_delete, registry_rename, registry_event. */
const registryKeyActivity: OcsfFieldTable = {
  ...registryCommon,
  TargetObject: { ocsf: ['prev_reg_key.path', 'reg_key.path'] },
  NewName: 'reg_key.path',
  // Security 4663 (object access on a key)
  ObjectName: 'reg_key.path',
  ProcessName: 'actor.process.file.path',
  AccessMask: { ocsf: 'access_mask', read: 'hex' },
};

/** Registry Value Activity (201002): registry_set, registry_delete (values), registry_event. */
const registryValueActivity: OcsfFieldTable = {
  ...registryCommon,
  TargetObject: { ocsf: 'reg_value', read: 'registry-value-path' },
  Details: 'reg_value.data',
  // Security 4657
  ObjectName: 'reg_value.path',
  ObjectValueName: 'reg_value.name',
  NewValue: 'reg_value.data',
  ProcessName: 'actor.process.file.path',
};

/** Module Activity (1005): image_load. */
const moduleActivity: OcsfFieldTable = {
  ...actorProcess,
  ImageLoaded: 'module.file.path',
  ...peFields('module.file'),
};

/** Kernel Extension Activity (1002): driver_load. */
const kernelExtensionActivity: OcsfFieldTable = {
  ImageLoaded: 'driver.file.path',
  ...peFields('driver.file'),
};

/** Network Activity (4001): network_connection (Windows and Linux). */
const networkActivity: OcsfFieldTable = {
  ...actorProcess,
  SourceIp: 'src_endpoint.ip',
  SourceHostname: 'src_endpoint.hostname',
  SourcePortName: 'src_endpoint.svc_name',
  DestinationIp: 'dst_endpoint.ip',
  DestinationPort: 'dst_endpoint.port',
  DestinationHostname: 'dst_endpoint.hostname',
  DestinationPortName: 'dst_endpoint.svc_name',
  // Security 5152–5159 (Filtering Platform) keep their local/remote-named values in
  // `unmapped` as written: WFP's SourcePort and Protocol (a number) win over Sysmon's there.
  SourcePort: { ocsf: ['unmapped.SourcePort', 'src_endpoint.port'] },
  Protocol: { ocsf: ['unmapped.Protocol', 'connection_info.protocol_name'] },
  ProcessID: 'actor.process.pid',
  Initiated: { ocsf: 'connection_info.direction_id', read: 'outbound' },
  SourceIsIpv6: { ocsf: 'connection_info.protocol_ver_id', read: 'ipv6' },
  DestinationIsIpv6: { ocsf: 'connection_info.protocol_ver_id', read: 'ipv6' },
};

/** DNS Activity (4003): dns_query. */
const dnsActivity: OcsfFieldTable = {
  ...actorProcess,
  QueryName: 'query.hostname',
  QueryResults: { ocsf: 'answers', read: 'joined' },
  QueryStatus: 'rcode_id',
};

/** Script Activity (1009): ps_script (4104), ps_module (4103). */
const scriptActivity: OcsfFieldTable = {
  ScriptBlockText: 'script.script_content.value',
  ScriptBlockId: 'script.uid',
  Path: 'script.file.path',
};

/** Authentication (3002): Security 4624, 4625, 4634, 4647, 4648, 4768, 4769, 4771, 4776. */
const authentication: OcsfFieldTable = {
  ...subjectFields,
  TargetUserName: 'user.name',
  TargetDomainName: 'user.domain',
  TargetUserSid: 'user.uid',
  TargetLogonId: 'session.uid',
  LogonGuid: 'session.uuid',
  LogonType: { ocsf: 'logon_type_id', read: 'windows-logon-type' },
  IpAddress: 'src_endpoint.ip',
  IpPort: 'src_endpoint.port',
  WorkstationName: 'src_endpoint.name',
  AuthenticationPackageName: 'auth_protocol',
  Status: 'status_code',
  FailureReason: 'status_detail',
  ProcessName: 'actor.process.file.path',
  ProcessId: 'actor.process.pid',
  TargetServerName: 'dst_endpoint.hostname',
  // Kerberos (4768, 4769, 4771) and NTLM (4776)
  TargetSid: 'user.uid',
  ServiceName: 'service.name',
  ServiceSid: 'service.uid',
  TicketOptions: 'authentication_token.kerberos_flags',
  Workstation: 'src_endpoint.name',
  // TerminalServices-LocalSessionManager 21, 23
  User: { ocsf: 'user', read: 'account' },
  Address: 'src_endpoint.ip',
  SessionID: 'session.uid',
};

/** Account Change (3001): Security 4720, 4722–4726, 4738, 4740, 4767. */
const accountChange: OcsfFieldTable = {
  ...subjectFields,
  TargetUserName: 'user.name',
  TargetDomainName: 'user.domain',
  TargetSid: 'user.uid',
};

/** Authorize Session (3003): Security 4672. */
const authorizeSession: OcsfFieldTable = {
  SubjectUserName: 'user.name',
  SubjectDomainName: 'user.domain',
  SubjectUserSid: 'user.uid',
  SubjectLogonId: 'session.uid',
  PrivilegeList: { ocsf: 'privileges', read: 'joined' },
};

/** Scheduled Job Activity (1006): Security 4698–4702, BITS 3, 4, 5, 16403. */
const scheduledJobActivity: OcsfFieldTable = {
  ...subjectFields,
  TaskName: 'job.name',
  jobTitle: 'job.name',
  jobOwner: { ocsf: 'job.user', read: 'account' },
  processPath: 'actor.process.file.path',
  processId: 'actor.process.pid',
  LocalName: 'job.file.path',
};

/** Entity Management (3004): Security 4661, 4662, 5136, 5137, 5139, 5141 (directory and SAM objects). */
const entityManagement: OcsfFieldTable = {
  ...subjectFields,
  ObjectDN: 'entity.name',
  OldObjectDN: 'entity.name',
  NewObjectDN: 'entity_result.name',
  ObjectGUID: 'entity.uid',
  ObjectName: 'entity.name',
  AttributeLDAPDisplayName: 'entity.data.attribute',
  AttributeValue: 'entity.data.value',
  AttributeSyntaxOID: 'entity.data.syntax_oid',
  AccessMask: { ocsf: 'access_mask', read: 'hex' },
  AccessList: { ocsf: 'access_list', read: 'joined' },
  ProcessName: 'actor.process.file.path',
};

/** RDP Activity (4005): RemoteConnectionManager 1149, RdpCoreTS, LocalSessionManager 24, 25. */
const rdpActivity: OcsfFieldTable = {
  Param1: 'user.name',
  Param2: 'user.domain',
  Param3: 'src_endpoint.ip',
  User: { ocsf: 'user', read: 'account' },
  Address: 'src_endpoint.ip',
};

/** SMB Activity (4006): Security 5140, 5145 (ShareName stays in `unmapped` as written). */
const smbActivity: OcsfFieldTable = {
  ...subjectFields,
  RelativeTargetName: 'file.path',
  IpAddress: 'src_endpoint.ip',
  IpPort: 'src_endpoint.port',
};

/** Windows Service Activity (201004): System 7045, Security 4697. */
const windowsServiceActivity: OcsfFieldTable = {
  ...subjectFields,
  ServiceName: 'win_service.name',
  ImagePath: 'win_service.cmd_line',
  ServiceFileName: 'win_service.cmd_line',
  AccountName: 'win_service.service_start_name',
  ServiceAccount: 'win_service.service_start_name',
};

/** Event Log Activity (1008): Security 1102, System 104. */
const eventLogActivity: OcsfFieldTable = { ...subjectFields };

/**
 * Sigma field → OCSF attribute, per OCSF `class_uid`. A field no table names is read from
 * `unmapped.<field>` (where the Windows normaliser keeps values OCSF has no place for).
 */
export const OCSF_FIELD_TABLES: Readonly<Record<number, OcsfFieldTable>> = {
  1001: fileSystemActivity,
  1002: kernelExtensionActivity,
  1005: moduleActivity,
  1006: scheduledJobActivity,
  1007: processActivity,
  1008: eventLogActivity,
  1009: scriptActivity,
  3001: accountChange,
  3002: authentication,
  3003: authorizeSession,
  3004: entityManagement,
  4001: networkActivity,
  4003: dnsActivity,
  4005: rdpActivity,
  4006: smbActivity,
  201001: registryKeyActivity,
  201002: registryValueActivity,
  201004: windowsServiceActivity,
};
