/**
 * DNS tunnelling (iodine, dnscat2, dns2tcp, DNS exfiltration): data carried in the names of
 * queries to a domain whose authoritative server the attacker runs. Per (tenant, source,
 * registered domain), over a sliding window of `windowMs`:
 *
 * - **subdomain cardinality**: the distinct names queried under the domain (a tunnel never asks
 *   the same name twice; ordinary clients ask a handful of names again and again);
 * - **encoded share**: the share of those subdomains that look like encoded data — at least
 *   `minEncodedLength` letters and digits, and a longest label (the data) with a lexical
 *   randomness of at least `randomnessThreshold` (Shannon entropy, digit/consonant ratios,
 *   letter–digit alternation and English-bigram improbability; see `nameFeatures` and
 *   {@link looksEncoded});
 * - **TXT/NULL share**: tunnels favour record types that carry the most data back (iodine NULL,
 *   dnscat2 TXT/CNAME/MX); reported and raising severity, not required;
 * - **volume**: queries to the domain in the window (a two-bucket sliding counter) and the
 *   upstream payload, the characters carried in the encoded subdomains.
 *
 * A finding when at least `minUniqueSubdomains` distinct subdomains were seen in the window and
 * at least `minEncodedShare` of them look encoded. CDN and cloud host names
 * (`d1a2b3c4d5e6f7.cloudfront.net`, `my-backups-eu-west-1.s3.amazonaws.com`) are short, or
 * read like words, and a client asks few of them; reverse lookups (`.arpa`), internal zones
 * and the DNS-based reputation services that encode hashes into names by design
 * ({@link DEFAULT_DNS_IGNORED_DOMAINS}) are left out.
 */
import type { Clock } from '@openmdr/core';
import {
  assertState,
  createdAt,
  type NetworkAnalytic,
  type NetworkAnalyticStep,
  numberOption,
  stepsFromObserve,
} from './analytic.js';
import {
  isInternalName,
  isUnder,
  normaliseHostname,
  registeredDomain,
  subdomainOf,
} from './domain-names.js';
import type { NetworkEventView } from './event-view.js';
import {
  emptyTable,
  isKeyedTable,
  type KeyedTable,
  maintainTable,
  type TableBatch,
  type TableLimits,
  tableGet,
  tableSet,
} from './keyed-table.js';
import { nameFeatures } from './name-features.js';
import { networkFinding } from './network-finding.js';
import { round } from './robust-stats.js';

const ID = 'network.dns-tunnelling';
const SEP = '\u0001';

/**
 * Domains whose lookups encode data by design: the file and URL reputation services of
 * endpoint products (Sophos `sophosxl.net`, McAfee GTI `avqs`/`avts.mcafee.com`) and DNS
 * block lists (Spamhaus, SURBL, URIBL, SpamCop, Barracuda). Extend it rather than replace it.
 */
export const DEFAULT_DNS_IGNORED_DOMAINS: readonly string[] = [
  'avqs.mcafee.com',
  'avts.mcafee.com',
  'barracudacentral.org',
  'sophosxl.net',
  'spamcop.net',
  'spamhaus.org',
  'surbl.org',
  'uribl.com',
];

/** Options of {@link createDnsTunnellingAnalytic}. */
export interface DnsTunnellingOptions {
  /** Sliding window. Default 30 min. */
  readonly windowMs?: number;
  /** Distinct subdomains needed in the window. Default 40. */
  readonly minUniqueSubdomains?: number;
  /** Share of them that must look encoded, 0–1. Default 0.6. */
  readonly minEncodedShare?: number;
  /** Letters and digits a subdomain needs to count as encoded. Default 16. */
  readonly minEncodedLength?: number;
  /** Lexical randomness (0–1) from which a subdomain looks encoded. Default 0.5. */
  readonly randomnessThreshold?: number;
  /** Distinct subdomains remembered per key (≥ `minUniqueSubdomains`). Default 200. */
  readonly maxTracked?: number;
  /** Time before the same source and domain raise another finding. Default 6 h. */
  readonly realertMs?: number;
  /** Names (and names under them) left out. Default {@link DEFAULT_DNS_IGNORED_DOMAINS}. */
  readonly ignoreDomains?: readonly string[];
  /** Suffixes of the tenant's internal zones, left out with `.local`, `.corp`, `.arpa`, …. */
  readonly internalSuffixes?: readonly string[];
  /** Keys (tenant, source, domain) held at most. Default 50 000. */
  readonly maxKeys?: number;
}

/** One (tenant, source, registered domain). */
export interface TunnelEntry {
  /**
   * Distinct subdomains in the window, oldest first, four numbers each: FNV-1a hash, last
   * time, letters and digits, flags (1 looks encoded, 2 TXT or NULL query).
   */
  readonly s: readonly number[];
  /** Queries in the current and previous volume buckets, and the current bucket's start. */
  readonly q: readonly [number, number, number];
  /** Last query time. */
  readonly l: number;
  /** Last query name (a query and its response are counted once). */
  readonly n: string;
  /** Time of the last finding, or `null`. */
  readonly a: number | null;
  /** Up to three recent encoded-looking names, for the finding. */
  readonly x: readonly string[];
}

