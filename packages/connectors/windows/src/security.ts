import { baseName, compact, validIp } from '@openmdr/connector-kit/normalize';
import type { MappingContext, RecordMapper } from './context.js';
import { NormalizationError } from './errors.js';
import {
  fileFromPath,
  guid,
  integrity,
  integrityFromLabel,
  type OcsfObject,
  port,
  userFromParts,
} from './ocsf-parts.js';
import { parseInteger } from './record.js';

const product = 'Windows Security Auditing';

/** The `Subject*` user of a Security record (who did it). */
export function subjectUser(context: MappingContext): OcsfObject | undefined {
  const data = context.data;
  return userFromParts(
    data.string('SubjectUserName'),
    data.string('SubjectDomainName'),
    data.string('SubjectUserSid'),
  );
}

/** The `Target*` user of a Security record (who it was done to). */
function targetUser(context: MappingContext, sidField = 'TargetUserSid'): OcsfObject | undefined {
  const data = context.data;
  return userFromParts(
    data.string('TargetUserName'),
    data.string('TargetDomainName'),
    data.string(sidField),
  );
}

function requireUser(
  context: MappingContext,
  user: OcsfObject | undefined,
  field: string,
): OcsfObject {
  if (user === undefined) {
    throw new NormalizationError(`Security event ${context.event.eventId} has no ${field}`, {
      path: `Event.EventData.${field}`,
    });
  }
  return user;
}

export function subjectActor(context: MappingContext): OcsfObject {
  const user = subjectUser(context);
  const logonId = context.data.string('SubjectLogonId');
  return compact({
    user: user ?? { name: 'unknown' },
    session: logonId === undefined ? undefined : { uid: logonId },
  });
}

const logonTypes: Record<number, [number, string]> = {
  0: [1, 'System'],
  2: [2, 'Interactive'],
  3: [3, 'Network'],
  4: [4, 'Batch'],
  5: [5, 'OS Service'],
  7: [7, 'Unlock'],
  8: [8, 'Network Cleartext'],
  9: [9, 'New Credentials'],
  10: [10, 'Remote Interactive'],
  11: [11, 'Cached Interactive'],
  12: [12, 'Cached Remote Interactive'],
  13: [13, 'Cached Unlock'],
};

function logonType(context: MappingContext): OcsfObject {
  const type = context.data.integer('LogonType');
  if (type === undefined) return {};
  const known = logonTypes[type];
  return known === undefined
    ? { logon_type_id: 99, logon_type: String(type) }
    : { logon_type_id: known[0], logon_type: known[1] };
}

function authProtocol(context: MappingContext): OcsfObject {
  const name = context.data.string('AuthenticationPackageName');
  if (name === undefined) return {};
  const lower = name.toLowerCase();
  if (lower === 'ntlm' || lower.startsWith('ntlm'))
    return { auth_protocol_id: 1, auth_protocol: 'NTLM' };
  if (lower === 'kerberos') return { auth_protocol_id: 2, auth_protocol: 'Kerberos' };
  return { auth_protocol_id: 99, auth_protocol: name };
}

/** Security 4624/4625/4648: logon (successful, failed, explicit credentials) → Authentication: Logon. */
function logon(status: 'success' | 'failure'): RecordMapper {
  return (context) => {
    const data = context.data;
    const explicit = context.event.eventId === 4648;
    const user = requireUser(context, targetUser(context), 'TargetUserName');
    const workstation = data.string('WorkstationName');
    const pid = data.has('ProcessId') ? data.integer('ProcessId') : undefined;
    const processName = pid === undefined ? undefined : data.string('ProcessName');
    const logonAttributes = explicit ? {} : logonType(context);
    const targetServer = data.string('TargetServerName');
    const failure =
      status === 'failure'
        ? compact({
            status_code: data.string('Status'),
            status_detail: data.string('FailureReason'),
          })
        : {};
    return context.emit(
      'authentication',
      1,
      {
        user,
        actor: compact({
          ...subjectActor(context),
          // A process needs its pid: without ProcessId, ProcessName stays in `unmapped`.
          process:
            processName === undefined || pid === undefined
              ? undefined
              : compact({ name: baseName(processName), file: fileFromPath(processName), pid }),
        }),
        ...logonAttributes,
        ...authProtocol(context),
        is_remote:
          logonAttributes.logon_type_id === 3 || logonAttributes.logon_type_id === 10
            ? true
            : undefined,
        session: compact({
          uid: data.string('TargetLogonId'),
          uuid: guid(data.string('LogonGuid')),
        }),
        src_endpoint: compact({
          ip: validIp(data.string('IpAddress')),
          port: port(data.integer('IpPort')),
          name: workstation,
        }),
        dst_endpoint: compact({
          hostname:
            targetServer === 'localhost'
              ? context.event.computer
              : (targetServer ?? context.event.computer),
        }),
        status_id: status === 'success' ? 1 : 2,
        status: status === 'success' ? 'Success' : 'Failure',
        ...failure,
      },
      { productName: product },
    );
  };
}

