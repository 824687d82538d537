import {
  compact,
  filePart,
  type OcsfPart,
  osPart,
  part,
  type RecordReader,
} from '@openmdr/connector-kit/normalize';
import { falconTime } from './falcon-time.js';
import { CROWDSTRIKE_PRODUCT } from './normalize-alert.js';

/** `event_platform` → the OS platform name `osPart` types. */
const PLATFORMS: Readonly<Record<string, string>> = {
  Win: 'Windows',
  Mac: 'macOS',
  Lin: 'Linux',
  iOS: 'iOS',
  And: 'Android',
};

/** The OS of an FDR record's `event_platform`. */
export function fdrOs(record: RecordReader): OcsfPart | undefined {
  const platform = record.string('event_platform');
  return osPart({ platform: platform ? (PLATFORMS[platform] ?? platform) : undefined });
}

/** The sensor's host: `aid`, `ComputerName`, the OS from `event_platform`; none without either. */
export function fdrDevice(record: RecordReader): OcsfPart | undefined {
  if (!record.string('aid') && !record.string('ComputerName')) return undefined;
  return compact({
    uid: record.string('aid'),
    hostname: record.string('ComputerName'),
    os: fdrOs(record),
    type_id: 0,
  });
}

/** The sensor's host as an endpoint (`aid`, `ComputerName`): where a logon or query happened. */
export function fdrEndpoint(record: RecordReader): OcsfPart {
  return compact({ uid: record.string('aid'), hostname: record.string('ComputerName') });
}

/**
 * When the event happened: `ContextTimeStamp` (sensor time, seconds), else the cloud's
 * `timestamp` (ms), else `fallback` fields.
 */
export function fdrTime(record: RecordReader, ...fallback: string[]): number | undefined {
  for (const field of ['ContextTimeStamp', ...fallback, 'timestamp']) {
    const time = falconTime(record.value(field));
    if (time !== undefined) return time;
  }
  return undefined;
}

/** `metadata` of an FDR event: event id, name and version, tenant, cloud receipt time. */
export function fdrMetadata(record: RecordReader, code: string): OcsfPart {
  return compact({
    product: CROWDSTRIKE_PRODUCT,
    log_name: 'Falcon Data Replicator',
    uid: record.string('id'),
    tenant_uid: record.string('cid'),
    event_code: code,
    logged_time: falconTime(record.value('timestamp')),
    original_time: record.string('timestamp'),
  });
}

/** A file from an FDR path field and the record's hashes. */
export function fdrFile(
  record: RecordReader,
  pathField: string,
  extra: { executable?: boolean; hashPrefix?: string } = {},
): OcsfPart | undefined {
  const prefix = extra.hashPrefix ?? '';
  return filePart({
    path: record.string(pathField),
    md5: record.string(`${prefix}MD5HashData`),
    sha1: nonZero(record.string(`${prefix}SHA1HashData`)),
    sha256: record.string(`${prefix}SHA256HashData`),
    size: record.number('Size'),
    ...(extra.executable !== undefined ? { executable: extra.executable } : {}),
  });
}

/** Falcon writes all-zero hashes for "not computed". */
function nonZero(hash: string | undefined): string | undefined {
  return hash && /^0+$/.test(hash) ? undefined : hash;
}

/** The user of an FDR record: `UserName`, `UserSid`, `LogonDomain`, `UserPrincipal`. */
export function fdrUser(record: RecordReader): OcsfPart | undefined {
  const principal = record.string('UserPrincipal');
  return part({
    name: record.string('UserName'),
    uid: record.string('UserSid'),
    domain: record.string('LogonDomain'),
    email_addr: principal?.includes('@') ? principal : undefined,
  });
}

/** The acting process of an FDR event: `ContextProcessId` (Falcon's process id). */
export function fdrActor(record: RecordReader): OcsfPart {
  const uid = record.string('ContextProcessId');
  return compact({
    process: uid
      ? compact({
          uid,
          pid: record.number('RawProcessId'),
          name: record.string('ContextBaseFileName'),
        })
      : undefined,
    user: fdrUser(record),
  });
}

/** FDR fields every record carries that OCSF has no place for beyond metadata and device. */
export const FDR_COMMON = [
  'event_simpleName',
  'aid',
  'cid',
  'id',
  'timestamp',
  'ContextTimeStamp',
  'ComputerName',
  'event_platform',
];
