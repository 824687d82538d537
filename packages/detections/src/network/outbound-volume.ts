/**
 * Unusual outbound volume: a source that sends far more out of the network than it usually
 * does (staging and exfiltration). Per (tenant, source), bytes sent on outbound connections
 * (`traffic.bytes_out` of Network Activity whose direction is outbound, see `isOutbound`) are
 * summed in buckets of `bucketMs` (UTC days by default). Closed buckets feed an exponentially
 * weighted baseline of mean μ and variance σ² (weight `alpha` for the newest bucket; empty
 * buckets count as zero):
 *
 *   δ = x − μ;  μ ← μ + α·δ;  σ² ← (1 − α)·(σ² + α·δ²)
 *
 * The running total of the current bucket raises a finding (once per bucket) as soon as, after
 * `learningBuckets` closed buckets, it is
 *
 * - at least `minBytes` (the floor: small hosts' relative jumps are not exfiltration), and
 * - at least `minRatio` × μ, and
 * - at least `zThreshold` deviations above μ, with σ floored at a quarter of μ so a perfectly
 *   flat baseline does not turn small changes into large scores.
 *
 * Daily buckets absorb what happens every day at some hour (the nightly backup, the morning
 * mail sync); hourly buckets (`bucketMs: 3_600_000`) react sooner but learn daily rhythms as
 * variance. Events of a bucket already closed (late by more than the bucket) are not counted.
 */
import type { Clock } from '@openmdr/core';
import { isOutbound } from './addresses.js';
import {
  createdAt,
  type NetworkAnalytic,
  type NetworkAnalyticStep,
  numberOption,
  stepsFromObserve,
} from './analytic.js';
import type { NetworkEventView } from './event-view.js';
import { type TableBatch, type TableLimits, tableGet } from './keyed-table.js';
import { networkFinding } from './network-finding.js';
import { round } from './robust-stats.js';
import {
  advanceSourceTable,
  emptySourceTableState,
  restoreSourceTableState,
  type SourceTableState,
} from './source-table-state.js';

const ID = 'network.outbound-volume';
const SEP = '\u0001';

/** Options of {@link createOutboundVolumeAnalytic}. */
export interface OutboundVolumeOptions {
  /** Bucket width. Default 1 day. */
  readonly bucketMs?: number;
  /** Weight of the newest bucket in the baseline, 0–1. Default 0.2. */
  readonly alpha?: number;
  /** Closed buckets before a source is judged. Default 7. */
  readonly learningBuckets?: number;
  /** Bytes a bucket must reach. Default 1 GiB. */
  readonly minBytes?: number;
  /** Multiple of the baseline mean a bucket must reach. Default 3. */
  readonly minRatio?: number;
  /** Standard deviations above the mean a bucket must reach. Default 4. */
  readonly zThreshold?: number;
  /** A source not seen for this long is forgotten. Default 14 days. */
  readonly idleMs?: number;
  /** Sources held at most. Default 50 000. */
  readonly maxSources?: number;
}

/** One (tenant, source). */
export interface VolumeEntry {
  /** Start of the current bucket. */
  readonly b: number;
  /** Bytes sent in it so far. */
  readonly x: number;
  /** Baseline mean and variance of closed buckets. */
  readonly m: number;
  readonly v: number;
  /** Closed buckets learnt. */
  readonly n: number;
  /** Bucket of the last finding, or `null`. */
  readonly a: number | null;
  /** Last event time. */
  readonly l: number;
}

/** The state of {@link createOutboundVolumeAnalytic}: one entry per source. */
export type OutboundVolumeState = SourceTableState<VolumeEntry>;

/** Folds one closed bucket total into an EWMA mean and variance. */
export function ewmaUpdate(
  mean: number,
  variance: number,
  value: number,
  alpha: number,
): { mean: number; variance: number } {
  const delta = value - mean;
  return { mean: mean + alpha * delta, variance: (1 - alpha) * (variance + alpha * delta * delta) };
}

const formatBytes = (bytes: number): string =>
  bytes >= 1024 ** 3
    ? `${round(bytes / 1024 ** 3, 2)} GiB`
    : bytes >= 1024 ** 2
      ? `${round(bytes / 1024 ** 2, 1)} MiB`
      : `${round(bytes / 1024, 1)} KiB`;

/**
 * Creates the outbound-volume analytic (see the module notes). Reads Network Activity (4001)
 * events with `src_endpoint.ip`, `dst_endpoint.ip`, `traffic.bytes_out` and `time`.
 *
 * @throws {NetworkAnalyticError} `NETWORK_ANALYTIC_OPTIONS_INVALID` for an option out of range.
 */
