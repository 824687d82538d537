import { NormalizationError, type NormalizedEvent } from '@openmdr/connector-kit';
import {
  attacks,
  buildEvent,
  categoryAttacks,
  compact,
  type EventInput,
  enumAttribute,
  type NormalizeOptions,
  type OcsfPart,
  part,
  type RecordReader,
  severityIdOf,
  tacticOf,
  validIp,
} from '@openmdr/connector-kit/normalize';
import { DEFENDER_ENDPOINT_PRODUCT, DEFENDER_XDR_PRODUCT } from './defender-parts.js';
import {
  createdProcess,
  endpoint,
  huntingActor,
  huntingDevice,
  huntingFile,
  huntingUser,
  initiatingProcess,
} from './hunting-parts.js';
import {
  additionalFields,
  type HuntingRecord,
  huntingUid,
  readHuntingRecord,
} from './hunting-record.js';

type Mapper = (
  hunting: HuntingRecord,
  common: EventInput,
  options: NormalizeOptions,
) => NormalizedEvent;

/** The product of a row: Defender for Endpoint for the Device tables, else Defender XDR. */
function productOf(hunting: HuntingRecord): OcsfPart {
  const source = hunting.row.string('ServiceSource');
  if (source) return { name: source, vendor_name: 'Microsoft' };
  return hunting.table.toLowerCase().startsWith('device')
    ? DEFENDER_ENDPOINT_PRODUCT
    : DEFENDER_XDR_PRODUCT;
}

function commonOf(hunting: HuntingRecord): EventInput {
  const { row, table } = hunting;
  return {
    activity_id: 0,
    time: hunting.time,
    severity_id: 1,
    metadata: {
      product: productOf(hunting),
      uid: huntingUid(hunting),
      event_code: row.string('ActionType'),
      log_name: table,
      log_provider: 'Microsoft Defender XDR streaming API',
      original_time: hunting.originalTime,
      tenant_uid: hunting.tenantId,
    },
    device: huntingDevice(row),
    unmapped: { properties: row.record },
  };
}

const from = (hunting: HuntingRecord, options: NormalizeOptions) => ({
  source: `Defender XDR ${hunting.table}`,
  record: hunting.record,
  options,
});

/** Activity id and name by `ActionType`, Other (99) with the name for the rest. */
function activityOf(
  actions: Readonly<Record<string, number>>,
  actionType: string | undefined,
): { activity_id: number; activity_name?: string } {
  const id = actionType === undefined ? undefined : actions[actionType];
  if (id !== undefined) return { activity_id: id };
  return actionType ? { activity_id: 99, activity_name: actionType } : { activity_id: 0 };
}

const processActivity: Mapper = (hunting, common, options) => {
  const { row } = hunting;
  const parent = initiatingProcess(row);
  return buildEvent(
    'process_activity',
    {
      ...common,
      ...activityOf({ ProcessCreated: 1 }, row.string('ActionType')),
      actor: part({
        process: parent,
        user: parent ? undefined : huntingUser(row, 'InitiatingProcess'),
      }),
      process: createdProcess(row, parent),
    },
    from(hunting, options),
  );
};

/** Network Activity ids of `DeviceNetworkEvents` action types. */
const NETWORK_ACTIONS: Readonly<Record<string, number>> = {
  ConnectionSuccess: 1,
  ConnectionRequest: 1,
  ConnectionAttempt: 1,
  InboundConnectionAccepted: 1,
  ConnectionFailed: 4,
  ConnectionRefused: 5,
  ListeningConnectionCreated: 7,
  ConnectionFound: 6,
  ConnectionAcknowledged: 6,
};

const networkActivity: Mapper = (hunting, common, options) => {
  const { row } = hunting;
  const action = row.string('ActionType');
  const inbound = action === 'InboundConnectionAccepted';
  const local = endpoint(row, { ip: 'LocalIP', port: 'LocalPort' });
  const remote = endpoint(row, { ip: 'RemoteIP', port: 'RemotePort', name: 'RemoteUrl' });
  const inspected = action?.endsWith('Inspected') === true;
  const protocol = row.string('Protocol')?.toLowerCase();
  const extra = additionalFields(row);
  const url = row.string('RemoteUrl');
  return buildEvent(
    'network_activity',
    {
      ...common,
      ...(inspected ? { activity_id: 6 } : activityOf(NETWORK_ACTIONS, action)),
      actor: huntingActor(row),
      src_endpoint: inbound ? remote : local,
      dst_endpoint: inbound ? local : remote,
      connection_info: {
        direction_id: inbound ? 1 : action === 'ListeningConnectionCreated' ? 0 : 2,
        protocol_name:
          protocol && protocol !== 'unknown' ? protocol.replace(/v[46]$/, '') : undefined,
      },
      url: url?.includes('/') ? { url_string: url } : undefined,
      status_id: action === 'ConnectionFailed' ? 2 : undefined,
      unmapped: { properties: row.record, additionalFields: extra },
    },
    from(hunting, options),
  );
};

