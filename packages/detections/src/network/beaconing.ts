/**
 * Beaconing: a host that calls the same destination at a steady rhythm, as command-and-control
 * implants do between their sleeps. Scored per (tenant, source, destination, destination port)
 * from the inter-arrival times of the connections and the sizes they carry, in the manner of
 * RITA's beacon analysis (Active Countermeasures), re-derived here:
 *
 * 1. **Beats.** Connections closer than `mergeGapMs` to the previous one are one beat (an
 *    implant's check-in may open two or three connections); the last `maxSamples` beats are
 *    kept with the bytes they sent (`traffic.bytes_out`, source → destination).
 * 2. **Missed beats.** With `m₀` the median interval, an interval `d` close to a multiple
 *    `k·m₀` (2 ≤ k ≤ `maxMissedBeats` + 1, within ±25 % of a period per beat) is `k` periods with
 *    `k − 1` beats missed (a sleeping laptop, a dropped packet) and counts as `d / k`; longer
 *    intervals are gaps and left out.
 * 3. **Timing score** (0–1): `(0.6·regularity + 0.4·symmetry) · coverage`, where
 *    regularity = `1 − (MAD / median) / jitterTolerance` of the on-beat intervals (MAD: median
 *    absolute deviation, a jitter measure that outliers do not move), symmetry =
 *    `1 − |Bowley skewness|`, and coverage = on-beat intervals / (on-beat intervals + missed
 *    beats + off-beat intervals): intervals shorter than half a period, or between its
 *    multiples, are off-beat. Coverage is what keeps random (Poisson-like) traffic out: the
 *    missed-beat allowance alone would fold its long intervals back onto a period.
 * 4. **Size score** (0–1): `0.75·(1 − (MAD / median) / 0.5) + 0.25·(1 − |Bowley skewness|)` of
 *    the bytes per beat — check-ins without tasking carry the same few hundred bytes.
 * 5. **Score** = `0.7·timing + 0.3·size` (timing alone when the sensor gives no byte counts);
 *    a finding when it reaches `threshold` after at least `minConnections` beats whose median
 *    interval is at least `minIntervalMs`. A pair is scored at each new beat; one that scored
 *    `d` below the threshold is scored again after `round(20·d)` beats (1–16): a score 0.4
 *    short of the threshold does not reach it in fewer beats.
 *
 * What ordinary traffic does not pass: browsing and user-driven traffic (exponential-like,
 * heavy-tailed intervals: MAD/median ≈ 0.7), bursts (merged into beats), infrastructure
 * protocols that are periodic by design (DNS, NTP, DHCP, NetBIOS, SSDP, mDNS, LLMNR ports are
 * ignored by default), internal traffic (outbound only by default) and software that many hosts
 * run on the same schedule (update checks, mail and chat clients): a destination that more than
 * `maxPrevalence` internal sources of the tenant talk to is common infrastructure, not C2, and
 * its pairs are neither scored nor kept.
 */
import type { Clock } from '@openmdr/core';
import { isOutbound } from './addresses.js';
import {
  assertState,
  createdAt,
  type NetworkAnalytic,
  type NetworkAnalyticStep,
  numberOption,
  stepsFromObserve,
} from './analytic.js';
import { isUnder } from './domain-names.js';
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
import { clamp01, round, summarise } from './robust-stats.js';

const ID = 'network.beaconing';

/** Options of {@link createBeaconingAnalytic}. */
export interface BeaconingOptions {
  /** Beats needed before a pair is scored. Default 16. */
  readonly minConnections?: number;
  /** Beats remembered per pair (the scoring window). Default 48. */
  readonly maxSamples?: number;
  /** Connections closer than this to the previous beat join it. Default 2 s. */
  readonly mergeGapMs?: number;
  /** Pairs whose median interval is shorter are not scored (streams, retries). Default 5 s. */
  readonly minIntervalMs?: number;
  /** Missed beats one interval may span. Default 3. */
  readonly maxMissedBeats?: number;
  /** Relative jitter (MAD / median) at which regularity reaches 0. Default 0.5. */
  readonly jitterTolerance?: number;
  /** Score that raises a finding, 0–1. Default 0.8. */
  readonly threshold?: number;
  /** Internal sources per destination above which it is common infrastructure. Default 10. */
  readonly maxPrevalence?: number;
  /** Time before the same pair raises another finding. Default 24 h. */
  readonly realertMs?: number;
  /** Score outbound connections only (see `isOutbound`). Default true. */
  readonly outboundOnly?: boolean;
  /** Destination ports left out. Default 53, 67, 68, 123, 137, 138, 1900, 5353, 5355. */
  readonly ignorePorts?: readonly number[];
  /** Destination IPs, or host names and the names under them, left out. Default none. */
  readonly ignoreDestinations?: readonly string[];
  /** Pairs held at most. Default 50 000. */
  readonly maxPairs?: number;
  /** A pair not seen for this long is forgotten. Default 24 h. */
  readonly idleMs?: number;
}

