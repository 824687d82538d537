import { isRecord, type JsonRecord } from '@openmdr/connector-kit/normalize';

/** The Zeek logs this connector reads, one stream each. */
export const ZEEK_LOGS = [
  'conn',
  'dns',
  'http',
  'ssl',
  'x509',
  'files',
  'notice',
  'weird',
  'ssh',
  'smtp',
  'ftp',
  'rdp',
  'dhcp',
  'kerberos',
  'ntlm',
  'smb_files',
  'smb_mapping',
  'dce_rpc',
] as const;

/** A Zeek log name (`_path`, `#path`, the file name's stem). */
export type ZeekLog = (typeof ZEEK_LOGS)[number];

const LOG_NAMES: ReadonlySet<string> = new Set(ZEEK_LOGS);

/**
 * The connector's stream id of a log: the log name in kebab-case (`smb_files` → `smb-files`),
 * as stream ids are.
 */
export type ZeekStreamId = ReturnType<typeof zeekStreamId>;

/** The stream id of a log (`dce_rpc` → `dce-rpc`). */
export function zeekStreamId<Log extends ZeekLog>(log: Log): KebabLog<Log> {
  return log.replaceAll('_', '-') as KebabLog<Log>;
}

/** A log name with `_` replaced by `-`. */
export type KebabLog<Log extends string> = Log extends `${infer Head}_${infer Tail}`
  ? `${Head}-${KebabLog<Tail>}`
  : Log;

/** True for the name of a log this connector reads. */
export function isZeekLog(name: unknown): name is ZeekLog {
  return typeof name === 'string' && LOG_NAMES.has(name);
}

/**
 * The log a `_path` or `#path` names: the name itself, or a Corelight/Zeek variant of it
 * (`conn_red`, `dns_long`, `http_2`, `files_red`) mapped to its base log; `undefined` otherwise.
 */
export function zeekLogOfPath(path: unknown): ZeekLog | undefined {
  if (typeof path !== 'string') return undefined;
  if (isZeekLog(path)) return path;
  for (const log of ZEEK_LOGS) {
    if (path.startsWith(`${log}_`) && !isZeekLog(path)) return log;
  }
  return undefined;
}

/**
 * The log a file name names: `conn.log`, `conn.00:00:00-01:00:00.log.gz`, `dns.log.1`,
 * `/var/log/zeek/current/smb_files.log` — the stem before the first dot.
 */
export function zeekLogOfFileName(path: string): ZeekLog | undefined {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  return zeekLogOfPath(name.split('.')[0]);
}

const has = (record: JsonRecord, ...keys: string[]): boolean =>
  keys.some((key) => record[key] !== undefined);

/**
 * Tells a record's log by its fields alone (for records with neither `_path` nor a file name):
 * each log has fields no other log of {@link ZEEK_LOGS} has. `undefined` when none matches.
 */
export function zeekLogOfShape(record: unknown): ZeekLog | undefined {
  if (!isRecord(record)) return undefined;
  if (has(record, 'note')) return 'notice';
  if (has(record, 'certificate.serial', 'certificate.subject', 'certificate')) return 'x509';
  if (has(record, 'qtype_name', 'qclass', 'rcode_name', 'TTLs')) return 'dns';
  if (has(record, 'request_type') && has(record, 'client', 'service')) return 'kerberos';
  if (has(record, 'server_nb_computer_name', 'server_dns_computer_name')) return 'ntlm';
  if (has(record, 'domainname') && has(record, 'username')) return 'ntlm';
  if (has(record, 'share_type', 'native_file_system')) return 'smb_mapping';
  if (has(record, 'named_pipe') || (has(record, 'endpoint') && has(record, 'operation')))
    return 'dce_rpc';
  if (typeof record['action'] === 'string' && String(record['action']).startsWith('SMB::'))
    return 'smb_files';
  if (has(record, 'mailfrom', 'rcptto', 'helo')) return 'smtp';
  if (has(record, 'cookie', 'keyboard_layout', 'security_protocol')) return 'rdp';
  if (has(record, 'msg_types', 'assigned_addr', 'lease_time')) return 'dhcp';
  if (has(record, 'hassh', 'hasshServer', 'auth_attempts', 'host_key')) return 'ssh';
  if (has(record, 'cipher', 'server_name', 'ja3', 'resumed')) return 'ssl';
  if (has(record, 'method', 'status_code', 'user_agent', 'trans_depth')) return 'http';
  if (has(record, 'reply_code') || (has(record, 'command') && has(record, 'arg'))) return 'ftp';
  if (has(record, 'fuid') && has(record, 'mime_type', 'seen_bytes', 'total_bytes', 'source'))
    return 'files';
  if (has(record, 'name') && has(record, 'addl', 'notice', 'peer')) return 'weird';
  if (has(record, 'conn_state', 'history', 'orig_bytes', 'orig_pkts')) return 'conn';
  return undefined;
}
