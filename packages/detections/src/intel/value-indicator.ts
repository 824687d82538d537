/**
 * Indicators from bare values (list lines, CSV cells, MISP attributes): the value's kind is
 * detected or given, and turned into the equivalent STIX pattern.
 */
import { stixString } from './indicator.js';
import {
  hashAlgorithmOfDigest,
  normalizeDomain,
  normalizeEmail,
  normalizeUrl,
  parseCidr,
} from './normalize.js';

/** The kinds of bare indicator value. */
export type IndicatorValueKind =
  | 'ip'
  | 'domain'
  | 'url'
  | 'email'
  | 'md5'
  | 'sha1'
  | 'sha256'
  | 'sha512';

const STIX_HASH_NAME: Record<string, string> = {
  md5: 'MD5',
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha512: 'SHA-512',
};

/** Detects the kind of a bare value: IP or CIDR, hash by length, e-mail, URL, domain. */
export function detectIndicatorKind(value: string): IndicatorValueKind | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  if (parseCidr(text) !== undefined) return 'ip';
  const hash = hashAlgorithmOfDigest(text);
  if (hash !== undefined) return hash;
  if (text.includes('@') && !text.includes('/') && normalizeEmail(text) !== undefined)
    return 'email';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || text.includes('/')) {
    return normalizeUrl(text) === undefined ? undefined : 'url';
  }
  if (normalizeDomain(text) !== undefined && text.includes('.')) return 'domain';
  return undefined;
}

/**
 * The STIX pattern of a bare value of a kind, or `undefined` when the value is not valid for
 * that kind.
 */
export function patternForValue(kind: IndicatorValueKind, value: string): string | undefined {
  const text = value.trim();
  switch (kind) {
    case 'ip': {
      const block = parseCidr(text);
      if (block === undefined) return undefined;
      return `[${block.bytes.length === 4 ? 'ipv4-addr' : 'ipv6-addr'}:value = ${stixString(text)}]`;
    }
    case 'domain':
      return normalizeDomain(text) === undefined
        ? undefined
        : `[domain-name:value = ${stixString(text)}]`;
    case 'url':
      return normalizeUrl(text) === undefined ? undefined : `[url:value = ${stixString(text)}]`;
    case 'email':
      return normalizeEmail(text) === undefined
        ? undefined
        : `[email-addr:value = ${stixString(text)}]`;
    default:
      return hashAlgorithmOfDigest(text) === kind
        ? `[file:hashes.'${STIX_HASH_NAME[kind]}' = ${stixString(text.toLowerCase())}]`
        : undefined;
  }
}