/** One source → destination:port pair. */
export interface BeaconPair {
  /** Beat times, ascending. */
  readonly t: readonly number[];
  /** Bytes sent per beat (−1 when unknown). */
  readonly b: readonly number[];
  /** Beats ever seen. */
  readonly n: number;
  /** First beat time. */
  readonly f: number;
  /** Time of the last finding, or `null`. */
  readonly a: number | null;
  /** Beats ever seen (`n`) from which to score again (0: at the next beat). */
  readonly c: number;
  /** Destination host name, when an event named it, else `null`. */
  readonly h: string | null;
}

/** Internal sources seen per destination (up to `maxPrevalence` + 1). */
export interface BeaconDestination {
  readonly s: readonly string[];
  /** Last seen. */
  readonly l: number;
}

/** The state of {@link createBeaconingAnalytic}. */
export interface BeaconingState {
  /** State format version. */
  readonly version: 1;
  /** Newest event time seen. */
  readonly watermark: number;
  /** Watermark at the last idle sweep. */
  readonly sweptAt: number;
  /** `tenant ␁ source ␁ destination ␁ port` → pair. */
  readonly pairs: KeyedTable<BeaconPair>;
  /** `tenant ␁ destination` → sources. */
  readonly destinations: KeyedTable<BeaconDestination>;
}

/** The measurements behind a beacon score. */
export interface BeaconScore {
  /** 0–1: `0.7·timing + 0.3·size`, or `timing` without byte counts. */
  readonly score: number;
  /** `(0.6·regularity + 0.4·symmetry) · coverage`. */
  readonly timing: number;
  /** Data-size consistency, when byte counts are known. */
  readonly size: number | undefined;
  /** `1 − jitter / jitterTolerance`, clamped to 0–1. */
  readonly regularity: number;
  /** `1 − |Bowley skewness|` of the intervals. */
  readonly symmetry: number;
  /** On-beat intervals / (on-beat + missed beats + off-beat). */
  readonly coverage: number;
  /** Beats in the window. */
  readonly beats: number;
  /** Median interval after missed beats are divided out, ms. */
  readonly periodMs: number;
  /** MAD / median of the intervals. */
  readonly jitter: number;
  /** Coefficient of variation of the intervals. */
  readonly cv: number;
  /** Bowley skewness of the intervals. */
  readonly skewness: number;
  /** Beats the missed-beat allowance filled in. */
  readonly missedBeats: number;
  /** Intervals that fit no period: shorter than half of it, or between its multiples. */
  readonly offBeat: number;
  /** Intervals left out as gaps (longer than `maxMissedBeats` + 1.5 periods). */
  readonly gaps: number;
  /** Median bytes sent per beat, when known. */
  readonly bytesMedian: number | undefined;
  /** Median absolute deviation of the bytes per beat, when known. */
  readonly bytesMad: number | undefined;
}

const DEFAULT_IGNORED_PORTS = [53, 67, 68, 123, 137, 138, 1900, 5353, 5355];
const SEP = '\u0001';

/**
 * Scores beat times (ascending) and bytes per beat (−1 unknown) as described in the module
 * notes; `undefined` when there are too few intervals or the period is below `minIntervalMs`.
 */