/** File System Activity ids of `DeviceFileEvents` action types. */
const FILE_ACTIONS: Readonly<Record<string, number>> = {
  FileCreated: 1,
  FileModified: 3,
  FileDeleted: 4,
  FileRenamed: 5,
};

const fileActivity: Mapper = (hunting, common, options) => {
  const { row } = hunting;
  const action = row.string('ActionType');
  const file = huntingFile(row);
  const previous = huntingFile(row, 'Previous');
  const renamed = action === 'FileRenamed' && previous !== undefined;
  return buildEvent(
    'file_activity',
    {
      ...common,
      ...activityOf(FILE_ACTIONS, action),
      actor: huntingActor(row) ?? part({ user: huntingUser(row, 'Request') }),
      file: renamed ? previous : file,
      file_result: renamed ? file : undefined,
      unmapped: {
        properties: row.record,
        requestSource: endpoint(row, { ip: 'RequestSourceIP', port: 'RequestSourcePort' }),
        requestProtocol: row.string('RequestProtocol'),
      },
    },
    from(hunting, options),
  );
};

/** OCSF `logon_type_id` of Windows logon type names (and `Local`, a macOS/Linux console logon). */
const LOGON_TYPES: Readonly<Record<string, number>> = {
  interactive: 2,
  local: 2,
  network: 3,
  batch: 4,
  service: 5,
  unlock: 7,
  networkcleartext: 8,
  newcredentials: 9,
  remoteinteractive: 10,
  cachedinteractive: 11,
  cachedremoteinteractive: 12,
  cachedunlock: 13,
};

/** OCSF `auth_protocol_id` of protocol names. */
const AUTH_PROTOCOLS: Readonly<Record<string, number>> = {
  ntlm: 1,
  kerberos: 2,
  digest: 3,
  openid: 4,
  saml: 5,
  oauth: 6,
  oauth2: 6,
};

const authentication: Mapper = (hunting, common, options) => {
  const { row, table } = hunting;
  const action = row.string('ActionType');
  const identity = table === 'IdentityLogonEvents';
  const logonType = row.string('LogonType');
  const logonId = logonType
    ? (LOGON_TYPES[logonType.replace(/\s/g, '').toLowerCase()] ?? 99)
    : undefined;
  const protocol = row.string('Protocol');
  const protocolId = protocol ? (AUTH_PROTOCOLS[protocol.toLowerCase()] ?? 99) : undefined;
  const status = action === 'LogonSuccess' ? 1 : action === 'LogonFailed' ? 2 : action ? 99 : 0;
  const source = identity
    ? endpoint(row, { ip: 'IPAddress', port: 'Port', name: 'DeviceName' })
    : endpoint(row, { ip: 'RemoteIP', port: 'RemotePort', name: 'RemoteDeviceName' });
  const destination = identity
    ? endpoint(row, {
        ip: 'DestinationIPAddress',
        port: 'DestinationPort',
        name: 'DestinationDeviceName',
      })
    : part({
        hostname: row.string('DeviceName'),
        uid: row.string('DeviceId'),
        ip: validIp(row.value('LocalIP')),
      });
  const application = row.string('Application');
  return buildEvent(
    'authentication',
    {
      ...common,
      activity_id: 1,
      status_id: status,
      status: status === 99 ? action : undefined,
      status_detail: row.string('FailureReason'),
      user: huntingUser(row) ?? { name: 'unknown' },
      actor: identity ? undefined : huntingActor(row),
      src_endpoint: source,
      dst_endpoint: destination,
      service: application ? { name: application } : undefined,
      device: identity ? undefined : common['device'],
      ...enumAttribute('logon_type', logonId, logonType),
      ...enumAttribute('auth_protocol', protocolId, protocol),
      is_remote: logonId === 10 || logonId === 3 || (identity && source !== undefined) || undefined,
      unmapped: { properties: row.record, additionalFields: additionalFields(row) },
    },
    from(hunting, options),
  );
};

