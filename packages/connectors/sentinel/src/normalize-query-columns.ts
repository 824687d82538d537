import { compact, isRecord, type OcsfPart, validIp } from '@openmdr/connector-kit/normalize';
import { jsonOf } from './normalize-common.js';

/**
 * Well-known Log Analytics columns and what they are, in order of preference: the first column
 * of a list that a row fills is used. A dotted name reads into a column of JSON text
 * (`InitiatedBy` of `AuditLogs`). Every column also stays in `unmapped`.
 */
export const QUERY_COLUMNS = {
  /** The host the row is about (`device.hostname`): SecurityEvent, Syslog, Heartbeat, MDE. */
  hostname: ['Computer', 'DeviceName', 'HostName', 'Hostname', 'DvcHostname', 'ComputerName'],
  /** The user who acted (`actor.user.name`): sign-ins, Windows, Azure, Office, MDE, CEF. */
  user: [
    'UserPrincipalName',
    'InitiatedBy.user.userPrincipalName',
    'Caller',
    'UserId',
    'Account',
    'SubjectUserName',
    'InitiatingProcessAccountUpn',
    'AccountName',
    'SourceUserName',
    'ActorUsername',
  ],
  /** IP addresses (`observables` of type IP Address, named after their column). */
  ip: [
    'IPAddress',
    'IpAddress',
    'ClientIP',
    'CallerIpAddress',
    'SourceIP',
    'SrcIpAddr',
    'DestinationIP',
    'DstIpAddr',
    'HostIP',
    'RemoteIP',
    'InitiatedBy.user.ipAddress',
  ],
  /** What happened, in words (`message`). */
  message: ['Activity', 'OperationName', 'Operation', 'ActionType', 'SyslogMessage', 'Message'],
} as const;

/** Values that stand for no value in Windows and CEF columns. */
const NO_VALUE = new Set(['', '-', 'n/a', 'null', 'none']);

/** The string at a column or a dotted path into a column of JSON text. */
export function columnString(
  row: Readonly<Record<string, unknown>>,
  path: string,
): string | undefined {
  const [column = '', ...keys] = path.split('.');
  let value: unknown = row[column];
  for (const key of keys) {
    value = jsonOf(value);
    value = isRecord(value) ? value[key] : undefined;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return NO_VALUE.has(text.toLowerCase()) ? undefined : text;
}

/** The first of `paths` a row fills, with its path. */
export function firstColumn(
  row: Readonly<Record<string, unknown>>,
  paths: readonly string[],
): { path: string; value: string } | undefined {
  for (const path of paths) {
    const value = columnString(row, path);
    if (value !== undefined) return { path, value };
  }
  return undefined;
}

/** `actor.user` of a user column: `DOMAIN\\name` is split (`\\name` too), a UPN is kept whole. */
export function userOfColumn(value: string): OcsfPart {
  const slash = value.indexOf('\\');
  if (slash < 0 || slash === value.length - 1) return { name: value };
  return compact({ name: value.slice(slash + 1), domain: value.slice(0, slash) || undefined });
}

/** An IP address of a column, also when written with its port (`192.0.2.1:443`, `[2001:db8::1]:443`). */
export function ipOfColumn(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const withPort =
    /^\[([0-9a-f:.]+)\]:\d+$/i.exec(value) ?? /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(value);
  return validIp(withPort?.[1] ?? value);
}

/**
 * The Base Event attributes of the well-known columns of a row ({@link QUERY_COLUMNS}):
 * `device`, `actor` and `observables` (host name, user name and every IP address column).
 */
export function queryRowAttributes(row: Readonly<Record<string, unknown>>): OcsfPart {
  const host = firstColumn(row, QUERY_COLUMNS.hostname);
  const user = firstColumn(row, QUERY_COLUMNS.user);
  const observables: OcsfPart[] = [];
  if (host) observables.push({ name: 'device.hostname', type_id: 1, value: host.value });
  if (user)
    observables.push({
      name: 'actor.user.name',
      type_id: 4,
      value: userOfColumn(user.value)['name'],
    });
  for (const path of QUERY_COLUMNS.ip) {
    const ip = ipOfColumn(columnString(row, path));
    if (ip !== undefined) observables.push({ name: `unmapped.${path}`, type_id: 2, value: ip });
  }
  return compact({
    device: host ? { hostname: host.value, type_id: 0 } : undefined,
    actor: user ? { user: userOfColumn(user.value) } : undefined,
    observables: observables.length > 0 ? observables : undefined,
  });
}