export function scoreBeacon(
  times: readonly number[],
  bytes: readonly number[],
  options: { minIntervalMs: number; maxMissedBeats: number; jitterTolerance: number },
): BeaconScore | undefined {
  if (times.length < 3) return undefined;
  const intervals: number[] = [];
  for (let index = 1; index < times.length; index += 1)
    intervals.push((times[index] as number) - (times[index - 1] as number));
  const first = summarise(intervals);
  const base = first.median;
  if (!(base >= options.minIntervalMs)) return undefined;
  const normalised: number[] = [];
  let missedBeats = 0;
  let gaps = 0;
  let early = 0;
  for (const interval of intervals) {
    const periods = Math.round(interval / base);
    if (interval < 0.5 * base) early += 1;
    else if (periods <= 1) normalised.push(interval);
    else if (
      periods <= options.maxMissedBeats + 1 &&
      Math.abs(interval - periods * base) <= periods * 0.25 * base
    ) {
      normalised.push(interval / periods);
      missedBeats += periods - 1;
    } else if (interval > (options.maxMissedBeats + 1.5) * base) gaps += 1;
    else early += 1;
  }
  if (normalised.length < 2) return undefined;
  const summary = summarise(normalised);
  const jitter = summary.median > 0 ? summary.mad / summary.median : 1;
  const regularity = clamp01(1 - jitter / options.jitterTolerance);
  const symmetry = 1 - Math.abs(summary.skewness);
  const coverage = normalised.length / (normalised.length + missedBeats + early);
  const timing = (0.6 * regularity + 0.4 * symmetry) * coverage;
  const known = bytes.filter((value) => value >= 0);
  let size: number | undefined;
  let bytesMedian: number | undefined;
  let bytesMad: number | undefined;
  if (known.length >= times.length / 2) {
    const sizes = summarise(known);
    bytesMedian = sizes.median;
    bytesMad = sizes.mad;
    const dispersion = sizes.median > 0 ? sizes.mad / sizes.median : sizes.mad > 0 ? 1 : 0;
    size = 0.75 * clamp01(1 - dispersion / 0.5) + 0.25 * (1 - Math.abs(sizes.skewness));
  }
  return {
    score: size === undefined ? timing : 0.7 * timing + 0.3 * size,
    timing,
    size,
    regularity,
    symmetry,
    coverage,
    beats: times.length,
    periodMs: summary.median,
    jitter,
    cv: summary.cv,
    skewness: summary.skewness,
    missedBeats,
    offBeat: early,
    gaps,
    bytesMedian,
    bytesMad,
  };
}

/** Inserts a beat (time order kept; merged into a neighbour closer than `gap`). */
function addBeat(
  pair: BeaconPair | undefined,
  time: number,
  bytes: number,
  gap: number,
  max: number,
  host: string | undefined,
): { pair: BeaconPair; merged: boolean } {
  const times = pair === undefined ? [] : [...pair.t];
  const sizes = pair === undefined ? [] : [...pair.b];
  let index = times.length;
  while (index > 0 && (times[index - 1] as number) > time) index -= 1;
  const before = index > 0 ? (times[index - 1] as number) : undefined;
  const after = index < times.length ? (times[index] as number) : undefined;
  let merged = -1;
  if (before !== undefined && time - before < gap) merged = index - 1;
  else if (after !== undefined && after - time < gap) {
    times[index] = time;
    merged = index;
  }
  if (merged >= 0) {
    const held = sizes[merged] as number;
    sizes[merged] = held < 0 || bytes < 0 ? -1 : held + bytes;
  } else {
    times.splice(index, 0, time);
    sizes.splice(index, 0, bytes);
  }
  const drop = Math.max(0, times.length - max);
  return {
    pair: {
      t: drop > 0 ? times.slice(drop) : times,
      b: drop > 0 ? sizes.slice(drop) : sizes,
      n: (pair?.n ?? 0) + (merged >= 0 ? 0 : 1),
      f: Math.min(pair?.f ?? time, time),
      a: pair?.a ?? null,
      c: pair?.c ?? 0,
      h: host ?? pair?.h ?? null,
    },
    merged: merged >= 0,
  };
}

const formatMs = (ms: number): string =>
  ms >= 3_600_000
    ? `${round(ms / 3_600_000, 1)} h`
    : ms >= 60_000
      ? `${round(ms / 60_000, 1)} min`
      : `${round(ms / 1000, 1)} s`;

/**
 * Creates the beaconing analytic (see the module notes). Reads Network Activity (4001) events
 * with `src_endpoint.ip`, `dst_endpoint.ip` and `time`.
 *
 * @throws {NetworkAnalyticError} `NETWORK_ANALYTIC_OPTIONS_INVALID` for an option out of range.
 */