/** The OCSF registry value type of a Defender `RegistryValueType`. */
const REG_TYPES: Readonly<Record<string, number>> = {
  binary: 1,
  dword: 2,
  dwordbigendian: 3,
  expandstring: 4,
  link: 5,
  multistring: 6,
  none: 7,
  qword: 8,
  qwordlittleendian: 9,
  string: 10,
};

const registryActivity: Mapper = (hunting, common, options) => {
  const { row } = hunting;
  const action = row.string('ActionType') ?? '';
  const key = row.string('RegistryKey');
  const actor = huntingActor(row);
  if (action.startsWith('RegistryValue') && key && row.string('RegistryValueName') !== undefined) {
    const type = row.string('RegistryValueType');
    const typeId = type ? (REG_TYPES[type.toLowerCase()] ?? 99) : undefined;
    const data = row.string('RegistryValueData');
    const previousData = row.string('PreviousRegistryValueData');
    const previousName = row.string('PreviousRegistryValueName');
    return buildEvent(
      'registry_value_activity',
      {
        ...common,
        ...activityOf({ RegistryValueSet: 2, RegistryValueDeleted: 4 }, action),
        actor,
        reg_value: compact({
          path: key,
          name: row.string('RegistryValueName'),
          type_id: typeId,
          type: typeId === 99 ? type : undefined,
          data,
        }),
        prev_reg_value:
          previousData !== undefined || (previousName && row.string('PreviousRegistryKey'))
            ? compact({
                path: row.string('PreviousRegistryKey') ?? key,
                name: previousName ?? row.string('RegistryValueName'),
                data: previousData,
              })
            : undefined,
      },
      from(hunting, options),
    );
  }
  const previousKey = row.string('PreviousRegistryKey');
  return buildEvent(
    'registry_key_activity',
    {
      ...common,
      ...activityOf(
        { RegistryKeyCreated: 1, RegistryKeyDeleted: 4, RegistryKeyRenamed: 5 },
        action,
      ),
      actor,
      reg_key: key ? { path: key } : undefined,
      prev_reg_key: previousKey ? { path: previousKey } : undefined,
    },
    from(hunting, options),
  );
};

const moduleActivity: Mapper = (hunting, common, options) => {
  const { row } = hunting;
  return buildEvent(
    'module_activity',
    {
      ...common,
      ...activityOf({ ImageLoaded: 1 }, row.string('ActionType')),
      actor: huntingActor(row),
      module: part({ file: huntingFile(row, '', { executable: true }), load_type_id: 0 }),
    },
    from(hunting, options),
  );
};

/** ATT&CK techniques of an `AttackTechniques` column: `["Valid Accounts (T1078)", …]`. */
function techniquesOf(row: RecordReader): OcsfPart[] | undefined {
  const raw = row.value('AttackTechniques');
  let names: unknown = raw;
  if (typeof raw === 'string' && raw.trim().startsWith('[')) {
    try {
      names = JSON.parse(raw) as unknown;
    } catch {
      names = [];
    }
  }
  const list = Array.isArray(names) ? names : typeof names === 'string' ? names.split(',') : [];
  const tactic = tacticOf(categoryOf(row));
  const inputs = list
    .filter((name): name is string => typeof name === 'string')
    .map((name) => /^(.*?)\s*\((T\d{4}(?:\.\d{3})?)\)\s*$/.exec(name.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ ...tactic, techniqueUid: match[2], techniqueName: match[1] }));
  return attacks(inputs.length > 0 ? inputs : categoryAttacks(categoryOf(row), []));
}

/** The alert category: `Category` (AlertInfo), or the first of `Categories` (AlertEvidence). */
function categoryOf(row: RecordReader): string | undefined {
  const single = row.string('Category');
  if (single) return single;
  const many = row.value('Categories');
  let list: unknown = many;
  if (typeof many === 'string' && many.trim().startsWith('[')) {
    try {
      list = JSON.parse(many) as unknown;
    } catch {
      return undefined;
    }
  }
  const first = Array.isArray(list) ? list[0] : undefined;
  return typeof first === 'string' && first.length > 0 ? first : undefined;
}

