/**
 * Domain names for the DNS analytics: normalisation, the registered domain (the name a
 * registrant controls, `example.co.uk` for `a.b.example.co.uk`) and internal names.
 *
 * The package ships no Public Suffix List, so the registered domain is a small, documented
 * heuristic: the last two labels, or the last three when the top-level domain is a two-letter
 * country code and the second-level label is one of the generic registration labels that
 * country registries use (`co`, `com`, `net`, `org`, `ac`, `gov`, `edu`, `or`, `ne`, `go`, …):
 * `example.co.uk`, `example.com.au`, `example.co.jp`. It is right for the names DGAs and
 * tunnels use (registrable names under generic and country TLDs) and wrong for private
 * suffixes (`s3.amazonaws.com`, `cloudfront.net` stay under `amazonaws.com`, `cloudfront.net`),
 * which the analytics then treat as one shared domain — what they need to stay quiet on CDN
 * host names.
 */

/** Second-level labels under which country-code registries register names. */
const COUNTRY_SECOND_LEVEL = new Set([
  'ac',
  'co',
  'com',
  'edu',
  'gob',
  'go',
  'gov',
  'ltd',
  'mil',
  'ne',
  'net',
  'nic',
  'or',
  'org',
  'plc',
  'sch',
]);

/**
 * Top-level names that never reach the public DNS: RFC 6761/6762/8375 special-use names and the
 * suffixes sites commonly give their internal zones. Queries for them are internal lookups
 * (search-list expansions, mDNS, Active Directory), not DGA or tunnel traffic.
 */
const INTERNAL_TOP_LEVEL = new Set([
  'arpa',
  'corp',
  'example',
  'home',
  'internal',
  'intranet',
  'invalid',
  'lan',
  'local',
  'localdomain',
  'localhost',
  'private',
  'test',
]);

/**
 * A host name lower-cased, without a trailing dot; `undefined` for an empty value or an IP
 * address literal.
 */
export function normaliseHostname(name: string): string | undefined {
  let host = name.trim().toLowerCase();
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (host === '' || host.includes(':') || /^[\d.]+$/.test(host)) return undefined;
  return host;
}

/**
 * The registered domain of a normalised host name (see the module notes for the heuristic);
 * a single-label name is its own registered domain.
 */
export function registeredDomain(host: string): string {
  const last = host.lastIndexOf('.');
  if (last < 0) return host;
  const second = host.lastIndexOf('.', last - 1);
  if (second < 0) return host;
  const top = host.slice(last + 1);
  const secondLevel = host.slice(second + 1, last);
  if (top.length === 2 && COUNTRY_SECOND_LEVEL.has(secondLevel)) {
    const third = host.lastIndexOf('.', second - 1);
    return third < 0 ? host : host.slice(third + 1);
  }
  return host.slice(second + 1);
}

/** The labels of `host` left of its registered domain, joined by dots (`''` when none). */
export function subdomainOf(host: string, registered: string): string {
  return host.length > registered.length ? host.slice(0, host.length - registered.length - 1) : '';
}

/**
 * Whether a normalised host name is internal: a single label (an unqualified name, or a
 * browser's random intranet-redirect probe) or a name under an internal or special-use
 * top-level label (`.local`, `.lan`, `.corp`, `.internal`, `.arpa`, `home.arpa`, …), or under
 * one of `extraSuffixes` (a tenant's own Active Directory domains, say).
 */
export function isInternalName(host: string, extraSuffixes: readonly string[] = []): boolean {
  const last = host.lastIndexOf('.');
  if (last < 0) return true;
  if (INTERNAL_TOP_LEVEL.has(host.slice(last + 1))) return true;
  for (const suffix of extraSuffixes)
    if (host === suffix || host.endsWith(`.${suffix}`)) return true;
  return false;
}

/** Whether `host` is `domain` or a name under it. */
export function isUnder(host: string, domain: string): boolean {
  return (
    host === domain ||
    (host.endsWith(domain) && host.charCodeAt(host.length - domain.length - 1) === 46)
  );
}
