/**
 * Normalisation of indicator and event values so that equal things compare equal: IP
 * addresses and CIDR blocks as bytes, domains lower-cased without the trailing dot, URLs in a
 * canonical form, e-mail addresses and hashes lower-cased.
 */

/** An IP address as bytes: 4 for IPv4, 16 for IPv6. */
export type IpBytes = Uint8Array;

/** A parsed CIDR block. */
export interface CidrBlock {
  /** The network address (host bits cleared). */
  readonly bytes: IpBytes;
  /** Prefix length in bits. */
  readonly prefix: number;
}

/** Parses an IPv4 address (`192.0.2.1`) into 4 bytes, or `undefined`. */
export function parseIpv4(text: string): IpBytes | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(4);
  for (let index = 0; index < 4; index += 1) {
    const part = parts[index] as string;
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    bytes[index] = value;
  }
  return bytes;
}

/** Parses an IPv6 address (`2001:db8::1`, `::ffff:192.0.2.1`) into 16 bytes, or `undefined`. */
export function parseIpv6(text: string): IpBytes | undefined {
  let source = text;
  const zone = source.indexOf('%');
  if (zone >= 0) source = source.slice(0, zone);
  if (source.startsWith('[') && source.endsWith(']')) source = source.slice(1, -1);
  if (!source.includes(':')) return undefined;
  const lastColon = source.lastIndexOf(':');
  const last = source.slice(lastColon + 1);
  if (last.includes('.')) {
    const v4 = parseIpv4(last);
    if (v4 === undefined) return undefined;
    const high = (((v4[0] as number) << 8) | (v4[1] as number)).toString(16);
    const low = (((v4[2] as number) << 8) | (v4[3] as number)).toString(16);
    source = `${source.slice(0, lastColon + 1)}${high}:${low}`;
  }
  const halves = source.split('::');
  if (halves.length > 2) return undefined;
  const parseGroups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups: number[] = [];
    for (const group of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
      groups.push(Number.parseInt(group, 16));
    }
    return groups;
  };
  const head = parseGroups(halves[0] as string);
  const rest = halves.length === 2 ? parseGroups(halves[1] as string) : [];
  if (head === undefined || rest === undefined) return undefined;
  const total = head.length + rest.length;
  let groups: number[];
  if (halves.length === 2) {
    if (total > 7) return undefined;
    groups = [...head, ...new Array<number>(8 - total).fill(0), ...rest];
  } else {
    if (total !== 8) return undefined;
    groups = head;
  }
  const bytes = new Uint8Array(16);
  groups.forEach((group, index) => {
    bytes[index * 2] = group >> 8;
    bytes[index * 2 + 1] = group & 0xff;
  });
  return bytes;
}

/**
 * Parses an IPv4 or IPv6 address. IPv4-mapped IPv6 addresses (`::ffff:192.0.2.1`) are
 * returned as IPv4.
 */
export function parseIp(text: string): IpBytes | undefined {
  const trimmed = text.trim();
  const v4 = parseIpv4(trimmed);
  if (v4 !== undefined) return v4;
  const v6 = parseIpv6(trimmed);
  if (v6 === undefined) return undefined;
  let mapped = true;
  for (let index = 0; index < 10; index += 1) if (v6[index] !== 0) mapped = false;
  if (mapped && v6[10] === 0xff && v6[11] === 0xff) return v6.slice(12);
  return v6;
}

/** Formats IP bytes canonically: dotted IPv4, or eight full lower-case hex groups for IPv6. */
export function formatIp(bytes: IpBytes): string {
  if (bytes.length === 4) return bytes.join('.');
  const groups: string[] = [];
  for (let index = 0; index < 16; index += 2)
    groups.push((((bytes[index] as number) << 8) | (bytes[index + 1] as number)).toString(16));
  return groups.join(':');
}