export function createOutboundVolumeAnalytic(
  options: OutboundVolumeOptions = {},
): NetworkAnalytic<OutboundVolumeState> {
  const bucketMs = numberOption(ID, 'bucketMs', options.bucketMs, 86_400_000, 1000);
  const alpha = numberOption(ID, 'alpha', options.alpha, 0.2, 0.001, 1);
  const learning = numberOption(ID, 'learningBuckets', options.learningBuckets, 7, 1);
  const minBytes = numberOption(ID, 'minBytes', options.minBytes, 1024 ** 3);
  const minRatio = numberOption(ID, 'minRatio', options.minRatio, 3, 1);
  const zThreshold = numberOption(ID, 'zThreshold', options.zThreshold, 4);
  const limits: TableLimits = {
    maxEntries: numberOption(ID, 'maxSources', options.maxSources, 50_000, 10),
    idleMs: numberOption(ID, 'idleMs', options.idleMs, 14 * 86_400_000, bucketMs),
    sweepEveryMs: Math.min(bucketMs, 3_600_000),
  };
  const lastSeen = (entry: VolumeEntry): number => entry.l;

  function observe(
    state: OutboundVolumeState,
    view: NetworkEventView,
    clock?: Clock | number,
    batch?: TableBatch,
  ): NetworkAnalyticStep<OutboundVolumeState> {
    const { srcIp, bytesOut } = view;
    if (
      view.classUid !== 4001 ||
      srcIp === undefined ||
      bytesOut === undefined ||
      bytesOut <= 0 ||
      !isOutbound(view.directionId, srcIp, view.dstIp)
    )
      return { state, findings: [] };
    const time = view.time;
    const bucket = Math.floor(time / bucketMs) * bucketMs;
    const key = `${view.tenant}${SEP}${srcIp}`;
    const held = tableGet(state.sources, key);
    let entry: VolumeEntry;
    if (held === undefined) entry = { b: bucket, x: 0, m: 0, v: 0, n: 0, a: null, l: time };
    else if (bucket > held.b) {
      // Close the held bucket, then the empty ones up to this one (60 at most: the rest is decay to ~0).
      let { m: mean, v: variance } = held;
      let learnt = held.n;
      const closed = Math.min(60, Math.round((bucket - held.b) / bucketMs));
      for (let index = 0; index < closed; index += 1) {
        const value = index === 0 ? held.x : 0;
        if (learnt === 0) mean = value;
        else ({ mean, variance } = ewmaUpdate(mean, variance, value, alpha));
        learnt += 1;
      }
      entry = { b: bucket, x: 0, m: mean, v: variance, n: learnt, a: held.a, l: held.l };
    } else entry = held;
    const findings = [];
    if (bucket === entry.b) {
      const total = entry.x + bytesOut;
      entry = { ...entry, x: total, l: Math.max(entry.l, time) };
      const sigma = Math.max(Math.sqrt(entry.v), entry.m / 4);
      const z = sigma > 0 ? (total - entry.m) / sigma : Number.POSITIVE_INFINITY;
      if (
        entry.n >= learning &&
        entry.a !== bucket &&
        total >= minBytes &&
        total >= minRatio * entry.m &&
        z >= zThreshold
      ) {
        entry = { ...entry, a: bucket };
        const ratio = entry.m > 0 ? total / entry.m : Number.POSITIVE_INFINITY;
        const ratioText = Number.isFinite(ratio) ? `${round(ratio, 1)} ×` : 'above a zero';
        const zText = Number.isFinite(z) ? round(z, 1) : '∞';
        findings.push(
          networkFinding({
            analytic: ID,
            title: `Unusual outbound volume from ${srcIp}`,
            message: `${srcIp} sent ${formatBytes(total)} out since ${new Date(bucket).toISOString()}, ${ratioText} its baseline of ${formatBytes(entry.m)} per bucket (z = ${zText})`,
            explanation: `Fired because the bucket total ${formatBytes(total)} reached the floor ${formatBytes(minBytes)}, ${minRatio} × the EWMA baseline mean ${formatBytes(entry.m)} (α ${alpha}, ${entry.n} buckets of ${round(bucketMs / 3_600_000, 2)} h learnt) and ${zThreshold} standard deviations above it (σ ${formatBytes(Math.sqrt(entry.v))}, floored at μ/4: z = ${zText}).`,
            severityId: ratio >= 10 ? 4 : 3,
            firstSeen: bucket,
            lastSeen: time,
            createdTime: createdAt(clock, time),
            key: `${srcIp}@${bucket}`,
            view,
            evidence: {
              bucket_start: bucket,
              bucket_ms: bucketMs,
              bytes_out: total,
              baseline_mean: Math.round(entry.m),
              baseline_stddev: Math.round(Math.sqrt(entry.v)),
              z_score: Number.isFinite(z) ? round(z, 2) : null,
              ratio: Number.isFinite(ratio) ? round(ratio, 2) : null,
              min_bytes: minBytes,
              min_ratio: minRatio,
              z_threshold: zThreshold,
              buckets_learnt: entry.n,
            },
            techniques: ['T1048'],
          }),
        );
      }
    } else entry = { ...entry, l: Math.max(entry.l, time) };
    return {
      state: advanceSourceTable(state, time, limits, lastSeen, { key, entry, batch }),
      findings,
    };
  }

  return {
    id: ID,
    initialState: () => emptySourceTableState<VolumeEntry>(),
    restore: (value) => restoreSourceTableState<VolumeEntry>(value, ID),
    observe,
    ...stepsFromObserve(observe),
    size: (state) => state.sources.size,
  };
}