export function createBeaconingAnalytic(
  options: BeaconingOptions = {},
): NetworkAnalytic<BeaconingState> {
  const minConnections = numberOption(ID, 'minConnections', options.minConnections, 16, 4);
  const maxSamples = numberOption(ID, 'maxSamples', options.maxSamples, 48, minConnections);
  const mergeGapMs = numberOption(ID, 'mergeGapMs', options.mergeGapMs, 2000);
  const minIntervalMs = numberOption(ID, 'minIntervalMs', options.minIntervalMs, 5000, 1);
  const maxMissedBeats = numberOption(ID, 'maxMissedBeats', options.maxMissedBeats, 3);
  const jitterTolerance = numberOption(ID, 'jitterTolerance', options.jitterTolerance, 0.5, 0.01);
  const threshold = numberOption(ID, 'threshold', options.threshold, 0.8, 0, 1);
  const maxPrevalence = numberOption(ID, 'maxPrevalence', options.maxPrevalence, 10, 1);
  const realertMs = numberOption(ID, 'realertMs', options.realertMs, 86_400_000);
  const limits: TableLimits = {
    maxEntries: numberOption(ID, 'maxPairs', options.maxPairs, 50_000, 10),
    idleMs: numberOption(ID, 'idleMs', options.idleMs, 86_400_000, 1),
    sweepEveryMs: 600_000,
  };
  const outboundOnly = options.outboundOnly ?? true;
  const ignoredPorts = new Set(options.ignorePorts ?? DEFAULT_IGNORED_PORTS);
  const ignored = (options.ignoreDestinations ?? []).map((entry) => entry.toLowerCase());
  const scoring = { minIntervalMs, maxMissedBeats, jitterTolerance };
  const lastSeen = (pair: BeaconPair): number => pair.t[pair.t.length - 1] ?? pair.f;
  // Pairs with several beats outrank one-off connections when the cap evicts.
  const rank = (pair: BeaconPair): number => lastSeen(pair) + (pair.t.length >= 4 ? 3_600_000 : 0);

  const initialState = (): BeaconingState => ({
    version: 1,
    watermark: 0,
    sweptAt: 0,
    pairs: emptyTable(),
    destinations: emptyTable(),
  });

  function isIgnored(view: NetworkEventView): boolean {
    if (view.dstPort !== undefined && ignoredPorts.has(view.dstPort)) return true;
    if (ignored.length === 0) return false;
    const host = view.dstHost?.toLowerCase();
    return ignored.some(
      (entry) => entry === view.dstIp || (host !== undefined && isUnder(host, entry)),
    );
  }

  function observe(
    state: BeaconingState,
    view: NetworkEventView,
    clock?: Clock | number,
    batch?: TableBatch,
  ): NetworkAnalyticStep<BeaconingState> {
    const { srcIp, dstIp } = view;
    if (view.classUid !== 4001 || srcIp === undefined || dstIp === undefined)
      return { state, findings: [] };
    if (outboundOnly && !isOutbound(view.directionId, srcIp, dstIp)) return { state, findings: [] };
    if (isIgnored(view)) return { state, findings: [] };
    const time = view.time;
    const watermark = Math.max(state.watermark, time);
    // Prevalence: internal sources per destination.
    const destinationKey = `${view.tenant}${SEP}${dstIp}`;
    const destination = tableGet(state.destinations, destinationKey);
    let destinations = state.destinations;
    const known = destination?.s.includes(srcIp) ?? false;
    if (!known && (destination?.s.length ?? 0) <= maxPrevalence)
      destinations = tableSet(
        destinations,
        destinationKey,
        { s: [...(destination?.s ?? []), srcIp], l: Math.max(destination?.l ?? time, time) },
        batch,
      );
    else if (destination !== undefined && time - destination.l > 60_000)
      destinations = tableSet(destinations, destinationKey, { s: destination.s, l: time }, batch);
    const prevalence = (destination?.s.length ?? 0) + (known ? 0 : 1);
    if (prevalence > maxPrevalence) {
      // Common infrastructure: its pairs are never scored, so not kept either.
      const kept = maintainTable(
        destinations,
        limits,
        watermark,
        state.sweptAt,
        (entry) => entry.l,
      );
      const pairs = maintainTable(state.pairs, limits, watermark, state.sweptAt, lastSeen, rank);
      return {
        state: {
          version: 1,
          watermark,
          sweptAt: pairs.sweptAt,
          pairs: pairs.table,
          destinations: kept.table,
        },
        findings: [],
      };
    }
    // The pair.
    const key = `${view.tenant}${SEP}${srcIp}${SEP}${dstIp}${SEP}${view.dstPort ?? ''}`;
    const held = tableGet(state.pairs, key);
    const bytes = view.bytesOut ?? -1;
    const { pair: added, merged } = addBeat(
      held,
      time,
      bytes,
      mergeGapMs,
      maxSamples,
      view.dstHost,
    );
    let pair = added;
    const findings = [];
    if (
      !merged &&
      pair.t.length >= minConnections &&
      pair.n >= pair.c &&
      (pair.a === null || time - pair.a >= realertMs)
    ) {
      const score = scoreBeacon(pair.t, pair.b, scoring);
      if (
        score !== undefined &&
        score.beats - score.gaps >= minConnections &&
        score.score >= threshold
      ) {
        pair = { ...pair, a: time, c: 0 };
        findings.push(beaconFinding(view, pair, score, threshold, prevalence, clock));
      } else {
        // Far below the threshold, the next few beats cannot lift the score: score again later.
        const gap = Math.min(16, Math.max(1, Math.round((threshold - (score?.score ?? 0)) * 20)));
        pair = { ...pair, c: pair.n + gap };
      }
    }
    let pairs = tableSet(state.pairs, key, pair, batch);
    let sweptAt = state.sweptAt;
    ({ table: pairs, sweptAt } = maintainTable(pairs, limits, watermark, sweptAt, lastSeen, rank));
    ({ table: destinations } = maintainTable(
      destinations,
      limits,
      watermark,
      state.sweptAt,
      (entry) => entry.l,
    ));
    return { state: { version: 1, watermark, sweptAt, pairs, destinations }, findings };
  }

  return {
    id: ID,
    initialState,
    restore(value) {
      const state = value as Partial<BeaconingState> | null;
      assertState(
        typeof state === 'object' &&
          state !== null &&
          state.version === 1 &&
          typeof state.watermark === 'number' &&
          typeof state.sweptAt === 'number' &&
          isKeyedTable(state.pairs) &&
          isKeyedTable(state.destinations),
        ID,
      );
      return state as BeaconingState;
    },
    observe,
    ...stepsFromObserve(observe),
    size: (state) => state.pairs.size + state.destinations.size,
  };
}