/** Security 4634/4647: logoff → Authentication: Logoff. */
const logoff: RecordMapper = (context) => {
  const user = requireUser(context, targetUser(context), 'TargetUserName');
  return context.emit(
    'authentication',
    2,
    {
      user,
      ...logonType(context),
      session: compact({ uid: context.data.string('TargetLogonId') }),
      dst_endpoint: { hostname: context.event.computer ?? 'localhost' },
      status_id: 1,
      status: 'Success',
    },
    { productName: product },
  );
};

/** Security 4672: special privileges assigned to a new logon → Authorize Session: Assign Privileges. */
const specialPrivileges: RecordMapper = (context) => {
  const user = requireUser(context, subjectUser(context), 'SubjectUserName');
  const privileges = context.data
    .string('PrivilegeList')
    ?.split(/\s+/)
    .filter((privilege) => privilege !== '');
  return context.emit(
    'authorizeSession',
    1,
    {
      user,
      privileges,
      session: compact({ uid: context.data.string('SubjectLogonId') }),
      dst_endpoint: { hostname: context.event.computer ?? 'localhost' },
    },
    { productName: product },
  );
};

/** Security 4688: process creation → Process Activity: Launch (Sigma `process_creation`). */
const processCreation: RecordMapper = (context) => {
  const data = context.data;
  const image = data.string('NewProcessName');
  if (image === undefined) {
    throw new NormalizationError('Security event 4688 has no NewProcessName', {
      path: 'Event.EventData.NewProcessName',
    });
  }
  const target = targetUser(context);
  const subject = subjectUser(context);
  const parentPid = data.has('ProcessId') ? data.integer('ProcessId') : undefined;
  const parentImage = parentPid === undefined ? undefined : data.string('ParentProcessName');
  const parent =
    parentPid === undefined
      ? undefined
      : compact({
          pid: parentPid,
          name: parentImage === undefined ? undefined : baseName(parentImage),
          file: parentImage === undefined ? undefined : fileFromPath(parentImage),
          user: subject,
        });
  const pid = data.integer('NewProcessId');
  if (pid === undefined) {
    throw new NormalizationError('Security event 4688 has no NewProcessId', {
      path: 'Event.EventData.NewProcessId',
    });
  }
  const process = compact({
    pid,
    name: baseName(image),
    file: fileFromPath(image),
    cmd_line: data.string('CommandLine'),
    user: target?.name === undefined ? subject : target,
    ...integrity(integrityFromLabel(data.string('MandatoryLabel'))),
    parent_process: parent,
  });
  return context.emit(
    'processActivity',
    1,
    {
      process,
      actor: compact({ process: parent, user: subject ?? { name: 'unknown' } }),
      launch_type_id: 1,
      launch_type: 'Spawn',
    },
    { productName: product },
  );
};

/** Security 4720–4767 user-account management → Account Change. */
function accountChange(activityId: number, label?: string): RecordMapper {
  return (context) => {
    const user = requireUser(context, targetUser(context, 'TargetSid'), 'TargetUserName');
    return context.emit(
      'accountChange',
      activityId,
      { user, actor: subjectActor(context) },
      { productName: product, ...(label === undefined ? {} : { activityName: label }) },
    );
  };
}

/** Security 4698–4702: scheduled task → Scheduled Job Activity. */
function scheduledTask(activityId: number): RecordMapper {
  return (context) => {
    const name = context.data.string('TaskName');
    if (name === undefined) {
      throw new NormalizationError(`Security event ${context.event.eventId} has no TaskName`, {
        path: 'Event.EventData.TaskName',
      });
    }
    return context.emit(
      'scheduledJobActivity',
      activityId,
      { job: { name }, actor: subjectActor(context) },
      { productName: product },
    );
  };
}