/** The state of {@link createDnsTunnellingAnalytic}. */
export interface DnsTunnellingState {
  /** State format version. */
  readonly version: 1;
  /** Newest event time seen. */
  readonly watermark: number;
  /** Watermark at the last idle sweep. */
  readonly sweptAt: number;
  /** `tenant ␁ source ␁ registered domain` → entry. */
  readonly entries: KeyedTable<TunnelEntry>;
}

function hashName(text: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return value >>> 0;
}

/** Letters and digits in `text`. */
function alphanumerics(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) count += 1;
  }
  return count;
}

/**
 * Whether a subdomain looks like encoded data: at least `minLength` letters and digits, and its
 * longest label (the data; tunnels add short fixed labels such as `t1` or `updates`) — or the
 * whole subdomain when no label has eight characters — has a lexical randomness of at least
 * `threshold`.
 */
export function looksEncoded(subdomain: string, minLength: number, threshold: number): boolean {
  if (alphanumerics(subdomain) < minLength) return false;
  let longest = '';
  for (const label of subdomain.split('.')) if (label.length > longest.length) longest = label;
  return nameFeatures(alphanumerics(longest) >= 8 ? longest : subdomain).randomness >= threshold;
}

/**
 * Creates the DNS-tunnelling analytic (see the module notes). Reads DNS Activity (4003) events
 * with `query.hostname`, `src_endpoint.ip` and `time`.
 *
 * @throws {NetworkAnalyticError} `NETWORK_ANALYTIC_OPTIONS_INVALID` for an option out of range.
 */