/** The OCSF evidence of an `AlertEvidence` row, by `EntityType`. */
function evidenceOf(row: RecordReader): OcsfPart | undefined {
  const entity = row.string('EntityType');
  const role = row.string('EvidenceRole');
  const user = huntingUser(row);
  const file = huntingFile(row);
  const process = part({
    pid: row.number('ProcessId') ?? undefined,
    file,
    cmd_line: row.string('ProcessCommandLine'),
    user,
  });
  const remote = endpoint(row, { ip: 'RemoteIP', name: 'RemoteUrl' });
  const local = endpoint(row, { ip: 'LocalIP' });
  const url = row.string('RemoteUrl');
  const key = row.string('RegistryKey');
  const subject = row.string('EmailSubject');
  return part({
    name: entity,
    process: entity === 'Process' && process?.['pid'] !== undefined ? process : undefined,
    file:
      entity === 'File' || (entity === 'Process' && process?.['pid'] === undefined)
        ? file
        : undefined,
    user: entity === 'User' || entity === 'Mailbox' ? user : undefined,
    device: entity === 'Machine' || entity === 'Device' ? huntingDevice(row) : undefined,
    dst_endpoint: entity === 'Ip' ? (remote ?? local) : undefined,
    url: entity === 'Url' && url ? { url_string: url } : undefined,
    reg_key: entity === 'RegistryKey' && key ? { path: key } : undefined,
    reg_value:
      entity === 'RegistryValue' && key && row.string('RegistryValueName') !== undefined
        ? compact({
            path: key,
            name: row.string('RegistryValueName'),
            data: row.string('RegistryValueData'),
          })
        : undefined,
    email:
      entity === 'MailMessage' && subject
        ? compact({ subject, uid: row.string('NetworkMessageId'), to: [] })
        : undefined,
    data: compact({
      entityType: entity,
      evidenceRole: role,
      evidenceDirection: row.string('EvidenceDirection'),
      threatFamily: row.string('ThreatFamily'),
      application: row.string('Application'),
      oAuthApplicationId: row.string('OAuthApplicationId'),
      emailSubject: subject,
      additionalFields: additionalFields(row),
    }),
  });
}

const alertFinding: Mapper = (hunting, common, options) => {
  const { row, table } = hunting;
  const alertId = row.string('AlertId');
  const evidence = table === 'AlertEvidence' ? evidenceOf(row) : undefined;
  const severity = row.string('Severity');
  return buildEvent(
    'detection_finding',
    {
      ...common,
      activity_id: table === 'AlertEvidence' ? 2 : 1,
      severity_id: severity ? severityIdOf(severity) : 0,
      severity: severity && severityIdOf(severity) === 99 ? severity : undefined,
      is_alert: true,
      finding_info: alertId
        ? {
            uid: alertId,
            title: row.string('Title'),
            types: categoryOf(row) ? [categoryOf(row)] : undefined,
            attacks: techniquesOf(row),
            analytic: row.string('DetectionSource')
              ? { name: row.string('DetectionSource'), type_id: 0 }
              : undefined,
            product: productOf(hunting),
          }
        : undefined,
      evidences: evidence ? [evidence] : undefined,
    },
    from(hunting, options),
  );
};

/** OCSF email direction of an `EmailDirection`. */
const EMAIL_DIRECTIONS: Readonly<Record<string, [number, number]>> = {
  inbound: [1, 2],
  outbound: [2, 1],
  'intra-org': [3, 3],
};

const emailActivity: Mapper = (hunting, common, options) => {
  const { row } = hunting;
  const direction = row.string('EmailDirection');
  const [directionId, activityId] = EMAIL_DIRECTIONS[direction?.toLowerCase() ?? ''] ?? [
    direction ? 99 : 0,
    3,
  ];
  const delivery = row.string('DeliveryAction');
  const blocked = /^(blocked|junked|replaced)$/i.test(delivery ?? '');
  const recipient = row.string('RecipientEmailAddress');
  const sender = row.string('SenderFromAddress');
  const threats = row.string('ThreatTypes');
  return buildEvent(
    'email_activity',
    {
      ...common,
      activity_id: activityId,
      direction_id: directionId,
      direction: directionId === 99 ? direction : undefined,
      severity_id: threats ? 3 : 1,
      email: compact({
        uid: row.string('NetworkMessageId'),
        message_uid: row.string('InternetMessageId'),
        subject: row.string('Subject'),
        from: sender,
        smtp_from: row.string('SenderMailFromAddress'),
        to: recipient ? [recipient] : undefined,
        size: row.number('EmailSize'),
      }),
      src_endpoint: part({
        ip: validIp(row.value('SenderIPv4')) ?? validIp(row.value('SenderIPv6')),
        domain: row.string('SenderFromDomain'),
      }),
      action_id: delivery ? (blocked ? 2 : 1) : undefined,
      disposition_id: delivery ? (blocked ? 2 : 1) : undefined,
      status_detail: delivery,
      unmapped: {
        properties: row.record,
        authenticationDetails: additionalFieldsOf(row, 'AuthenticationDetails'),
      },
    },
    from(hunting, options),
  );
};

