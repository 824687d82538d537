/**
 * Detection as a stage of the distributed pipeline: Sigma rules, Sigma correlations and native
 * rules over a partition's OCSF events, as a pure reducer with JSON state.
 *
 * @module
 */
import type {
  Clock,
  JsonValue,
  KeyedLogEntry,
  StageContext,
  StageStep,
  StreamEntry,
  StreamStage,
} from '@openmdr/core';
import { toDetectionFinding } from '../findings/sigma-finding.js';
import type { NativeRule } from '../rules/define-rule.js';
import { nativeAlertToFinding } from '../rules/native-finding.js';
import {
  createNativeRuleRunner,
  type NativeRuleRunner,
  type NativeRuleState,
} from '../rules/native-runner.js';
import {
  type CorrelationSet,
  type CorrelationState,
  compileCorrelations,
} from '../sigma/correlation/correlate.js';
import { correlationAlertToFinding } from '../sigma/correlation/correlation-finding.js';
import type { CorrelationRule } from '../sigma/correlation/types.js';
import { compileSigmaRules, type SigmaEngine, type SigmaEngineOptions } from '../sigma/engine.js';
import type { SigmaLogsource } from '../sigma/field-access.js';
import { ocsfFieldMapping } from '../sigma/ocsf/ocsf-field-mapping.js';
import type { SigmaRule } from '../sigma/types.js';
import { type PartitionChoice, partitionByForCorrelations } from './partition-key.js';

/** The state of one partition of a {@link DetectionStage}: plain JSON. */
export interface DetectionState {
  readonly version: 1;
  /** The Sigma correlations' windows. */
  readonly correlation: CorrelationState;
  /** The native rules' thresholds and dedup windows. */
  readonly native: NativeRuleState;
}

/** Options of {@link createDetectionStage}. */
export interface DetectionStageOptions {
  /** The stage's name (part of its state keys and its output stream). Defaults to `'detect'`. */
  readonly name?: string | undefined;
  /** The Sigma detection rules (matched with the OCSF field mapping). */
  readonly rules: readonly SigmaRule[];
  /** Sigma correlation rules over those rules' matches. */
  readonly correlations?: readonly CorrelationRule[] | undefined;
  /** Native rules (`defineRule`), evaluated on every event after the Sigma rules. */
  // biome-ignore lint/suspicious/noExplicitAny: rules of any event type run over unknown events
  readonly nativeRules?: readonly NativeRule<any>[] | undefined;
  /** Options of the Sigma engine (meta-filters, placeholders, …). */
  readonly engineOptions?: SigmaEngineOptions | undefined;
  /**
   * The time of an event without a numeric `time`: defaults to the entry's `appendedAt` (the
   * same on every delivery), so findings stay deterministic. A clock makes them depend on when
   * the entry was processed.
   */
  readonly clock?: Clock | undefined;
}