function beaconFinding(
  view: NetworkEventView,
  pair: BeaconPair,
  score: BeaconScore,
  threshold: number,
  prevalence: number,
  clock: Clock | number | undefined,
) {
  const first = pair.t[0] as number;
  const last = pair.t[pair.t.length - 1] as number;
  const target = `${view.dstIp}${view.dstPort === undefined ? '' : `:${view.dstPort}`}`;
  const named = pair.h === null ? target : `${target} (${pair.h})`;
  const sizeText =
    score.bytesMedian === undefined
      ? 'no byte counts'
      : `${Math.round(score.bytesMedian)} B sent per beat (MAD ${Math.round(score.bytesMad ?? 0)} B)`;
  const web = view.dstPort === 80 || view.dstPort === 443 || view.dstPort === 8080;
  return networkFinding({
    analytic: ID,
    title: `Beaconing from ${view.srcIp} to ${named}`,
    message: `${view.srcIp} called ${named} every ${formatMs(score.periodMs)} (median) over ${score.beats} beats in ${formatMs(last - first)}: jitter ${round(score.jitter * 100, 1)} % (MAD/median), CV ${round(score.cv * 100, 1)} %, ${score.missedBeats} missed beats, ${sizeText}; score ${round(score.score, 2)} ≥ ${threshold}`,
    explanation: [
      `Beacon score ${round(score.score, 3)} (threshold ${threshold}) = 0.7 × timing ${round(score.timing, 3)} + 0.3 × size ${score.size === undefined ? 'n/a (timing only)' : round(score.size, 3)}.`,
      `Timing = (0.6 × regularity ${round(score.regularity, 3)} (1 − jitter ${round(score.jitter, 4)} / tolerance) + 0.4 × symmetry ${round(score.symmetry, 3)} (1 − |Bowley skew ${round(score.skewness, 3)}|)) × coverage ${round(score.coverage, 3)} (${score.missedBeats} missed beats, ${score.offBeat} off-beat intervals).`,
      `Intervals: median ${formatMs(score.periodMs)}, coefficient of variation ${round(score.cv, 4)}, ${score.gaps} long gaps left out.`,
      `Destination prevalence: ${prevalence} internal source(s) in the tenant.`,
    ].join(' '),
    severityId: score.score >= 0.9 ? 4 : 3,
    confidence: score.score,
    firstSeen: first,
    lastSeen: view.time,
    createdTime: createdAt(clock, view.time),
    key: `${view.srcIp}→${target}`,
    view,
    evidence: {
      score: round(score.score),
      threshold,
      timing_score: round(score.timing),
      size_score: score.size === undefined ? null : round(score.size),
      regularity: round(score.regularity),
      symmetry: round(score.symmetry),
      coverage: round(score.coverage),
      beats: score.beats,
      beats_total: pair.n,
      period_ms: Math.round(score.periodMs),
      jitter_mad_ratio: round(score.jitter, 4),
      interval_cv: round(score.cv, 4),
      interval_skewness: round(score.skewness, 4),
      missed_beats: score.missedBeats,
      off_beat: score.offBeat,
      gaps: score.gaps,
      bytes_median: score.bytesMedian ?? null,
      bytes_mad: score.bytesMad ?? null,
      prevalence,
      first_seen: first,
      last_seen: last,
    },
    techniques: web ? ['T1071.001'] : ['T1071'],
    count: score.beats,
  });
}
