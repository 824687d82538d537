/**
 * All network analytics behind one reducer: the event is read once and handed to each enabled
 * analytic; the state is one JSON object holding each analytic's state under its id.
 */
import type { Clock, DetectionFinding } from '@openmdr/core';
import {
  assertState,
  type NetworkAnalytic,
  type NetworkAnalyticStep,
  stepsFromObserve,
} from './analytic.js';
import { type BeaconingOptions, createBeaconingAnalytic } from './beaconing.js';
import { createDgaAnalytic, type DgaOptions } from './dga.js';
import { createDnsTunnellingAnalytic, type DnsTunnellingOptions } from './dns-tunnelling.js';
import type { NetworkEventView } from './event-view.js';
import type { TableBatch } from './keyed-table.js';
import { createOutboundVolumeAnalytic, type OutboundVolumeOptions } from './outbound-volume.js';
import { createRarityAnalytic, type RarityOptions } from './rarity.js';
import { createScanAnalytic, type ScanOptions } from './scans.js';

/** Options of {@link createNetworkAnalytics}: each analytic's options, or `false` to leave it out. */
export interface NetworkAnalyticsOptions {
  /** {@link createBeaconingAnalytic} options. */
  readonly beaconing?: BeaconingOptions | false;
  /** {@link createDnsTunnellingAnalytic} options. */
  readonly dnsTunnelling?: DnsTunnellingOptions | false;
  /** {@link createDgaAnalytic} options. */
  readonly dga?: DgaOptions | false;
  /** {@link createScanAnalytic} options. */
  readonly scans?: ScanOptions | false;
  /** {@link createRarityAnalytic} options. */
  readonly rarity?: RarityOptions | false;
  /** {@link createOutboundVolumeAnalytic} options. */
  readonly outboundVolume?: OutboundVolumeOptions | false;
}

/** The state of {@link createNetworkAnalytics}: each enabled analytic's state under its id. */
export interface NetworkAnalyticsState {
  /** State format version. */
  readonly version: 1;
  /** Analytic id → its state. */
  readonly analytics: Readonly<Record<string, unknown>>;
}

/** The combined analytic, with the analytics it runs. */
export interface NetworkAnalytics extends NetworkAnalytic<NetworkAnalyticsState> {
  /** The analytics it runs, in order. */
  readonly analytics: readonly NetworkAnalytic<unknown>[];
}

/**
 * Creates the combined network analytic: beaconing, DNS tunnelling, DGA, scans, rarity and
 * outbound volume (each enabled unless its option is `false`).
 *
 * @example
 * ```ts
 * const network = createNetworkAnalytics({ rarity: { learningPeriodMs: 14 * 86_400_000 } });
 * let state = network.restore((await store.get('network-analytics')) ?? network.initialState());
 * for (const event of events) {
 *   const step = network.step(state, event, clock);
 *   state = step.state;
 *   for (const finding of step.findings) emit(finding);
 * }
 * await store.set('network-analytics', state);
 * ```
 */
export function createNetworkAnalytics(options: NetworkAnalyticsOptions = {}): NetworkAnalytics {
  const analytics: NetworkAnalytic<unknown>[] = [];
  const add = <S, O>(
    option: O | false | undefined,
    create: (value: O) => NetworkAnalytic<S>,
  ): void => {
    if (option !== false) analytics.push(create((option ?? {}) as O) as NetworkAnalytic<unknown>);
  };
  add(options.beaconing, createBeaconingAnalytic);
  add(options.dnsTunnelling, createDnsTunnellingAnalytic);
  add(options.dga, createDgaAnalytic);
  add(options.scans, createScanAnalytic);
  add(options.rarity, createRarityAnalytic);
  add(options.outboundVolume, createOutboundVolumeAnalytic);

  function observe(
    state: NetworkAnalyticsState,
    view: NetworkEventView,
    clock?: Clock | number,
    batch?: TableBatch,
  ): NetworkAnalyticStep<NetworkAnalyticsState> {
    let next: Record<string, unknown> | undefined;
    const findings: DetectionFinding[] = [];
    for (const analytic of analytics) {
      const held = state.analytics[analytic.id] ?? analytic.initialState();
      const step = analytic.observe(held, view, clock, batch);
      if (step.state !== held) {
        next ??= { ...state.analytics };
        next[analytic.id] = step.state;
      }
      for (const finding of step.findings) findings.push(finding);
    }
    return { state: next === undefined ? state : { version: 1, analytics: next }, findings };
  }

  return {
    id: 'network',
    analytics,
    initialState: () => ({
      version: 1,
      analytics: Object.fromEntries(
        analytics.map((analytic) => [analytic.id, analytic.initialState()]),
      ),
    }),
    restore(value) {
      const state = value as Partial<NetworkAnalyticsState> | null;
      assertState(
        typeof state === 'object' &&
          state !== null &&
          state.version === 1 &&
          typeof state.analytics === 'object' &&
          state.analytics !== null,
        'network',
      );
      const held = (state as NetworkAnalyticsState).analytics;
      return {
        version: 1,
        analytics: Object.fromEntries(
          analytics.map((analytic) => [
            analytic.id,
            held[analytic.id] === undefined
              ? analytic.initialState()
              : analytic.restore(held[analytic.id]),
          ]),
        ),
      };
    },
    observe,
    ...stepsFromObserve(observe),
    size: (state) =>
      analytics.reduce(
        (total, analytic) =>
          total +
          (state.analytics[analytic.id] === undefined
            ? 0
            : analytic.size(state.analytics[analytic.id])),
        0,
      ),
  };
}
