import type { SigmaFieldGetter } from '../field-access.js';

/**
 * How a Sigma field is read from an OCSF attribute:
 *
 * - `value` — the attribute as it is;
 * - `account` — an OCSF `user` object written back as Windows writes it: `DOMAIN\name`;
 * - `hashes` — `file.hashes` written back as Sysmon's `Hashes` (`MD5=…,SHA256=…,IMPHASH=…`);
 * - `md5`, `sha1`, `sha256`, `imphash` — one fingerprint of `file.hashes`;
 * - `registry-value-path` — `reg_value.path` + `\` + `reg_value.name` (Sysmon `TargetObject`);
 * - `hex` — an integer written as `0x…` lowercase hexadecimal (Sysmon `GrantedAccess`);
 * - `event-code` — `metadata.event_code` as a number (Windows `EventID`);
 * - `outbound` — `connection_info.direction_id` as Sysmon's `Initiated` (`'true'`/`'false'`);
 * - `ipv6` — `connection_info.protocol_ver_id` as Sysmon's `…IsIpv6` (`'true'`/`'false'`);
 * - `windows-logon-type` — `logon_type_id` back to the Windows logon type number;
 * - `joined` — an array of strings (or of objects' `rdata`) joined with `;`, or with spaces for
 *   `privileges`;
 * - `registry-event-type` — the Sysmon `EventType` (`CreateKey`, `SetValue`, …) from class and
 *   activity;
 * - `url-uri` — an OCSF `url` object back to the request target (`path?query_string`, or
 *   `url_string` without a path), as Zeek's `uri` and proxy logs' `c-uri`;
 * - `url-uri-and-string` — both the request target and `url_string` (the full URL), as a list,
 *   for proxy logs' `c-uri`, which SigmaHQ rules read either way;
 * - `url-extension` — the extension of `url.path` (`exe`), as proxy logs' `c-uri-extension`;
 * - `rdata` — the `rdata` of each DNS answer, as a list (Zeek's `answers`);
 * - `seconds` — milliseconds back to seconds (Zeek's `duration`);
 * - `dns-rcode-name` — `rcode_id` as Zeek's `rcode_name` (`NOERROR`, `NXDOMAIN`, …);
 * - `kerberos-request-type` — Authentication `activity_id` as Zeek's `request_type` (`AS`,
 *   `TGS`), else `activity_name`;
 * - `principal` — an OCSF `user` as a Kerberos principal, `name@domain`;
 * - `success` — `status_id` as a boolean (1 Success → `true`, 2 Failure → `false`);
 * - `smb-name` — `file.path` without the share prefix (Zeek smb_files' `name`);
 * - `aws-user-type` — CloudTrail's `userIdentity.type` (`Root`, `IAMUser`, `AssumedRole`…): a
 *   string as it is, or an OCSF `user`'s `type`, else its `type_id` back to AWS's word (1
 *   `IAMUser`, 2 `Root`, 4 `AWSService`, 0 `Unknown`);
 * - `aws-arn` — a value only when it is an ARN (`arn:…`): `actor.user.uid` holds the principal
 *   id of an identity without an ARN;
 * - `aws-principal-id` — a value only when it is not an ARN.
 */
export type OcsfReadKind =
  | 'value'
  | 'account'
  | 'hashes'
  | 'md5'
  | 'sha1'
  | 'sha256'
  | 'imphash'
  | 'registry-value-path'
  | 'hex'
  | 'event-code'
  | 'outbound'
  | 'ipv6'
  | 'windows-logon-type'
  | 'joined'
  | 'registry-event-type'
  | 'url-uri'
  | 'url-uri-and-string'
  | 'url-extension'
  | 'rdata'
  | 'seconds'
  | 'dns-rcode-name'
  | 'kerberos-request-type'
  | 'principal'
  | 'success'
  | 'smb-name'
  | 'aws-user-type'
  | 'aws-arn'
  | 'aws-principal-id';

const pathCache = new Map<string, (event: unknown) => unknown>();