function additionalFieldsOf(row: RecordReader, column: string): unknown {
  const value = row.value(column);
  if (typeof value !== 'string' || !value.trim().startsWith('{')) return value ?? undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** Any other table: a Base Event with the row in `unmapped`, never dropped. */
const baseEvent: Mapper = (hunting, common, options) =>
  buildEvent(
    'base_event',
    {
      ...common,
      activity_id: 99,
      activity_name: hunting.row.string('ActionType') ?? hunting.table,
      message: `${hunting.table}${hunting.row.string('ActionType') ? `: ${hunting.row.string('ActionType')}` : ''}`,
    },
    from(hunting, options),
  );

/** The mapper of each Advanced Hunting table the normaliser maps to an OCSF class. */
const MAPPERS: Readonly<Record<string, Mapper>> = {
  DeviceProcessEvents: processActivity,
  DeviceNetworkEvents: networkActivity,
  DeviceFileEvents: fileActivity,
  DeviceLogonEvents: authentication,
  IdentityLogonEvents: authentication,
  DeviceRegistryEvents: registryActivity,
  DeviceImageLoadEvents: moduleActivity,
  AlertInfo: alertFinding,
  AlertEvidence: alertFinding,
  EmailEvents: emailActivity,
};

const MAPPERS_BY_LOWER_CASE = new Map(
  Object.entries(MAPPERS).map(([table, mapper]) => [table.toLowerCase(), mapper]),
);

/** The Advanced Hunting tables mapped to an OCSF class other than Base Event. */
export const HUNTING_TABLES: readonly string[] = Object.keys(MAPPERS);

/**
 * Normalises one Microsoft Defender XDR Advanced Hunting record as the streaming API sends it
 * to Event Hubs or a storage account (`{ time, tenantId, category: "AdvancedHunting-<Table>",
 * properties: { Timestamp, DeviceId, ActionType, … } }`) into an OCSF 1.8.0 event by table:
 * `DeviceProcessEvents` → Process Activity (1007); `DeviceNetworkEvents` → Network Activity (4001);
 * `DeviceFileEvents` → File System Activity (1001); `DeviceLogonEvents`, `IdentityLogonEvents` →
 * Authentication (3002); `DeviceRegistryEvents` → Registry Key (201001) or Value (201002)
 * Activity; `DeviceImageLoadEvents` → Module Activity (1005); `AlertInfo`, `AlertEvidence` →
 * Detection Finding (2004, the evidence row as an update with one evidence); `EmailEvents` →
 * Email Activity (4009). The initiating process (with its parent and account) is the actor, the
 * device is `device`, the whole row stays in `unmapped.properties`. Any other table (DeviceEvents,
 * DeviceInfo, CloudAppEvents, …), and a row of a mapped table that lacks what its class requires
 * (a process without id, a registry event without key), becomes a Base Event (0) with the row in
 * `unmapped` — never dropped.
 *
 * @throws {NormalizationError} (`NORMALIZE_FAILED`) naming the field when the record is not a
 *   streaming API record or has no valid time.
 */
export function normalizeDefenderHuntingRecord(
  record: unknown,
  options: NormalizeOptions = {},
): NormalizedEvent {
  const hunting = readHuntingRecord(record);
  const common = commonOf(hunting);
  const mapper = MAPPERS_BY_LOWER_CASE.get(hunting.table.toLowerCase());
  if (!mapper) return baseEvent(hunting, common, options);
  try {
    return mapper(hunting, common, options);
  } catch (error) {
    if (!(error instanceof NormalizationError)) throw error;
    const event = baseEvent(hunting, common, options);
    const metadata = event.metadata as Record<string, unknown>;
    metadata['debug'] = [
      `defender: ${hunting.table} row kept as a Base Event: ${(error as Error).message}`,
    ];
    return event;
  }
}
