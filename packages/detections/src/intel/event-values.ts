/**
 * Reads the values an indicator can match from an OCSF event: its `observables[]` (derived
 * with `deriveObservables` from `@openmdr/core` when the event has none) and well-known
 * attribute paths the observables do not cover (domains of endpoints, URL host names).
 */
import { deriveObservables, type OcsfObservable } from '@openmdr/core';
import type { IntelEventValues } from './compile-pattern.js';
import {
  hashAlgorithmOfDigest,
  normalizeDomain,
  normalizeEmail,
  normalizeUrl,
  parseIp,
} from './normalize.js';

/** Observable type ids read by the matcher. */
const HOSTNAME = 1;
const IP_ADDRESS = 2;
const EMAIL_ADDRESS = 5;
const URL_STRING = 6;
const HASH = 8;

/** Paths read in addition to the observables: domain-valued attributes without an observable id. */
const DOMAIN_PATHS: readonly string[] = [
  'src_endpoint.domain',
  'dst_endpoint.domain',
  'url.hostname',
  'http_request.url.hostname',
  'query.hostname',
];

function readPath(event: Record<string, unknown>, path: string): unknown {
  let current: unknown = event;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Creates an empty value set. */
export function emptyIntelEventValues(): IntelEventValues {
  return { ip: [], domain: [], url: [], email: [], md5: [], sha1: [], sha256: [], sha512: [] };
}

/**
 * The observables of an event: its own `observables[]` when present and non-empty, otherwise
 * derived from the OCSF schema.
 */
export function eventObservables(event: Record<string, unknown>): OcsfObservable[] {
  const own = event['observables'];
  if (Array.isArray(own) && own.length > 0) return own as OcsfObservable[];
  return deriveObservables(event);
}

/** Extracts and normalises the matchable values of an OCSF event. */
export function extractIntelEventValues(event: Record<string, unknown>): IntelEventValues {
  const values = emptyIntelEventValues();
  const seen = new Set<string>();
  const addDomain = (raw: string, path: string): void => {
    const domain = normalizeDomain(raw);
    if (domain === undefined || parseIp(domain) !== undefined) return;
    if (seen.has(`d:${domain}`)) return;
    seen.add(`d:${domain}`);
    values.domain.push({ value: domain, path });
  };
  for (const observable of eventObservables(event)) {
    const raw = observable.value;
    if (raw === undefined) continue;
    switch (observable.type_id) {
      case IP_ADDRESS: {
        const bytes = parseIp(raw);
        if (bytes === undefined || seen.has(`i:${raw}`)) break;
        seen.add(`i:${raw}`);
        values.ip.push({ text: raw.trim().toLowerCase(), bytes, path: observable.name });
        break;
      }
      case HOSTNAME:
        addDomain(raw, observable.name);
        break;
      case URL_STRING: {
        const url = normalizeUrl(raw);
        if (url === undefined || seen.has(`u:${url}`)) break;
        seen.add(`u:${url}`);
        values.url.push({ value: url, path: observable.name });
        const host = url.split(/[/:?]/, 1)[0];
        if (host !== undefined) addDomain(host, observable.name);
        break;
      }
      case EMAIL_ADDRESS: {
        const email = normalizeEmail(raw);
        if (email === undefined || seen.has(`e:${email}`)) break;
        seen.add(`e:${email}`);
        values.email.push({ value: email, path: observable.name });
        break;
      }
      case HASH: {
        const algorithm = hashAlgorithmOfDigest(raw.trim());
        const digest = raw.trim().toLowerCase();
        if (algorithm === undefined || seen.has(`h:${digest}`)) break;
        seen.add(`h:${digest}`);
        values[algorithm].push({ value: digest, path: observable.name });
        break;
      }
      default:
        break;
    }
  }
  for (const path of DOMAIN_PATHS) {
    const raw = readPath(event, path);
    if (typeof raw === 'string') addDomain(raw, path);
  }
  return values;
}
