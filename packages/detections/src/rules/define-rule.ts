import { OpenMdrError } from '@openmdr/core';
import type { SigmaLogsource } from '../sigma/field-access.js';

/** Severity of a native rule (the Sigma levels). */
export type NativeRuleSeverity = 'informational' | 'low' | 'medium' | 'high' | 'critical';

/** A threshold: alert only after `count` matches with the same dedup key within `windowMs`. */
export interface NativeRuleThreshold {
  readonly count: number;
  readonly windowMs: number;
}

/**
 * A detection written as code: pure functions over one event (an OCSF event by default).
 *
 * @typeParam E the event type the rule reads (default: a JSON object).
 */
export interface NativeRuleDefinition<E = Record<string, unknown>> {
  /** A stable id (the finding's rule uid). */
  readonly id: string;
  /** The alert title, fixed or from the event. */
  readonly title: string | ((event: E) => string);
  readonly severity: NativeRuleSeverity;
  readonly description?: string;
  readonly author?: string;
  readonly references?: readonly string[];
  /** Tags, e.g. `attack.t1059.001`, `attack.execution` (ATT&CK as in Sigma). */
  readonly tags?: readonly string[];
  /** Only events of this logsource (read by the runner's logsource function). */
  readonly logsource?: SigmaLogsource;
  /** Only OCSF events of these classes. */
  readonly classUid?: number | readonly number[];
  /** Whether the event is a detection. Must be pure; a throw is reported, not raised. */
  match(event: E): boolean;
  /** Groups matches into one alert; default: the title. */
  dedupKey?(event: E): string;
  /** How long matches with the same dedup key join the open alert (default 1 hour). */
  readonly dedupWindowMs?: number;
  /** Alert only after `count` matches per dedup key within `windowMs` (default: every match). */
  readonly threshold?: NativeRuleThreshold;
  /** Extra context for the analyst (kept in the alert and the finding). */
  context?(event: E): Record<string, unknown>;
}

/** A rule returned by {@link defineRule}: checked, frozen, with defaults applied. */
export interface NativeRule<E = Record<string, unknown>> extends NativeRuleDefinition<E> {
  readonly dedupWindowMs: number;
  readonly classUids: readonly number[] | undefined;
}

/**
 * A native rule definition that is not valid.
 *
 * Code: `NATIVE_RULE_INVALID`; `details.ruleId` and `details.key` say which rule and attribute.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#native_rule_invalid | NATIVE_RULE_INVALID} in the error reference
 */
export class NativeRuleError extends OpenMdrError {
  /** Marks native rule errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for('openmdr.error.detections.NativeRuleError');
  declare readonly code: 'NATIVE_RULE_INVALID';
  constructor(message: string, ruleId: string | undefined, key: string) {
    super('NATIVE_RULE_INVALID', message, { details: { ruleId, key } });
    this.name = 'NativeRuleError';
  }
}

const severities = new Set<NativeRuleSeverity>([
  'informational',
  'low',
  'medium',
  'high',
  'critical',
]);

/** One hour, the default dedup window (as in Panther). */
export const DEFAULT_DEDUP_WINDOW_MS = 3_600_000;

/**
 * Defines a native rule: checks the definition and applies defaults.
 *
 * @example
 * ```ts
 * const encodedPowerShell = defineRule({
 *   id: 'openmdr-native-encoded-powershell',
 *   title: (event) => `Encoded PowerShell on ${event.device?.hostname}`,
 *   severity: 'high',
 *   classUid: 1007,
 *   tags: ['attack.execution', 'attack.t1059.001'],
 *   match: (event) => /powershell/i.test(event.process?.file?.path ?? '') && / -enc/i.test(event.process?.cmd_line ?? ''),
 *   dedupKey: (event) => event.device?.hostname ?? 'unknown',
 * });
 * ```
 * @throws {NativeRuleError} for a missing id/title/match, an unknown severity or a bad threshold.
 */
export function defineRule<E = Record<string, unknown>>(
  definition: NativeRuleDefinition<E>,
): NativeRule<E> {
  const id = definition.id;
  if (typeof id !== 'string' || id.trim() === '')
    throw new NativeRuleError('a rule needs an id', undefined, 'id');
  if (typeof definition.title !== 'string' && typeof definition.title !== 'function') {
    throw new NativeRuleError(`rule ${id} needs a title`, id, 'title');
  }
  if (!severities.has(definition.severity)) {
    throw new NativeRuleError(
      `rule ${id} has severity ${JSON.stringify(definition.severity)}; expected one of ${[...severities].join(', ')}`,
      id,
      'severity',
    );
  }
  if (typeof definition.match !== 'function')
    throw new NativeRuleError(`rule ${id} needs a match function`, id, 'match');
  const threshold = definition.threshold;
  if (
    threshold !== undefined &&
    (!Number.isInteger(threshold.count) || threshold.count < 1 || !(threshold.windowMs > 0))
  ) {
    throw new NativeRuleError(
      `rule ${id}: threshold needs an integer count ≥ 1 and windowMs > 0`,
      id,
      'threshold',
    );
  }
  const dedupWindowMs = definition.dedupWindowMs ?? DEFAULT_DEDUP_WINDOW_MS;
  if (!(dedupWindowMs >= 0))
    throw new NativeRuleError(`rule ${id}: dedupWindowMs must be ≥ 0`, id, 'dedupWindowMs');
  const classUids =
    definition.classUid === undefined
      ? undefined
      : typeof definition.classUid === 'number'
        ? [definition.classUid]
        : [...definition.classUid];
  return Object.freeze({ ...definition, dedupWindowMs, classUids });
}