/** The detection stage: a {@link StreamStage} plus what it was built from. */
export interface DetectionStage extends StreamStage<DetectionState, JsonValue> {
  /** The compiled Sigma engine (its `errors` list the rules that did not compile). */
  readonly engine: SigmaEngine;
  /** The compiled correlations, when any were given. */
  readonly correlations: CorrelationSet | undefined;
  /** The native rule runner, when native rules were given. */
  readonly native: NativeRuleRunner | undefined;
  /** The partition entity the correlations call for, and which of them it makes exact. */
  readonly partitioning: PartitionChoice;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function metadataUid(event: Record<string, unknown>): string | undefined {
  const uid = record(event['metadata'])?.['uid'];
  return typeof uid === 'string' && uid !== '' ? uid : undefined;
}

function findingUid(finding: unknown): string {
  const uid = record(record(finding)?.['finding_info'])?.['uid'];
  if (typeof uid !== 'string') throw new TypeError('a detection finding without finding_info.uid');
  return uid;
}

/**
 * Creates the detection stage of the distributed pipeline. Per entry (an OCSF event), in order:
 * the Sigma rules (`engine.match(event, { input: 'ocsf' })` → `toDetectionFinding`), their
 * matches fed to the Sigma correlations (`correlationAlertToFinding`), then the native rules
 * (`nativeAlertToFinding`). A rule that a correlation references without `generate: true`
 * emits no finding of its own, as Sigma specifies.
 *
 * The outputs are the findings keyed by `finding_info.uid`, which is deterministic: a Sigma
 * finding's uid is a hash of the rule, the event's `metadata.uid` (else its matched fields) and
 * the event time; a correlation's, of the correlation, the group and the window end; a native
 * rule's, of the rule, the dedup key and the opening time. No wall-clock time or random id
 * enters a finding, so a redelivered event yields the same finding, in any process.
 *
 * The state (correlation windows, native thresholds) is JSON and moves with the partition.
 * Partition the stream with {@link detectionPartitionKey} by {@link DetectionStage.partitioning}
 * for the correlations to be exact.
 */
export function createDetectionStage(options: DetectionStageOptions): DetectionStage {
  const engine = compileSigmaRules(options.rules, options.engineOptions);
  const correlationRules = options.correlations ?? [];
  const logsources: Record<string, SigmaLogsource> = {};
  for (const rule of options.rules) if (rule.id !== undefined) logsources[rule.id] = rule.logsource;
  const correlations =
    correlationRules.length === 0
      ? undefined
      : compileCorrelations(correlationRules, {
          rules: options.rules
            .filter((rule) => rule.id !== undefined)
            .map((rule) => ({ id: rule.id as string, name: rule.name, title: rule.title })),
          mapping: ocsfFieldMapping,
          logsources,
        });
  const nativeRules = options.nativeRules ?? [];
  const native = nativeRules.length === 0 ? undefined : createNativeRuleRunner(nativeRules);
  const emptyCorrelation = (): CorrelationState =>
    correlations?.initialState() ?? { version: 1, watermark: null, sweptAt: null, groups: {} };
  const emptyNative = (): NativeRuleState => native?.initialState() ?? { version: 1, rules: {} };

  const initialState = (): DetectionState => ({
    version: 1,
    correlation: emptyCorrelation(),
    native: emptyNative(),
  });

  return {
    name: options.name ?? 'detect',
    engine,
    correlations,
    native,
    partitioning: partitionByForCorrelations(correlationRules),
    initialState,
    restore(stored) {
      const state = record(stored);
      if (state === undefined || state['version'] !== 1) return initialState();
      return {
        version: 1,
        correlation:
          correlations === undefined
            ? emptyCorrelation()
            : correlations.restore(state['correlation']),
        native:
          record(state['native'])?.['version'] === 1
            ? (state['native'] as unknown as NativeRuleState)
            : emptyNative(),
      };
    },
    step(
      state: DetectionState,
      entries: readonly StreamEntry<JsonValue>[],
      _context: StageContext,
    ): StageStep<DetectionState> {
      let correlationState = state.correlation;
      let nativeState = state.native;
      let latest: number | undefined;
      const outputs: KeyedLogEntry[] = [];
      const emit = (finding: unknown): void => {
        outputs.push({ key: findingUid(finding), data: finding as JsonValue });
      };
      for (const entry of entries) {
        const event = record(entry.data);
        if (event === undefined) continue;
        const time =
          typeof event['time'] === 'number' && Number.isFinite(event['time'])
            ? event['time']
            : (options.clock?.now() ?? entry.appendedAt);
        latest = latest === undefined ? time : Math.max(latest, time);
        const eventRef = metadataUid(event);
        for (const match of engine.match(event, { input: 'ocsf' })) {
          const ruleId = match.ruleId;
          if (correlations === undefined || ruleId === undefined) {
            emit(toDetectionFinding(match, event, { time, eventRef }));
            continue;
          }
          if (correlations.emitsRuleAlerts(ruleId))
            emit(toDetectionFinding(match, event, { time, eventRef }));
          const step = correlations.step(
            correlationState,
            { ruleId, ruleName: match.rule.name, event, timestamp: time, ref: eventRef },
            time,
          );
          correlationState = step.state;
          for (const alert of step.alerts) emit(correlationAlertToFinding(alert));
        }
        if (native !== undefined) {
          const step = native.evaluate(nativeState, event, { timestamp: time });
          nativeState = step.state;
          for (const alert of step.alerts) emit(nativeAlertToFinding(alert));
        }
      }
      if (native !== undefined && latest !== undefined)
        nativeState = native.expire(nativeState, latest);
      return { state: { version: 1, correlation: correlationState, native: nativeState }, outputs };
    },
  };
}
