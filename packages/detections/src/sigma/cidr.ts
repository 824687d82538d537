/**
 * The `cidr` modifier: IPv4 and IPv6 networks.
 *
 * @module
 */

/** A parsed network: the address as 16-bit groups (2 for IPv4, 8 for IPv6) and a prefix. */
export interface CidrNetwork {
  readonly version: 4 | 6;
  readonly groups: readonly number[];
  readonly prefix: number;
}

/** Parses `a.b.c.d/n` or an IPv6 network; a bare address is a host network. */
export function parseCidr(text: string): CidrNetwork | undefined {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const groups = parseIp(address.trim());
  if (groups === undefined) return undefined;
  const version = groups.length === 2 ? 4 : 6;
  // An IPv4-mapped IPv6 network (::ffff:a.b.c.d/112) is its IPv4 network.
  const mapped = version === 4 && address.includes(':');
  const bits = mapped ? 128 : version === 4 ? 32 : 128;
  const prefixText = slash < 0 ? String(bits) : text.slice(slash + 1).trim();
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  let prefix = Number(prefixText);
  if (prefix > bits) return undefined;
  if (mapped) {
    if (prefix < 96) return undefined;
    prefix -= 96;
  }
  return { version, groups, prefix };
}

/**
 * Parses an IPv4 address (two 16-bit groups) or an IPv6 address (eight groups, `::` and an
 * IPv4 tail accepted, a `%zone` dropped). IPv4-mapped IPv6 (`::ffff:a.b.c.d`) is returned as
 * IPv4.
 */
export function parseIp(text: string): number[] | undefined {
  if (text.includes(':')) return parseIpv6(text);
  return parseIpv4(text);
}

function parseIpv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    bytes.push(value);
  }
  return [
    ((bytes[0] as number) << 8) | (bytes[1] as number),
    ((bytes[2] as number) << 8) | (bytes[3] as number),
  ];
}

function parseIpv6(input: string): number[] | undefined {
  let text = input;
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = v4;
    const head = text.slice(0, lastColon);
    text = head.endsWith(':') ? `${head}:` : head;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups: number[] = [];
    for (const group of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
      groups.push(Number.parseInt(group, 16));
    }
    return groups;
  };
  const head = parse(halves[0] ?? '');
  const rest = halves.length === 2 ? parse(halves[1] ?? '') : [];
  if (head === undefined || rest === undefined) return undefined;
  const known = head.length + rest.length + tail.length;
  if (halves.length === 1 && known !== 8) return undefined;
  if (halves.length === 2 && known > 7) return undefined;
  const groups = [...head, ...new Array<number>(8 - known).fill(0), ...rest, ...tail];
  // IPv4-mapped: ::ffff:a.b.c.d
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6] as number, groups[7] as number];
  }
  return groups;
}

/** True when `groups` (from {@link parseIp}) lies inside `network`. */
export function inNetwork(groups: readonly number[], network: CidrNetwork): boolean {
  if (groups.length !== network.groups.length) return false;
  let remaining = network.prefix;
  for (let index = 0; index < groups.length && remaining > 0; index++) {
    const take = Math.min(16, remaining);
    const mask = (0xffff << (16 - take)) & 0xffff;
    if (((groups[index] as number) & mask) !== ((network.groups[index] as number) & mask)) {
      return false;
    }
    remaining -= take;
  }
  return true;
}