/** A getter for a dotted OCSF attribute path (`process.file.path`); one function per path. */
export function pathGetter(path: string): (event: unknown) => unknown {
  let getter = pathCache.get(path);
  if (getter !== undefined) return getter;
  const keys = path.split('.');
  if (keys.length === 1) {
    const [key] = keys as [string];
    getter = (event) =>
      typeof event === 'object' && event !== null
        ? (event as Record<string, unknown>)[key]
        : undefined;
  } else {
    getter = (event) => {
      let current: unknown = event;
      for (const key of keys) {
        if (typeof current !== 'object' || current === null) return undefined;
        current = (current as Record<string, unknown>)[key];
      }
      return current;
    };
  }
  pathCache.set(path, getter);
  return getter;
}

const sysmonHashNames: Record<number, string> = {
  1: 'MD5',
  2: 'SHA1',
  3: 'SHA256',
  4: 'SHA512',
  9: 'SHA384',
  18: 'IMPHASH',
};

const hashIds: Record<string, number> = { md5: 1, sha1: 2, sha256: 3, imphash: 18 };

interface Fingerprint {
  algorithm_id?: unknown;
  algorithm?: unknown;
  value?: unknown;
}

function fingerprints(value: unknown): Fingerprint[] | undefined {
  return Array.isArray(value) ? (value as Fingerprint[]) : undefined;
}

const windowsLogonTypes: Record<number, number> = { 1: 0 };

const registryEventTypes: Record<string, string> = {
  '201001:1': 'CreateKey',
  '201001:4': 'DeleteKey',
  '201001:5': 'RenameKey',
  '201002:2': 'SetValue',
  '201002:3': 'SetValue',
  '201002:4': 'DeleteValue',
};

const dnsRcodeNames: readonly string[] = [
  'NOERROR',
  'FORMERR',
  'SERVFAIL',
  'NXDOMAIN',
  'NOTIMP',
  'REFUSED',
  'YXDOMAIN',
  'YXRRSET',
  'NXRRSET',
  'NOTAUTH',
  'NOTZONE',
];

/** CloudTrail `userIdentity.type` of an OCSF `user.type_id` that is not Other (99). */
const awsUserTypes: Readonly<Record<number, string>> = {
  0: 'Unknown',
  1: 'IAMUser',
  2: 'Root',
  4: 'AWSService',
};

/** An OCSF `url` object's request target: `path?query_string`, else `url_string`. */
function requestTarget(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const url = value as { path?: unknown; query_string?: unknown; url_string?: unknown };
  const path = typeof url.path === 'string' ? url.path : undefined;
  const query = typeof url.query_string === 'string' ? url.query_string : undefined;
  if (path === undefined && query === undefined) {
    return typeof url.url_string === 'string' ? url.url_string : undefined;
  }
  return query === undefined ? (path as string) : `${path ?? ''}?${query}`;
}