/** Security 4697 / System 7045: a service was installed → Windows Service Activity: Create. */
export const serviceInstall: RecordMapper = (context) => {
  const data = context.data;
  const name = data.string('ServiceName');
  if (name === undefined) {
    throw new NormalizationError(`event ${context.event.eventId} has no ServiceName`, {
      path: 'Event.EventData.ServiceName',
    });
  }
  const imagePath = data.string('ImagePath') ?? data.string('ServiceFileName');
  // The Windows wording stays in `unmapped`; OCSF gets the enum id and its caption.
  const startType = data.peek('StartType') ?? data.peek('ServiceStartType');
  const serviceType = data.peek('ServiceType');
  const account = data.string('AccountName') ?? data.string('ServiceAccount');
  const startTypeId =
    startType === undefined ? undefined : serviceStartTypes[startType.toLowerCase()];
  const serviceTypeId =
    serviceType === undefined ? undefined : serviceTypes[serviceType.toLowerCase()];
  return context.emit(
    'windowsServiceActivity',
    1,
    {
      win_service: compact({
        name,
        cmd_line: imagePath ?? '',
        service_start_name: account,
        service_start_type_id: startTypeId ?? (startType === undefined ? undefined : 99),
        service_start_type:
          startTypeId === undefined ? startType : serviceStartTypeCaptions[startTypeId],
        service_type_id: serviceTypeId ?? (serviceType === undefined ? undefined : 99),
        service_type:
          serviceTypeId === undefined ? serviceType : serviceTypeCaptions[serviceTypeId],
      }),
      actor: compact({ user: subjectUser(context) ?? { name: 'unknown' } }),
    },
    { productName: context.event.eventId === 7045 ? 'Service Control Manager' : product },
  );
};

const serviceStartTypes: Record<string, number> = {
  'boot start': 1,
  'system start': 2,
  'auto start': 3,
  'demand start': 4,
  disabled: 5,
  '0': 1,
  '1': 2,
  '2': 3,
  '3': 4,
  '4': 5,
};

const serviceStartTypeCaptions: Record<number, string> = {
  1: 'Boot',
  2: 'System',
  3: 'Auto',
  4: 'Demand',
  5: 'Disabled',
};

const serviceTypeCaptions: Record<number, string> = {
  1: 'Kernel Driver',
  2: 'File System Driver',
  3: 'Own Process',
  4: 'Share Process',
};

const serviceTypes: Record<string, number> = {
  'kernel mode driver': 1,
  'file system driver': 2,
  'user mode service': 3,
  '0x1': 1,
  '0x2': 2,
  '0x10': 3,
  '0x20': 4,
};

/** Security 1102 / System 104: an event log was cleared → Event Log Activity: Clear. */
export const logCleared: RecordMapper = (context) => {
  const data = context.data;
  const logName = data.string('Channel') ?? context.event.channel ?? 'Security';
  const user =
    userFromParts(
      data.string('SubjectUserName'),
      data.string('SubjectDomainName'),
      data.string('SubjectUserSid'),
    ) ?? userFromParts(data.string('SubjectUserName'), data.string('SubjectDomainName'), undefined);
  return context.emit(
    'eventLogActivity',
    1,
    {
      log_name: logName,
      log_provider: context.event.provider,
      actor: compact({ user }),
      status_id: 1,
      status: 'Success',
    },
    { productName: 'Windows Event Log' },
  );
};

function kerberosStatus(context: MappingContext): OcsfObject {
  const status = context.data.string('Status');
  if (status === undefined) return {};
  const success = parseInteger(status) === 0;
  return {
    status_code: status,
    status_id: success ? 1 : 2,
    status: success ? 'Success' : 'Failure',
  };
}

/** Security 4768/4769/4771: Kerberos TGT, service ticket, pre-authentication → Authentication. */
function kerberos(activityId: 3 | 4 | 6): RecordMapper {
  return (context) => {
    const data = context.data;
    const user = requireUser(
      context,
      userFromParts(
        data.string('TargetUserName'),
        data.string('TargetDomainName'),
        data.string('TargetSid'),
      ),
      'TargetUserName',
    );
    const serviceName = data.string('ServiceName');
    return context.emit(
      'authentication',
      activityId,
      {
        user,
        auth_protocol_id: 2,
        auth_protocol: 'Kerberos',
        service: compact({ name: serviceName, uid: data.string('ServiceSid') }),
        src_endpoint: compact({
          ip: validIp(data.string('IpAddress')),
          port: port(data.integer('IpPort')),
        }),
        dst_endpoint: { hostname: context.event.computer ?? 'localhost' },
        authentication_token: compact({
          type_id: activityId === 4 ? 2 : 1,
          type: activityId === 4 ? 'Service Ticket' : 'Ticket Granting Ticket',
          kerberos_flags: data.string('TicketOptions'),
        }),
        ...kerberosStatus(context),
      },
      { productName: product },
    );
  };
}