/** Parses `192.0.2.0/24`, `2001:db8::/32` or a bare address (a host block). */
export function parseCidr(text: string): CidrBlock | undefined {
  const slash = text.indexOf('/');
  const address = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (address === undefined) return undefined;
  const bits = address.length * 8;
  let prefix = bits;
  if (slash >= 0) {
    const prefixText = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(prefixText)) return undefined;
    prefix = Number(prefixText);
    // An IPv4-mapped IPv6 block: drop the 96 mapped bits.
    if (address.length === 4 && text.includes(':')) prefix -= 96;
    if (prefix < 0 || prefix > bits) return undefined;
  }
  const network = address.slice();
  for (let bit = prefix; bit < bits; bit += 1)
    network[bit >> 3] = (network[bit >> 3] as number) & ~(0x80 >> (bit & 7));
  return { bytes: network, prefix };
}

/** True when `address` lies in `block`. */
export function cidrContains(block: CidrBlock, address: IpBytes): boolean {
  if (block.bytes.length !== address.length) return false;
  for (let bit = 0; bit < block.prefix; bit += 8) {
    const remaining = block.prefix - bit;
    const mask = remaining >= 8 ? 0xff : (0xff << (8 - remaining)) & 0xff;
    if (((block.bytes[bit >> 3] as number) & mask) !== ((address[bit >> 3] as number) & mask))
      return false;
  }
  return true;
}

/** Lower-cases a domain and removes a trailing dot; `undefined` when it is not a host name. */
export function normalizeDomain(text: string): string | undefined {
  let domain = text.trim().toLowerCase();
  if (domain.endsWith('.')) domain = domain.slice(0, -1);
  if (domain.length === 0 || domain.length > 253) return undefined;
  if (!/^[a-z0-9_*]([a-z0-9_.*-]*[a-z0-9_])?$/.test(domain) || domain.includes('..'))
    return undefined;
  return domain;
}

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443', 'ftp:': '21' };

/**
 * Normalises a URL for matching: scheme-less URLs get `http://`; the host is lower-cased
 * (IDNA by WHATWG URL), default ports, fragments, credentials and a lone trailing `/` are
 * removed, dot segments resolved and percent-encoding made canonical. The scheme is kept
 * out of the key, so `http://` and `https://` forms of one URL match each other.
 * Returns `undefined` when it is not a URL.
 */
export function normalizeUrl(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed.length === 0) return undefined;
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`);
  } catch {
    return undefined;
  }
  if (url.hostname === '') return undefined;
  const port = url.port === '' || DEFAULT_PORTS[url.protocol] === url.port ? '' : `:${url.port}`;
  const path = url.pathname === '/' ? '' : url.pathname;
  return `${url.hostname}${port}${path}${url.search}`;
}

/** Lower-cases and trims an e-mail address; `undefined` when it has no single `@`. */
export function normalizeEmail(text: string): string | undefined {
  let address = text.trim();
  const angle = /<([^>]+)>/.exec(address);
  if (angle !== null) address = angle[1] as string;
  address = address.toLowerCase();
  const at = address.indexOf('@');
  if (at <= 0 || at !== address.lastIndexOf('@') || at === address.length - 1) return undefined;
  return address;
}

/** The hash algorithms the matcher knows, with their hex lengths. */
export const HASH_LENGTHS = { md5: 32, sha1: 40, sha256: 64, sha512: 128 } as const;

/** A hash algorithm the matcher knows. */
export type HashAlgorithm = keyof typeof HASH_LENGTHS;

/** Maps `MD5`, `SHA-1`, `SHA1`, `sha-256`, … to a {@link HashAlgorithm}. */
export function hashAlgorithm(name: string): HashAlgorithm | undefined {
  const key = name.toLowerCase().replace(/[-_\s]/g, '');
  return key === 'md5' || key === 'sha1' || key === 'sha256' || key === 'sha512' ? key : undefined;
}

/** The algorithm a hex digest's length implies, or `undefined`. */
export function hashAlgorithmOfDigest(hex: string): HashAlgorithm | undefined {
  if (!/^[0-9a-fA-F]+$/.test(hex)) return undefined;
  switch (hex.length) {
    case 32:
      return 'md5';
    case 40:
      return 'sha1';
    case 64:
      return 'sha256';
    case 128:
      return 'sha512';
    default:
      return undefined;
  }
}
