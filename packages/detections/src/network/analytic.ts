/**
 * The shape every network analytic shares: a pure reducer over OCSF events with explicit,
 * JSON-serialisable, bounded state, in the manner of the correlation reducer
 * (`initialState`, `restore`, `step(state, event, clock)`).
 */
import { type Clock, type DetectionFinding, OpenMdrError } from '@openmdr/core';
import type { NetworkEventView } from './event-view.js';
import { readNetworkEvent } from './event-view.js';
import { createTableBatch, type TableBatch } from './keyed-table.js';

/** The result of one step: the next state (the input is not modified) and new findings. */
export interface NetworkAnalyticStep<S> {
  readonly state: S;
  readonly findings: DetectionFinding[];
}

/**
 * A network analytic: `step` is a pure function of (state, event, clock). Windows, baselines
 * and learning periods run on the events' own `time`; the clock only stamps
 * `finding_info.created_time` (default: the event time, so replays give identical findings).
 *
 * @typeParam S its state: plain JSON, bounded by the analytic's caps and idle horizon.
 */
export interface NetworkAnalytic<S> {
  /** The analytic's id, also `finding_info.analytic.uid` of its findings (`network.beaconing`). */
  readonly id: string;
  /** An empty state. */
  initialState(): S;
  /**
   * Checks that a value read back from a store is a state of this analytic.
   *
   * @throws {NetworkAnalyticError} `NETWORK_ANALYTIC_STATE_INVALID`.
   */
  restore(value: unknown): S;
  /** Feeds one OCSF event; events the analytic does not read leave the state as it was. */
  step(state: S, event: Record<string, unknown>, clock?: Clock | number): NetworkAnalyticStep<S>;
  /**
   * Feeds several events in order: the same result as folding {@link NetworkAnalytic.step} over them, with the
   * state's arrays copied once per batch instead of once per event (the input is not modified).
   */
  stepBatch(
    state: S,
    events: readonly Record<string, unknown>[],
    clock?: Clock | number,
  ): NetworkAnalyticStep<S>;
  /**
   * {@link NetworkAnalytic.step} on an event already read with {@link readNetworkEvent} (runners read once).
   * With a `batch`, arrays created earlier in the same batch are updated in place.
   */
  observe(
    state: S,
    view: NetworkEventView,
    clock?: Clock | number,
    batch?: TableBatch,
  ): NetworkAnalyticStep<S>;
  /** Number of keys the state holds (pairs, sources, values…), for monitoring its bound. */
  size(state: S): number;
}

/**
 * A network analytic's state or options are not valid.
 *
 * Codes: `NETWORK_ANALYTIC_STATE_INVALID` (`details.analytic`),
 * `NETWORK_ANALYTIC_OPTIONS_INVALID` (`details.analytic`, `details.option`).
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#network_analytic_state_invalid | NETWORK_ANALYTIC_STATE_INVALID} in the error reference
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#network_analytic_options_invalid | NETWORK_ANALYTIC_OPTIONS_INVALID} in the error reference
 */
export class NetworkAnalyticError extends OpenMdrError {
  /** Marks network analytic errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.detections.NetworkAnalyticError',
  );
  declare readonly code: 'NETWORK_ANALYTIC_STATE_INVALID' | 'NETWORK_ANALYTIC_OPTIONS_INVALID';
  constructor(
    code: 'NETWORK_ANALYTIC_STATE_INVALID' | 'NETWORK_ANALYTIC_OPTIONS_INVALID',
    message: string,
    details: Record<string, unknown>,
  ) {
    super(code, message, { details });
    this.name = 'NetworkAnalyticError';
  }
}

/** The creation time for a finding: the clock's now, or the event time without a clock. */
export function createdAt(clock: Clock | number | undefined, eventTime: number): number {
  return clock === undefined ? eventTime : typeof clock === 'number' ? clock : clock.now();
}

/** Reads an option: `fallback` when absent; throws when not a number in `[min, max]`. */
export function numberOption(
  analytic: string,
  option: string,
  value: number | undefined,
  fallback: number,
  min = 0,
  max = Number.POSITIVE_INFINITY,
): number {
  const resolved = value ?? fallback;
  if (typeof resolved !== 'number' || Number.isNaN(resolved) || resolved < min || resolved > max)
    throw new NetworkAnalyticError(
      'NETWORK_ANALYTIC_OPTIONS_INVALID',
      `${analytic}: ${option} must be a number in [${min}, ${max}], got ${String(resolved)}`,
      { analytic, option },
    );
  return resolved;
}

/** Throws `NETWORK_ANALYTIC_STATE_INVALID` unless `ok`. */
export function assertState(ok: boolean, analytic: string): void {
  if (!ok)
    throw new NetworkAnalyticError(
      'NETWORK_ANALYTIC_STATE_INVALID',
      `not a ${analytic} state of version 1`,
      { analytic },
    );
}

/** Builds `step` and `stepBatch` from `observe`. */
export function stepsFromObserve<S>(
  observe: NetworkAnalytic<S>['observe'],
): Pick<NetworkAnalytic<S>, 'step' | 'stepBatch'> {
  return {
    step(state, event, clock) {
      const view = readNetworkEvent(event);
      return view === undefined ? { state, findings: [] } : observe(state, view, clock);
    },
    stepBatch(state, events, clock) {
      const batch = createTableBatch();
      let current = state;
      const findings: DetectionFinding[] = [];
      for (const event of events) {
        const view = readNetworkEvent(event);
        if (view === undefined) continue;
        const step = observe(current, view, clock, batch);
        current = step.state;
        for (const finding of step.findings) findings.push(finding);
      }
      return { state: current, findings };
    },
  };
}