/** Security 4776: NTLM credential validation → Authentication: Other. */
const credentialValidation: RecordMapper = (context) => {
  const data = context.data;
  const user = requireUser(
    context,
    userFromParts(data.string('TargetUserName'), undefined, undefined),
    'TargetUserName',
  );
  return context.emit(
    'authentication',
    99,
    {
      user,
      auth_protocol_id: 1,
      auth_protocol: 'NTLM',
      src_endpoint: compact({ name: data.string('Workstation') }),
      dst_endpoint: { hostname: context.event.computer ?? 'localhost' },
      ...kerberosStatus(context),
    },
    { productName: product, activityName: 'Credential Validation' },
  );
};

/** The acting process of a Security object-access record (`ProcessName`, `ProcessId`). */
export function objectAccessActor(context: MappingContext): OcsfObject {
  const data = context.data;
  const processName = data.string('ProcessName');
  const pid = data.integer('ProcessId');
  return compact({
    ...subjectActor(context),
    process:
      pid === undefined
        ? undefined
        : compact({
            pid,
            name: processName === undefined ? undefined : baseName(processName),
            file: processName === undefined ? undefined : fileFromPath(processName),
          }),
  });
}

/** Security 4663: an object was accessed → File System Activity (files) or Registry Key Activity (keys). */
const objectAccess: RecordMapper = (context) => {
  const data = context.data;
  const objectType = data.peek('ObjectType');
  const objectName = data.peek('ObjectName');
  if (objectName === undefined || (objectType !== 'File' && objectType !== 'Key')) {
    return context.emit(
      'baseEvent',
      99,
      {},
      { productName: product, activityName: 'Object Access' },
    );
  }
  data.string('ObjectName');
  const accessMask = data.integer('AccessMask');
  const actor = objectAccessActor(context);
  if (objectType === 'Key') {
    return context.emit(
      'registryKeyActivity',
      2,
      { actor, reg_key: { path: objectName }, access_mask: accessMask },
      { productName: product },
    );
  }
  return context.emit(
    'fileSystemActivity',
    14,
    { actor, file: fileFromPath(objectName), access_mask: accessMask },
    { productName: product },
  );
};

const registryOperations: Record<string, number> = { '%%1904': 2, '%%1905': 3, '%%1906': 4 };

/** Security 4657: a registry value was modified → Registry Value Activity. */
const registryValueModified: RecordMapper = (context) => {
  const data = context.data;
  const objectName = data.string('ObjectName');
  if (objectName === undefined) {
    throw new NormalizationError('Security event 4657 has no ObjectName', {
      path: 'Event.EventData.ObjectName',
    });
  }
  const operation = data.peek('OperationType');
  const activityId = (operation === undefined ? undefined : registryOperations[operation]) ?? 3;
  return context.emit(
    'registryValueActivity',
    activityId,
    {
      actor: objectAccessActor(context),
      reg_value: compact({
        path: objectName,
        name: data.string('ObjectValueName') ?? '(Default)',
        data: data.string('NewValue'),
      }),
    },
    { productName: product },
  );
};

/** More Security-Auditing mappers (Kerberos, NTLM, object access). */
export const securityAccessMappers: Readonly<Record<number, RecordMapper>> = {
  4657: registryValueModified,
  4656: objectAccess,
  4663: objectAccess,
  4768: kerberos(3),
  4769: kerberos(4),
  4771: kerberos(6),
  4776: credentialValidation,
};

/** Security-Auditing mappers by EventID. */
export const securityMappers: Readonly<Record<number, RecordMapper>> = {
  ...securityAccessMappers,
  1102: logCleared,
  4624: logon('success'),
  4625: logon('failure'),
  4634: logoff,
  4647: logoff,
  4648: logon('success'),
  4672: specialPrivileges,
  4688: processCreation,
  4697: serviceInstall,
  4698: scheduledTask(1),
  4699: scheduledTask(3),
  4700: scheduledTask(4),
  4701: scheduledTask(5),
  4702: scheduledTask(2),
  4720: accountChange(1),
  4722: accountChange(2),
  4723: accountChange(3),
  4724: accountChange(4),
  4725: accountChange(5),
  4726: accountChange(6),
  4738: accountChange(99, 'User Account Changed'),
  4740: accountChange(9),
  4767: accountChange(12),
};
