/**
 * Rarity: values a tenant has never seen before — a destination domain, a TLS client
 * fingerprint (JA3, JA4) or an HTTP user agent — after a learning period. New malware brings
 * its own TLS stack and user agent and talks to domains nobody in the tenant visited; a
 * per-tenant first-seen set is how network detection products surface it.
 *
 * Per tenant and kind, a set of values with first- and last-seen times. The tenant's learning
 * period starts at its first event; values first seen after it raise a finding (destinations at
 * informational severity, not an alert: new domains are frequent and mostly feed correlation
 * and triage; fingerprints and user agents at low severity). Values are normalised so ordinary
 * churn does not count as new: domains are reduced to their registered domain (CDN host names
 * collapse into `cloudfront.net`), user agents have their version numbers replaced by `#`
 * (a browser update does not make a new user agent). The sets are bounded: a value not seen for
 * `forgetAfterMs` is forgotten (and would be new again), and past `maxValues` the least
 * recently seen go first.
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
import { isInternalName, normaliseHostname, registeredDomain } from './domain-names.js';
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
import { networkFinding } from './network-finding.js';

const ID = 'network.rarity';
const SEP = '\u0001';

/** What the rarity analytic tracks. */
export type RarityKind = 'destination' | 'ja3' | 'ja4' | 'user-agent';

/** Options of {@link createRarityAnalytic}. */
export interface RarityOptions {
  /** Kinds tracked. Default all four. */
  readonly kinds?: readonly RarityKind[];
  /** Baseline period per tenant before values count as new. Default 7 days. */
  readonly learningPeriodMs?: number;
  /** A value not seen for this long is forgotten. Default 30 days. */
  readonly forgetAfterMs?: number;
  /** Values held at most (all tenants and kinds). Default 200 000. */
  readonly maxValues?: number;
  /** Suffixes of the tenant's internal zones, never destinations. */
  readonly internalSuffixes?: readonly string[];
}

/** One value: first seen, last seen (refreshed at most hourly), source that first used it. */
export interface RarityValue {
  /** First seen. */
  readonly f: number;
  /** Last seen (refreshed at most hourly). */
  readonly l: number;
  /** The source address that first used it. */
  readonly s?: string;
}

/** The state of {@link createRarityAnalytic}. */
export interface RarityState {
  /** State format version. */
  readonly version: 1;
  /** Newest event time seen. */
  readonly watermark: number;
  /** Watermark at the last idle sweep. */
  readonly sweptAt: number;
  /** Tenant → time of its first event (the start of its learning period). */
  readonly tenants: Readonly<Record<string, number>>;
  /** `tenant ␁ kind ␁ value` → times. */
  readonly values: KeyedTable<RarityValue>;
}

/** A user agent with version numbers replaced by `#` and blanks collapsed. */
export function normaliseUserAgent(userAgent: string): string {
  return userAgent
    .replace(/\d+(?:[._]\d+)*/g, '#')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 512);
}

const KIND_TEXT: Record<RarityKind, { title: string; label: string }> = {
  destination: { title: 'Rare destination', label: 'destination domain' },
  ja3: { title: 'First-seen JA3 TLS client fingerprint', label: 'JA3 fingerprint' },
  ja4: { title: 'First-seen JA4 TLS client fingerprint', label: 'JA4 fingerprint' },
  'user-agent': { title: 'First-seen HTTP user agent', label: 'user agent' },
};

const TECHNIQUES: Record<RarityKind, string[]> = {
  destination: ['T1071'],
  ja3: ['T1573'],
  ja4: ['T1573'],
  'user-agent': ['T1071.001'],
};

/**
 * Creates the rarity analytic (see the module notes). Reads destinations from
 * `dst_endpoint.hostname` / `tls.sni` / `http_request.url.hostname` (4001, 4002) and
 * `query.hostname` of lookups that did not fail (4003; `rcode_id` absent or 0), JA3 from `tls.ja3_hash.value`, JA4 from `ja4_fingerprint_list`
 * (else `unmapped.ja4`), user agents from `http_request.user_agent`.
 *
 * @throws {NetworkAnalyticError} `NETWORK_ANALYTIC_OPTIONS_INVALID` for an option out of range.
 */
