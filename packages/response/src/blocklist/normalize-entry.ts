import { isIPv4, isIPv6 } from 'node:net';
import type { Target } from '../actions/command.js';
import { BlocklistEntryError } from './blocklist-errors.js';
import type { BlocklistType } from './blocklist-types.js';

/** A command target as a blocklist entry. */
export interface BlocklistTarget {
  /** The list it goes on. */
  list: BlocklistType;
  /** The normalised value. */
  value: string;
}

function canonicalIpv6(address: string): string {
  return new URL(`http://[${address}]/`).hostname.slice(1, -1);
}

/**
 * Normalises an IPv4/IPv6 address or CIDR network: IPv6 in its compressed lowercase form, and a
 * single-host prefix (`/32`, `/128`) dropped so `1.2.3.4/32` and `1.2.3.4` are the same entry.
 * @throws BlocklistEntryError when it is neither.
 */
export function normalizeIpEntry(input: string): string {
  const [address = '', prefix, extra] = input.trim().split('/');
  const v4 = isIPv4(address);
  const v6 = !v4 && isIPv6(address);
  const max = v4 ? 32 : 128;
  const bits = prefix === undefined ? max : Number(prefix);
  if (
    (!v4 && !v6) ||
    extra !== undefined ||
    (prefix !== undefined && !/^\d{1,3}$/.test(prefix)) ||
    bits > max
  ) {
    throw new BlocklistEntryError(`${JSON.stringify(input)} is not an IP address or CIDR network`, {
      details: { value: input },
    });
  }
  const host = v6 ? canonicalIpv6(address) : address;
  return bits === max ? host : `${host}/${bits}`;
}

/**
 * Normalises a domain: lowercase, without a trailing dot.
 * @throws BlocklistEntryError when it is not a domain name.
 */
export function normalizeDomainEntry(input: string): string {
  const value = input.trim().toLowerCase().replace(/\.$/, '');
  if (
    !/^(?=.{1,253}$)(\*\.)?([a-z0-9_-]([a-z0-9_-]{0,61}[a-z0-9_-])?\.)+[a-z0-9-]{2,63}$/.test(value)
  ) {
    throw new BlocklistEntryError(`${JSON.stringify(input)} is not a domain name`, {
      details: { value: input },
    });
  }
  return value;
}

/**
 * Normalises a URL the way PAN-OS reads URL lists: without scheme, credentials or fragment, the
 * host in lowercase, then the port, path and query as given (`https://Evil.example/a?b` →
 * `evil.example/a?b`).
 * @throws BlocklistEntryError when it is not an absolute http(s) URL.
 */
export function normalizeUrlEntry(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch (cause) {
    throw new BlocklistEntryError(`${JSON.stringify(input)} is not a URL`, {
      cause,
      details: { value: input },
    });
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.host === '') {
    throw new BlocklistEntryError(`${JSON.stringify(input)} is not an http(s) URL`, {
      details: { value: input },
    });
  }
  return `${url.host}${url.pathname}${url.search}`;
}

/**
 * The list and normalised value of a command target (`ipv4_net`/`ipv6_net` → `ip`,
 * `domain_name` → `domain`, `uri` → `url`), or `undefined` for other targets.
 * @throws BlocklistEntryError when the value is malformed.
 */
export function blocklistTargetOf(target: Target): BlocklistTarget | undefined {
  if ('ipv4_net' in target) return { list: 'ip', value: normalizeIpEntry(target.ipv4_net) };
  if ('ipv6_net' in target) return { list: 'ip', value: normalizeIpEntry(target.ipv6_net) };
  if ('domain_name' in target)
    return { list: 'domain', value: normalizeDomainEntry(target.domain_name) };
  if ('uri' in target) return { list: 'url', value: normalizeUrlEntry(target.uri) };
  return undefined;
}