/** Builds the reader of one attribute path with one {@link OcsfReadKind}. */
export function readerFor(path: string, kind: OcsfReadKind): SigmaFieldGetter {
  const get = pathGetter(path);
  switch (kind) {
    case 'value':
      return get;
    case 'account':
      return (event) => {
        const user = get(event) as { name?: unknown; domain?: unknown } | undefined;
        if (typeof user !== 'object' || user === null || typeof user.name !== 'string')
          return undefined;
        return typeof user.domain === 'string' && user.domain !== ''
          ? `${user.domain}\\${user.name}`
          : user.name;
      };
    case 'hashes':
      return (event) => {
        const list = fingerprints(get(event));
        if (list === undefined) return undefined;
        return list
          .map((fingerprint) => {
            const name =
              sysmonHashNames[fingerprint.algorithm_id as number] ??
              String(fingerprint.algorithm ?? '');
            return `${name}=${String(fingerprint.value ?? '')}`;
          })
          .join(',');
      };
    case 'md5':
    case 'sha1':
    case 'sha256':
    case 'imphash': {
      const id = hashIds[kind];
      return (event) => fingerprints(get(event))?.find((entry) => entry.algorithm_id === id)?.value;
    }
    case 'registry-value-path':
      return (event) => {
        const value = get(event) as { path?: unknown; name?: unknown } | undefined;
        if (typeof value !== 'object' || value === null || typeof value.path !== 'string')
          return undefined;
        return typeof value.name === 'string' ? `${value.path}\\${value.name}` : value.path;
      };
    case 'hex':
      return (event) => {
        const value = get(event);
        return typeof value === 'number' ? `0x${value.toString(16)}` : value;
      };
    case 'event-code':
      return (event) => {
        const value = get(event);
        if (typeof value !== 'string') return value;
        const number = Number(value);
        return Number.isInteger(number) ? number : value;
      };
    case 'outbound':
      return (event) => {
        const value = get(event);
        return value === 2 ? 'true' : value === 1 ? 'false' : undefined;
      };
    case 'ipv6':
      return (event) => {
        const value = get(event);
        return value === 6 ? 'true' : value === 4 ? 'false' : undefined;
      };
    case 'windows-logon-type':
      return (event) => {
        const value = get(event);
        if (typeof value !== 'number') return undefined;
        if (value === 99) {
          const label = pathGetter(path.replace(/_id$/, ''))(event);
          const number = Number(label);
          return Number.isInteger(number) ? number : label;
        }
        return windowsLogonTypes[value] ?? value;
      };
    case 'joined':
      return (event) => {
        const value = get(event);
        if (!Array.isArray(value)) return value;
        const parts = value.map((item) =>
          typeof item === 'object' && item !== null ? (item as { rdata?: unknown }).rdata : item,
        );
        return path.endsWith('privileges') ? parts.join(' ') : `${parts.join(';')};`;
      };
    case 'url-uri':
      return (event) => requestTarget(get(event));
    case 'url-uri-and-string':
      return (event) => {
        const url = get(event);
        const target = requestTarget(url);
        const full = (url as { url_string?: unknown } | undefined)?.url_string;
        if (typeof full !== 'string' || full === target) return target;
        return target === undefined ? full : [target, full];
      };
    case 'url-extension':
      return (event) => {
        const path = (get(event) as { path?: unknown } | undefined)?.path;
        if (typeof path !== 'string') return undefined;
        const name = path.slice(path.lastIndexOf('/') + 1);
        const dot = name.lastIndexOf('.');
        return dot <= 0 ? undefined : name.slice(dot + 1);
      };
    case 'rdata':
      return (event) => {
        const value = get(event);
        if (!Array.isArray(value)) return undefined;
        return value
          .map((answer) => (answer as { rdata?: unknown } | null)?.rdata)
          .filter((rdata) => rdata !== undefined);
      };
    case 'seconds':
      return (event) => {
        const value = get(event);
        return typeof value === 'number' ? value / 1000 : value;
      };
    case 'dns-rcode-name':
      return (event) => {
        const value = get(event);
        return typeof value === 'number'
          ? (dnsRcodeNames[value] ?? pathGetter('rcode')(event))
          : undefined;
      };
    case 'kerberos-request-type':
      return (event) => {
        const value = get(event);
        if (value === 3) return 'AS';
        if (value === 4) return 'TGS';
        return pathGetter('activity_name')(event);
      };
    case 'principal':
      return (event) => {
        const user = get(event) as { name?: unknown; domain?: unknown } | undefined;
        if (typeof user !== 'object' || user === null || typeof user.name !== 'string')
          return undefined;
        return typeof user.domain === 'string' && user.domain !== ''
          ? `${user.name}@${user.domain}`
          : user.name;
      };
    case 'success':
      return (event) => {
        const value = get(event);
        return value === 1 ? true : value === 2 ? false : undefined;
      };
    case 'smb-name':
      return (event) => {
        const value = get(event);
        const share = pathGetter('share')(event);
        if (typeof value !== 'string' || typeof share !== 'string') return value;
        return value.startsWith(`${share}\\`) ? value.slice(share.length + 1) : value;
      };
    case 'aws-user-type':
      return (event) => {
        const value = get(event);
        if (typeof value === 'string') return value;
        if (typeof value !== 'object' || value === null) return undefined;
        const user = value as { type?: unknown; type_id?: unknown };
        if (typeof user.type === 'string') return user.type;
        return typeof user.type_id === 'number' ? awsUserTypes[user.type_id] : undefined;
      };
    case 'aws-arn':
      return (event) => {
        const value = get(event);
        return typeof value === 'string' && value.startsWith('arn:') ? value : undefined;
      };
    case 'aws-principal-id':
      return (event) => {
        const value = get(event);
        return typeof value === 'string' && value.startsWith('arn:') ? undefined : value;
      };
    case 'registry-event-type':
      return (event) => {
        const record = event as { class_uid?: unknown; activity_id?: unknown; unmapped?: unknown };
        return registryEventTypes[`${String(record.class_uid)}:${String(record.activity_id)}`];
      };
  }
}