export function createDnsTunnellingAnalytic(
  options: DnsTunnellingOptions = {},
): NetworkAnalytic<DnsTunnellingState> {
  const windowMs = numberOption(ID, 'windowMs', options.windowMs, 1_800_000, 1);
  const minUnique = numberOption(ID, 'minUniqueSubdomains', options.minUniqueSubdomains, 40, 2);
  const minShare = numberOption(ID, 'minEncodedShare', options.minEncodedShare, 0.6, 0, 1);
  const minLength = numberOption(ID, 'minEncodedLength', options.minEncodedLength, 16, 1);
  const randomness = numberOption(
    ID,
    'randomnessThreshold',
    options.randomnessThreshold,
    0.5,
    0,
    1,
  );
  const maxTracked = numberOption(ID, 'maxTracked', options.maxTracked, 200, minUnique);
  const realertMs = numberOption(ID, 'realertMs', options.realertMs, 21_600_000);
  const limits: TableLimits = {
    maxEntries: numberOption(ID, 'maxKeys', options.maxKeys, 50_000, 10),
    idleMs: windowMs,
    sweepEveryMs: Math.min(windowMs, 600_000),
  };
  const ignored = options.ignoreDomains ?? DEFAULT_DNS_IGNORED_DOMAINS;
  const internal = options.internalSuffixes ?? [];
  const lastSeen = (entry: TunnelEntry): number => entry.l;
  // Keys with many distinct subdomains outrank one-off lookups when the cap evicts.
  const rank = (entry: TunnelEntry): number => entry.l + (entry.s.length >= 40 ? windowMs : 0);

  function observe(
    state: DnsTunnellingState,
    view: NetworkEventView,
    clock?: Clock | number,
    batch?: TableBatch,
  ): NetworkAnalyticStep<DnsTunnellingState> {
    if (view.classUid !== 4003 || view.queryName === undefined || view.srcIp === undefined)
      return { state, findings: [] };
    const name = normaliseHostname(view.queryName);
    if (name === undefined || isInternalName(name, internal)) return { state, findings: [] };
    for (const domain of ignored) if (isUnder(name, domain)) return { state, findings: [] };
    const time = view.time;
    const registered = registeredDomain(name);
    const key = `${view.tenant}${SEP}${view.srcIp}${SEP}${registered}`;
    const held = tableGet(state.entries, key);
    const watermark = Math.max(state.watermark, time);
    if (held !== undefined && held.n === name && Math.abs(time - held.l) < 2000)
      return { state: { ...state, watermark }, findings: [] };
    // Volume: two tumbling buckets read as a sliding window.
    let [current, previous, start] = held?.q ?? [0, 0, time];
    if (time >= start + windowMs) {
      previous = time >= start + 2 * windowMs ? 0 : current;
      current = 0;
      start += Math.floor((time - start) / windowMs) * windowMs;
    }
    current += 1;
    const subdomain = subdomainOf(name, registered);
    const horizon = time - windowMs;
    const tracked: number[] = [];
    const previousTracked = held?.s ?? [];
    const hash = subdomain === '' ? -1 : hashName(subdomain);
    let found = -1;
    for (let index = 0; index < previousTracked.length; index += 4) {
      if ((previousTracked[index + 1] as number) <= horizon) continue;
      if (previousTracked[index] === hash) {
        found = tracked.length;
      }
      tracked.push(
        previousTracked[index] as number,
        previousTracked[index + 1] as number,
        previousTracked[index + 2] as number,
        previousTracked[index + 3] as number,
      );
    }
    let examples = held?.x ?? [];
    let isNew = false;
    if (hash >= 0) {
      if (found >= 0) {
        const entry = tracked.splice(found, 4);
        entry[1] = Math.max(entry[1] as number, time);
        tracked.push(...entry);
      } else {
        isNew = true;
        const encoded = looksEncoded(subdomain, minLength, randomness);
        const record = view.queryType === 'TXT' || view.queryType === 'NULL';
        tracked.push(hash, time, alphanumerics(subdomain), (encoded ? 1 : 0) | (record ? 2 : 0));
        if (encoded) examples = [name, ...examples].slice(0, 3);
        if (tracked.length > maxTracked * 4) tracked.splice(0, tracked.length - maxTracked * 4);
      }
    }
    let entry: TunnelEntry = {
      s: tracked,
      q: [current, previous, start],
      l: Math.max(held?.l ?? time, time),
      n: name,
      a: held?.a ?? null,
      x: examples,
    };
    const findings = [];
    const unique = tracked.length / 4;
    if (isNew && unique >= minUnique && (entry.a === null || time - entry.a >= realertMs)) {
      let encoded = 0;
      let records = 0;
      let characters = 0;
      let payload = 0;
      for (let index = 0; index < tracked.length; index += 4) {
        const flags = tracked[index + 3] as number;
        const length = tracked[index + 2] as number;
        characters += length;
        if (flags & 1) {
          encoded += 1;
          payload += length;
        }
        if (flags & 2) records += 1;
      }
      const share = encoded / unique;
      if (share >= minShare) {
        entry = { ...entry, a: time };
        const elapsed = (time - start) / windowMs;
        const queries = Math.round(current + previous * Math.max(0, 1 - elapsed));
        findings.push(
          networkFinding({
            analytic: ID,
            title: `DNS tunnelling from ${view.srcIp} through ${registered}`,
            message: `${view.srcIp} queried ${unique}${unique >= maxTracked ? '+' : ''} distinct subdomains of ${registered} in ${Math.round(windowMs / 60_000)} min (${queries} queries): ${round(share * 100, 1)} % look encoded, mean ${round(characters / unique, 1)} characters, ${round((records / unique) * 100, 1)} % TXT/NULL, ~${payload} characters carried upstream`,
            explanation: `Fired because ${unique} ≥ ${minUnique} distinct subdomains were queried under ${registered} within ${Math.round(windowMs / 60_000)} min and ${encoded} of them (${round(share * 100, 1)} % ≥ ${minShare * 100} %) look like encoded data: at least ${minLength} letters and digits with a lexical randomness ≥ ${randomness} (entropy, digit ratio, letter–digit alternation, English-bigram surprisal). TXT/NULL queries: ${records}. Examples: ${entry.x.join(', ')}.`,
            severityId: 4,
            confidence: Math.min(1, 0.5 + share / 2 - (records / unique >= 0.5 ? 0 : 0.1)),
            firstSeen: tracked[1] as number,
            lastSeen: time,
            createdTime: createdAt(clock, time),
            key: `${view.srcIp}→${registered}`,
            view,
            evidence: {
              registered_domain: registered,
              window_ms: windowMs,
              unique_subdomains: unique,
              encoded_subdomains: encoded,
              encoded_share: round(share),
              min_unique_subdomains: minUnique,
              min_encoded_share: minShare,
              mean_subdomain_length: round(characters / unique, 1),
              txt_null_share: round(records / unique),
              queries_in_window: queries,
              upstream_characters: payload,
              examples: entry.x,
            },
            techniques: ['T1071.004', 'T1572'],
            count: queries,
          }),
        );
      }
    }
    const entries = tableSet(state.entries, key, entry, batch);
    const kept = maintainTable(entries, limits, watermark, state.sweptAt, lastSeen, rank);
    return {
      state: { version: 1, watermark, sweptAt: kept.sweptAt, entries: kept.table },
      findings,
    };
  }

  return {
    id: ID,
    initialState: () => ({ version: 1, watermark: 0, sweptAt: 0, entries: emptyTable() }),
    restore(value) {
      const state = value as Partial<DnsTunnellingState> | null;
      assertState(
        typeof state === 'object' &&
          state !== null &&
          state.version === 1 &&
          typeof state.watermark === 'number' &&
          typeof state.sweptAt === 'number' &&
          isKeyedTable(state.entries),
        ID,
      );
      return state as DnsTunnellingState;
    },
    observe,
    ...stepsFromObserve(observe),
    size: (state) => state.entries.size,
  };
}
