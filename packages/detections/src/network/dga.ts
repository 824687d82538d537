/**
 * Domain generation algorithms (DGA): malware that derives hundreds of candidate C2 domains a
 * day and tries them until one resolves leaves a trail of failed lookups (NXDOMAIN) for
 * random-looking registered domains. Per (tenant, source), over a sliding window of `windowMs`,
 * the analytic counts the distinct **registered domains** (`kq3v9xw1pz.com`, not the host
 * names under them) whose registrable label
 *
 * - has at least `minLength` letters and digits (short names are too ambiguous: `qq.com`,
 *   `bbc.co.uk`), and
 * - looks generated: a lexical randomness (`nameFeatures`: English-bigram surprisal, digit
 *   and consonant ratios, letter–digit alternation, entropy) of at least `randomnessThreshold`,
 *
 * and raises a finding when `minDomains` of them got NXDOMAIN (`rcode_id` 3). The generated
 * names that did resolve are reported as the likely C2. Single-label names (a browser's
 * random intranet-redirect probes, `qwkzjlfhuc`) and internal zones are left out; a user's
 * typos are neither random-looking nor numerous; CDN host names resolve and sit under
 * pronounceable registered domains. For sensors that log queries without responses, set
 * `requireNxDomain: false`: then `2 × minDomains` generated-looking domains are needed.
 * Dictionary-word DGAs (`suppobox`, `matsnu`) are not lexically visible.
 */
import type { Clock } from '@openmdr/core';
import {
  createdAt,
  type NetworkAnalytic,
  type NetworkAnalyticStep,
  numberOption,
  stepsFromObserve,
} from './analytic.js';
import { isInternalName, normaliseHostname, registeredDomain } from './domain-names.js';
import type { NetworkEventView } from './event-view.js';
import { type TableBatch, type TableLimits, tableGet } from './keyed-table.js';
import { nameFeatures } from './name-features.js';
import { networkFinding } from './network-finding.js';
import { round } from './robust-stats.js';
import {
  advanceSourceTable,
  emptySourceTableState,
  restoreSourceTableState,
  type SourceTableState,
} from './source-table-state.js';

const ID = 'network.dga';
const SEP = '\u0001';
/** Outcomes of a lookup. */
const RESOLVED = 0;
const NXDOMAIN = 1;
const UNKNOWN = 2;

/** Options of {@link createDgaAnalytic}. */
export interface DgaOptions {
  /** Sliding window. Default 15 min. */
  readonly windowMs?: number;
  /** Generated-looking NXDOMAIN registered domains needed. Default 10. */
  readonly minDomains?: number;
  /** Letters and digits the registrable label needs. Default 8. */
  readonly minLength?: number;
  /** Lexical randomness (0–1) from which a label looks generated. Default 0.5. */
  readonly randomnessThreshold?: number;
  /** Count only NXDOMAIN answers (default true); `false` for query-only sensors. */
  readonly requireNxDomain?: boolean;
  /** Distinct domains remembered per source. Default 100. */
  readonly maxTracked?: number;
  /** Time before the same source raises another finding. Default 1 h. */
  readonly realertMs?: number;
  /** Suffixes of the tenant's internal zones, left out with `.local`, `.corp`, `.arpa`, …. */
  readonly internalSuffixes?: readonly string[];
  /** Sources held at most. Default 50 000. */
  readonly maxSources?: number;
}

/** One (tenant, source). */
export interface DgaEntry {
  /** Generated-looking registered domains, oldest first: FNV-1a hash, last time, outcome (0 resolved, 1 NXDOMAIN, 2 unknown). */
  readonly d: readonly number[];
  /** Up to eight recent NXDOMAIN names. */
  readonly x: readonly string[];
  /** Up to five generated-looking names that resolved. */
  readonly r: readonly string[];
  /** Last lookup time. */
  readonly l: number;
  /** Time of the last finding, or `null`. */
  readonly a: number | null;
}

/** The state of {@link createDgaAnalytic}: one entry per source. */
export type DgaState = SourceTableState<DgaEntry>;

function hashName(text: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return value >>> 0;
}

/**
 * Creates the DGA analytic (see the module notes). Reads DNS Activity (4003) events with
 * `query.hostname`, `rcode_id`, `src_endpoint.ip` and `time`.
 *
 * @throws {NetworkAnalyticError} `NETWORK_ANALYTIC_OPTIONS_INVALID` for an option out of range.
 */