export function createRarityAnalytic(options: RarityOptions = {}): NetworkAnalytic<RarityState> {
  const kinds = new Set<RarityKind>(options.kinds ?? ['destination', 'ja3', 'ja4', 'user-agent']);
  const learningMs = numberOption(ID, 'learningPeriodMs', options.learningPeriodMs, 7 * 86_400_000);
  const forgetMs = numberOption(ID, 'forgetAfterMs', options.forgetAfterMs, 30 * 86_400_000, 1);
  const limits: TableLimits = {
    maxEntries: numberOption(ID, 'maxValues', options.maxValues, 200_000, 10),
    idleMs: forgetMs,
    sweepEveryMs: 3_600_000,
  };
  const internal = options.internalSuffixes ?? [];
  const lastSeen = (value: RarityValue): number => value.l;

  function valuesOf(view: NetworkEventView): [RarityKind, string, string][] {
    const out: [RarityKind, string, string][] = [];
    if (kinds.has('destination')) {
      // A lookup that failed (NXDOMAIN, SERVFAIL…) names no destination.
      const raw =
        view.classUid === 4003
          ? view.rcodeId === undefined || view.rcodeId === 0
            ? view.queryName
            : undefined
          : view.dstHost;
      const host = raw === undefined ? undefined : normaliseHostname(raw);
      if (host !== undefined && !isInternalName(host, internal)) {
        const domain = registeredDomain(host);
        out.push(['destination', domain, domain]);
      }
    }
    if (kinds.has('ja3') && view.ja3 !== undefined)
      out.push(['ja3', view.ja3.toLowerCase(), view.ja3]);
    if (kinds.has('ja4') && view.ja4 !== undefined) out.push(['ja4', view.ja4, view.ja4]);
    if (kinds.has('user-agent') && view.userAgent !== undefined)
      out.push(['user-agent', normaliseUserAgent(view.userAgent), view.userAgent]);
    return out;
  }

  function observe(
    state: RarityState,
    view: NetworkEventView,
    clock?: Clock | number,
    batch?: TableBatch,
  ): NetworkAnalyticStep<RarityState> {
    const found = valuesOf(view);
    if (found.length === 0) return { state, findings: [] };
    const time = view.time;
    const since = state.tenants[view.tenant];
    const tenants =
      since === undefined || time < since
        ? { ...state.tenants, [view.tenant]: time }
        : state.tenants;
    const start = Math.min(since ?? time, time);
    const learnt = time - start >= learningMs;
    let values = state.values;
    const findings = [];
    for (const [kind, value, shown] of found) {
      const key = `${view.tenant}${SEP}${kind}${SEP}${value}`;
      const held = tableGet(values, key);
      // A value unseen for longer than forgetAfterMs is new again, swept yet or not.
      if (held !== undefined && time - held.l <= forgetMs) {
        if (time - held.l >= 3_600_000 || time < held.f)
          values = tableSet(
            values,
            key,
            { ...held, f: Math.min(held.f, time), l: Math.max(held.l, time) },
            batch,
          );
        continue;
      }
      values = tableSet(
        values,
        key,
        { f: time, l: time, ...(view.srcIp === undefined ? {} : { s: view.srcIp }) },
        batch,
      );
      if (!learnt) continue;
      const text = KIND_TEXT[kind];
      const days = Math.floor((time - start) / 86_400_000);
      findings.push(
        networkFinding({
          analytic: `${ID}.${kind}`,
          title: `${text.title}: ${shown}`,
          message: `${view.srcIp ?? 'a host'} used the ${text.label} ${shown}, never seen in the tenant in ${days} days of baseline`,
          explanation: `Fired because the ${text.label} ${kind === 'user-agent' ? `(normalised: ${value}) ` : ''}is not in the tenant's first-seen set, whose baseline started ${new Date(start).toISOString()} (learning period ${Math.round(learningMs / 86_400_000)} days, values forgotten after ${Math.round(forgetMs / 86_400_000)} days unseen).`,
          severityId: kind === 'destination' ? 1 : 2,
          firstSeen: time,
          lastSeen: time,
          createdTime: createdAt(clock, time),
          key: `${kind}:${value}`,
          view,
          evidence: {
            kind,
            value: shown,
            normalised: value,
            baseline_start: start,
            baseline_days: days,
            learning_period_ms: learningMs,
          },
          techniques: TECHNIQUES[kind],
        }),
      );
    }
    const watermark = Math.max(state.watermark, time);
    const kept = maintainTable(values, limits, watermark, state.sweptAt, lastSeen);
    return {
      state: { version: 1, watermark, sweptAt: kept.sweptAt, tenants, values: kept.table },
      findings,
    };
  }

  return {
    id: ID,
    initialState: () => ({
      version: 1,
      watermark: 0,
      sweptAt: 0,
      tenants: {},
      values: emptyTable(),
    }),
    restore(value) {
      const state = value as Partial<RarityState> | null;
      assertState(
        typeof state === 'object' &&
          state !== null &&
          state.version === 1 &&
          typeof state.watermark === 'number' &&
          typeof state.sweptAt === 'number' &&
          typeof state.tenants === 'object' &&
          state.tenants !== null &&
          isKeyedTable(state.values),
        ID,
      );
      return state as RarityState;
    },
    observe,
    ...stepsFromObserve(observe),
    size: (state) => state.values.size,
  };
}
