import {
  compact,
  filePart,
  hasProcessIdentity,
  type OcsfPart,
  part,
  type RecordReader,
  validIp,
} from '@openmdr/connector-kit/normalize';

/** OCSF process `integrity_id` from a Windows integrity level name. */
const INTEGRITY: Readonly<Record<string, number>> = {
  untrusted: 1,
  low: 2,
  medium: 3,
  high: 4,
  system: 5,
  protected: 6,
};

/** A time column as epoch ms, or `undefined` (an unparseable time is dropped, not fatal). */
function timeOf(row: RecordReader, column: string): number | undefined {
  try {
    return row.time(column);
  } catch {
    return undefined;
  }
}

/** A positive process id (Defender writes 0 for "none"). */
function pidOf(row: RecordReader, column: string): number | undefined {
  const pid = row.number(column);
  return pid !== undefined && pid > 0 && Number.isSafeInteger(pid) ? pid : undefined;
}

/**
 * An OCSF file from a name and a `FolderPath` that is either the folder (AlertEvidence) or the
 * full path (the Device* tables), with hashes and size.
 */
export function huntingFile(
  row: RecordReader,
  prefix = '',
  options: { executable?: boolean } = {},
): OcsfPart | undefined {
  const name = row.string(`${prefix}FileName`);
  const folder = row.string(`${prefix}FolderPath`);
  let path = folder;
  if (folder && name && !folder.toLowerCase().endsWith(name.toLowerCase())) {
    const separator = folder.includes('/') && !folder.includes('\\') ? '/' : '\\';
    path = `${folder.replace(/[\\/]$/, '')}${separator}${name}`;
  }
  const company = row.string(`${prefix}VersionInfoCompanyName`);
  const product = row.string(`${prefix}VersionInfoProductName`);
  const version = row.string(`${prefix}VersionInfoProductVersion`);
  return filePart({
    name,
    path,
    md5: row.string(`${prefix}MD5`),
    sha1: row.string(`${prefix}SHA1`),
    sha256: row.string(`${prefix}SHA256`),
    size: row.number(`${prefix}FileSize`),
    executable: options.executable ?? /\.(exe|dll|sys|scr|com)$/i.test(name ?? ''),
    extra: compact({
      company_name: company,
      product: product || version ? part({ name: product, version }) : undefined,
      desc: row.string(`${prefix}VersionInfoFileDescription`),
    }),
  });
}

/** An OCSF user from `<prefix>AccountName`, `…Domain`, `…Sid`, `…Upn`, `…ObjectId`. */
export function huntingUser(row: RecordReader, prefix = ''): OcsfPart | undefined {
  const upn = row.string(`${prefix}AccountUpn`);
  const name = row.string(`${prefix}AccountName`) ?? upn;
  const sid = row.string(`${prefix}AccountSid`);
  const objectId = row.string(`${prefix}AccountObjectId`);
  if (!name && !sid && !objectId) return undefined;
  return part({
    name,
    domain: row.string(`${prefix}AccountDomain`),
    uid: sid ?? objectId,
    uid_alt: sid && objectId ? objectId : undefined,
    email_addr: upn?.includes('@') ? upn : undefined,
  });
}

/** The process that caused a row (`InitiatingProcess*`), with its parent, or `undefined`. */
export function initiatingProcess(row: RecordReader): OcsfPart | undefined {
  const parentPid = pidOf(row, 'InitiatingProcessParentId');
  const parentName = row.string('InitiatingProcessParentFileName');
  const parent = parentPid
    ? compact({
        pid: parentPid,
        file: filePart({ name: parentName, executable: true }),
        created_time: timeOf(row, 'InitiatingProcessParentCreationTime'),
      })
    : undefined;
  const integrity = row.string('InitiatingProcessIntegrityLevel');
  const process = part({
    pid: pidOf(row, 'InitiatingProcessId'),
    file: huntingFile(row, 'InitiatingProcess', { executable: true }),
    cmd_line: row.string('InitiatingProcessCommandLine'),
    created_time: timeOf(row, 'InitiatingProcessCreationTime'),
    integrity_id: integrity ? (INTEGRITY[integrity.toLowerCase()] ?? 99) : undefined,
    integrity: integrity && !INTEGRITY[integrity.toLowerCase()] ? integrity : undefined,
    user: huntingUser(row, 'InitiatingProcess'),
    parent_process: parent,
  });
  return hasProcessIdentity(process) ? process : undefined;
}

/** The OCSF actor of a row: its initiating process and that process's account. */
export function huntingActor(row: RecordReader): OcsfPart | undefined {
  const process = initiatingProcess(row);
  return part({ process, user: process ? undefined : huntingUser(row, 'InitiatingProcess') });
}

/** The process a `DeviceProcessEvents` row created (`ProcessId`, `FileName`, …). */
export function createdProcess(row: RecordReader, parent: OcsfPart | undefined): OcsfPart {
  const integrity = row.string('ProcessIntegrityLevel');
  return compact({
    pid: pidOf(row, 'ProcessId'),
    file: huntingFile(row, '', { executable: true }),
    cmd_line: row.string('ProcessCommandLine'),
    created_time: timeOf(row, 'ProcessCreationTime'),
    integrity_id: integrity ? (INTEGRITY[integrity.toLowerCase()] ?? 99) : undefined,
    integrity: integrity && !INTEGRITY[integrity.toLowerCase()] ? integrity : undefined,
    user: huntingUser(row),
    parent_process: parent,
  });
}

/** The OCSF device of a row (`DeviceId`, `DeviceName`), or `undefined`. */
export function huntingDevice(row: RecordReader): OcsfPart | undefined {
  const uid = row.string('DeviceId');
  const name = row.string('DeviceName');
  if (!uid && !name) return undefined;
  return compact({
    type_id: 0,
    uid,
    hostname: name,
    name: name?.split('.')[0],
    ip: validIp(row.value('LocalIP')) ?? validIp(row.value('PublicIP')),
    groups: row.string('MachineGroup') ? [{ name: row.string('MachineGroup') }] : undefined,
  });
}

/** An OCSF network endpoint from an IP, a port and a name or URL, or `undefined`. */
export function endpoint(
  row: RecordReader,
  columns: { ip: string; port?: string; name?: string },
): OcsfPart | undefined {
  const port = columns.port ? row.number(columns.port) : undefined;
  const name = columns.name ? row.string(columns.name) : undefined;
  return part({
    ip: validIp(row.value(columns.ip)),
    port: port !== undefined && port > 0 && port < 65_536 ? port : undefined,
    hostname: name && !name.includes('/') ? name : undefined,
  });
}
