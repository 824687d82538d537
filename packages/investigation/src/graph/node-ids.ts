import { type Fields, text } from './ocsf-fields.js';

/**
 * Node ids of the investigation graph: `<kind>:<key>`, the key normalised so the same entity from
 * two sources gets the same id (host names and Windows paths in lower case, user names as
 * `domain\name` in lower case).
 */

/** `host:<lower-case name>`. */
export function hostNodeId(name: string): string {
  return `host:${name.toLowerCase()}`;
}

/** `process:<uid>`, the uid exactly as the source wrote it. */
export function processNodeId(uid: string): string {
  return `process:${uid}`;
}

/** `ip:<address>` (IPv6 in lower case). */
export function ipNodeId(address: string): string {
  return `ip:${address.toLowerCase()}`;
}

/** `domain:<lower-case name>` without a trailing dot. */
export function domainNodeId(name: string): string {
  return `domain:${name.toLowerCase().replace(/\.$/, '')}`;
}

/** Whether a path is a Windows path (drive letter, UNC or registry hive), compared without case. */
function isWindowsPath(path: string): boolean {
  return /^[a-z]:[\\/]|^\\\\|\\/i.test(path);
}

/** `file:<path>`, Windows paths in lower case. */
export function fileNodeId(path: string): string {
  return `file:${isWindowsPath(path) ? path.toLowerCase() : path}`;
}

/** `registry_key:<lower-case path>`. */
export function registryNodeId(path: string): string {
  return `registry_key:${path.toLowerCase()}`;
}

/** `cloud_resource:<uid>`. */
export function cloudResourceNodeId(uid: string): string {
  return `cloud_resource:${uid}`;
}

/** `finding:<uid>`. */
export function findingNodeId(uid: string): string {
  return `finding:${uid}`;
}

/** `url:<url>`. */
export function urlNodeId(url: string): string {
  return `url:${url}`;
}

/** Placeholder values Windows writes for "none". */
const EMPTY_VALUES = new Set(['-', '', 'n/a', 'null', 'unknown']);

/** A name that is really there (not `-` or `N/A`). */
export function realName(value: unknown): string | undefined {
  const name = text(value);
  return name === undefined || EMPTY_VALUES.has(name.toLowerCase()) ? undefined : name;
}

/** A user as the graph names it. */
export interface UserRef {
  /**
   * The node id: `user:<name>` in lower case without the domain (so `EXAMPLE\user01` and
   * `user01` meet, as in the timeline's entities), else `user:<uid>`.
   */
  id: string;
  /** `DOMAIN\name` or the name as spelled, else the uid. */
  name: string;
  uid?: string | undefined;
  /** The node id of the uid (`user:<uid>`) when both a name and a per-user uid are known. */
  uidId?: string | undefined;
}

/** Well-known SIDs shared by every machine (`S-1-5-18` is each host's SYSTEM). */
function isSharedSid(uid: string): boolean {
  return /^S-1-5-(18|19|20)$|^S-1-5-32-|^S-1-0-|^S-1-1-0$/i.test(uid);
}

/** `user:<lower-case name without the domain>`. */
export function userNodeId(name: string): string {
  const bare = name.includes('\\') ? name.slice(name.lastIndexOf('\\') + 1) : name;
  return `user:${bare.toLowerCase()}`;
}

/** The user named by an OCSF `user` object, or `undefined` when it names none. */
export function userRef(user: Fields | undefined): UserRef | undefined {
  if (user === undefined) return undefined;
  const name = realName(user.name) ?? realName(user.email_addr);
  const domain = realName(user.domain);
  const uid = realName(user.uid);
  if (name !== undefined) {
    const display = domain !== undefined && !name.includes('\\') ? `${domain}\\${name}` : name;
    const uidId =
      uid !== undefined && !isSharedSid(uid) ? `user:${uid.toLowerCase()}` : undefined;
    return { id: userNodeId(name), name: display, uid, uidId };
  }
  if (uid !== undefined) return { id: `user:${uid.toLowerCase()}`, name: uid, uid };
  return undefined;
}

/** Whether a string is an IPv4 or IPv6 address. */
export function isIpAddress(value: string): boolean {
  return (
    /^\d{1,3}(\.\d{1,3}){3}$/.test(value) || (/^[0-9a-f:]+$/i.test(value) && value.includes(':'))
  );
}

/** Whether an address is the unspecified address (`0.0.0.0`, `::`), which names no peer. */
export function isUnspecifiedIp(address: string): boolean {
  return address === '0.0.0.0' || (address.includes(':') && /^[0:]+$/.test(address));
}