export function createDgaAnalytic(options: DgaOptions = {}): NetworkAnalytic<DgaState> {
  const windowMs = numberOption(ID, 'windowMs', options.windowMs, 900_000, 1);
  const minDomains = numberOption(ID, 'minDomains', options.minDomains, 10, 2);
  const minLength = numberOption(ID, 'minLength', options.minLength, 8, 1);
  const randomness = numberOption(
    ID,
    'randomnessThreshold',
    options.randomnessThreshold,
    0.5,
    0,
    1,
  );
  const maxTracked = numberOption(ID, 'maxTracked', options.maxTracked, 100, minDomains * 2);
  const realertMs = numberOption(ID, 'realertMs', options.realertMs, 3_600_000);
  const requireNx = options.requireNxDomain ?? true;
  const internal = options.internalSuffixes ?? [];
  const limits: TableLimits = {
    maxEntries: numberOption(ID, 'maxSources', options.maxSources, 50_000, 10),
    idleMs: windowMs,
    sweepEveryMs: Math.min(windowMs, 600_000),
  };
  const lastSeen = (entry: DgaEntry): number => entry.l;

  function observe(
    state: DgaState,
    view: NetworkEventView,
    clock?: Clock | number,
    batch?: TableBatch,
  ): NetworkAnalyticStep<DgaState> {
    if (view.classUid !== 4003 || view.queryName === undefined || view.srcIp === undefined)
      return { state, findings: [] };
    const name = normaliseHostname(view.queryName);
    if (name === undefined || isInternalName(name, internal)) return { state, findings: [] };
    const registered = registeredDomain(name);
    const label = registered.slice(0, registered.indexOf('.'));
    const features = nameFeatures(label);
    const time = view.time;
    if (features.length < minLength || features.randomness < randomness) {
      if (time - state.sweptAt < limits.sweepEveryMs) return { state, findings: [] };
      return { state: advanceSourceTable(state, time, limits, lastSeen), findings: [] };
    }
    const outcome =
      view.rcodeId === 3
        ? NXDOMAIN
        : view.rcodeId === 0 && view.activityId !== 1
          ? RESOLVED
          : UNKNOWN;
    const key = `${view.tenant}${SEP}${view.srcIp}`;
    const held = tableGet(state.sources, key);
    const hash = hashName(registered);
    const horizon = time - windowMs;
    const tracked: number[] = [];
    let known = -1;
    const previous = held?.d ?? [];
    for (let index = 0; index < previous.length; index += 3) {
      if ((previous[index + 1] as number) <= horizon) continue;
      if (previous[index] === hash) known = tracked.length;
      tracked.push(
        previous[index] as number,
        previous[index + 1] as number,
        previous[index + 2] as number,
      );
    }
    if (known >= 0) {
      const [, seen, was] = tracked.splice(known, 3) as [number, number, number];
      tracked.push(hash, Math.max(seen, time), outcome === UNKNOWN ? was : outcome);
    } else {
      tracked.push(hash, time, outcome);
      if (tracked.length > maxTracked * 3) tracked.splice(0, tracked.length - maxTracked * 3);
    }
    let entry: DgaEntry = {
      d: tracked,
      x:
        outcome === NXDOMAIN && !(held?.x ?? []).includes(name)
          ? [name, ...(held?.x ?? [])].slice(0, 8)
          : (held?.x ?? []),
      r:
        outcome === RESOLVED && !(held?.r ?? []).includes(name)
          ? [name, ...(held?.r ?? [])].slice(0, 5)
          : (held?.r ?? []),
      l: Math.max(held?.l ?? time, time),
      a: held?.a ?? null,
    };
    let nx = 0;
    let unknown = 0;
    let resolved = 0;
    for (let index = 2; index < tracked.length; index += 3) {
      const value = tracked[index];
      if (value === NXDOMAIN) nx += 1;
      else if (value === UNKNOWN) unknown += 1;
      else resolved += 1;
    }
    const counted = requireNx ? nx : nx + unknown;
    const needed = requireNx ? minDomains : 2 * minDomains;
    const findings = [];
    if (counted >= needed && (entry.a === null || time - entry.a >= realertMs)) {
      entry = { ...entry, a: time };
      const minutes = Math.round(windowMs / 60_000);
      findings.push(
        networkFinding({
          analytic: ID,
          title: `DGA-like lookups from ${view.srcIp}`,
          message: `${view.srcIp} got NXDOMAIN for ${nx} generated-looking domains in ${minutes} min (e.g. ${entry.x.slice(0, 3).join(', ')})${resolved > 0 ? `; ${resolved} resolved: ${entry.r.join(', ')}` : ''}`,
          explanation: `Fired because ${counted} ≥ ${needed} distinct registered domains whose label has ≥ ${minLength} characters and a lexical randomness ≥ ${randomness} ${requireNx ? 'got NXDOMAIN' : 'were queried (responses not required)'} within ${minutes} min. The last one: ${registered} — ${features.length} characters, entropy ${round(features.entropy, 2)} bits, bigram surprisal ${round(features.bigramSurprisal, 2)} bits, digits ${round(features.digitRatio * 100, 1)} %, consonants ${round(features.consonantRatio * 100, 1)} % of letters, randomness ${round(features.randomness, 2)} (${features.basis}). Generated-looking domains that resolved (candidate C2): ${resolved === 0 ? 'none' : entry.r.join(', ')}.`,
          severityId: 4,
          confidence: Math.min(1, 0.6 + 0.4 * (counted / (needed * 2))),
          firstSeen: tracked[1] as number,
          lastSeen: time,
          createdTime: createdAt(clock, time),
          key: `${view.srcIp}`,
          view,
          evidence: {
            window_ms: windowMs,
            nxdomain_domains: nx,
            unanswered_domains: unknown,
            resolved_domains: resolved,
            min_domains: needed,
            examples: entry.x,
            resolved: entry.r,
            last_domain: registered,
            last_label_entropy: round(features.entropy),
            last_label_bigram_surprisal: round(features.bigramSurprisal),
            last_label_digit_ratio: round(features.digitRatio),
            last_label_consonant_ratio: round(features.consonantRatio),
            last_label_randomness: round(features.randomness),
          },
          techniques: ['T1568.002'],
          count: counted,
        }),
      );
    }
    return {
      state: advanceSourceTable(state, time, limits, lastSeen, { key, entry, batch }),
      findings,
    };
  }

  return {
    id: ID,
    initialState: () => emptySourceTableState<DgaEntry>(),
    restore: (value) => restoreSourceTableState<DgaEntry>(value, ID),
    observe,
    ...stepsFromObserve(observe),
    size: (state) => state.sources.size,
  };
}
