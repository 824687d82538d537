import type { SigmaLogsource } from '../sigma/field-access.js';
import { logsourceApplies } from '../sigma/field-access.js';
import { ocsfEventLogsources } from '../sigma/ocsf/logsources.js';
import type { NativeRule, NativeRuleSeverity } from './define-rule.js';

/** A native rule alert: a new alert, opened by a match (after its threshold). */
export interface NativeRuleAlert {
  /** Stable id: rule, dedup key and the time the alert opened. */
  readonly uid: string;
  readonly ruleId: string;
  readonly title: string;
  readonly severity: NativeRuleSeverity;
  readonly description?: string | undefined;
  readonly author?: string | undefined;
  readonly references?: readonly string[] | undefined;
  readonly tags: readonly string[];
  readonly dedupKey: string;
  /** Matches that made the alert (threshold count, or 1). */
  readonly count: number;
  /** Event time of the first and of the alerting match. */
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly context: Readonly<Record<string, unknown>>;
  /** The event that opened the alert. */
  readonly event: unknown;
}

/** A match folded into an alert that is already open (same rule and dedup key, in the window). */
export interface NativeRuleDuplicate {
  readonly alertUid: string;
  readonly ruleId: string;
  readonly dedupKey: string;
  /** Matches folded into the alert so far, the first included. */
  readonly count: number;
}

/** A rule function that threw: reported, the other rules still run. */
export interface NativeRuleFailure {
  readonly ruleId: string;
  readonly phase: 'match' | 'title' | 'dedupKey' | 'context';
  readonly message: string;
}

/** Per rule and dedup key: threshold hits and the open alert. */
export type NativeRuleKeyState = {
  /** Timestamps of matches waiting for the threshold. */
  hits?: number[];
  /** The open alert. */
  alert?: { uid: string; openedAt: number; count: number };
};

/** The runner's state: plain JSON, storable in any key-value store. */
export type NativeRuleState = {
  readonly version: 1;
  /** Rule id → dedup key → threshold hits and open alert (treat as read-only). */
  readonly rules: Record<string, Record<string, NativeRuleKeyState>>;
};

/** The result of evaluating one event. */
export interface NativeRuleStep {
  readonly state: NativeRuleState;
  readonly alerts: NativeRuleAlert[];
  readonly duplicates: NativeRuleDuplicate[];
  readonly failures: NativeRuleFailure[];
}

/** Options of {@link createNativeRuleRunner}. */
export interface NativeRuleRunnerOptions {
  /** The logsources of an event, for rules that set `logsource`; default: OCSF routing. */
  readonly logsources?: (event: unknown) => readonly SigmaLogsource[] | undefined;
}

/** Options of one evaluation. */
export interface NativeRuleEvaluateOptions {
  /** Event time (epoch ms); default: the OCSF `time` attribute, else 0. */
  readonly timestamp?: number;
}

/** Evaluates native rules over events with explicit state (thresholds and dedup windows). */
export interface NativeRuleRunner {
  readonly rules: readonly NativeRule<never>[];
  initialState(): NativeRuleState;
  /** Drops dedup keys whose alert and threshold windows ended before `now` (event time). */
  expire(state: NativeRuleState, now: number): NativeRuleState;
  /** Runs every applicable rule on `event`; returns the next state (the input is not modified). */
  evaluate(
    state: NativeRuleState,
    event: unknown,
    options?: NativeRuleEvaluateOptions,
  ): NativeRuleStep;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Creates a runner for native rules. Per rule and dedup key:
 *
 * 1. with a `threshold`, matches are counted in a sliding window of `windowMs`; the alert opens
 *    at the `count`-th match (and the count starts again);
 * 2. an open alert absorbs further matches with the same key for `dedupWindowMs` after it
 *    opened (reported as {@link NativeRuleDuplicate}); after that a match opens a new alert.
 */
export function createNativeRuleRunner(
  // biome-ignore lint/suspicious/noExplicitAny: rules of any event type run over unknown events
  rules: readonly NativeRule<any>[],
  options: NativeRuleRunnerOptions = {},
): NativeRuleRunner {
  const logsourcesOf = options.logsources ?? ocsfEventLogsources;
  const ids = new Set<string>();
  for (const rule of rules) {
    if (ids.has(rule.id)) throw new Error(`duplicate native rule id ${rule.id}`);
    ids.add(rule.id);
  }
  return {
    rules,
    initialState: () => ({ version: 1, rules: {} }),
    expire: (state, now) => ({ version: 1, rules: expire({ ...state.rules }, rules, now) }),
    evaluate(state, event, evaluateOptions = {}) {
      const timestamp =
        evaluateOptions.timestamp ??
        (typeof (event as { time?: unknown } | null)?.time === 'number'
          ? (event as { time: number }).time
          : 0);
      const classUid = (event as { class_uid?: unknown } | null)?.class_uid;
      let eventLogsources: readonly SigmaLogsource[] | undefined | null = null;
      const nextRules: Record<string, Record<string, NativeRuleKeyState>> = { ...state.rules };
      const alerts: NativeRuleAlert[] = [];
      const duplicates: NativeRuleDuplicate[] = [];
      const failures: NativeRuleFailure[] = [];
      const touched: NativeRule<never>[] = [];
      for (const rule of rules) {
        if (rule.classUids !== undefined && !rule.classUids.includes(classUid as number)) continue;
        if (rule.logsource !== undefined) {
          eventLogsources ??= logsourcesOf(event) ?? [];
          const logsource = rule.logsource;
          if (!eventLogsources.some((candidate) => logsourceApplies(logsource, candidate)))
            continue;
        }
        let matched: boolean;
        try {
          matched = rule.match(event) === true;
        } catch (error) {
          failures.push({ ruleId: rule.id, phase: 'match', message: message(error) });
          continue;
        }
        if (!matched) continue;
        touched.push(rule);
        let title: string;
        try {
          title = typeof rule.title === 'string' ? rule.title : String(rule.title(event));
        } catch (error) {
          failures.push({ ruleId: rule.id, phase: 'title', message: message(error) });
          title = rule.id;
        }
        let dedupKey = title;
        if (rule.dedupKey !== undefined) {
          try {
            dedupKey = String(rule.dedupKey(event));
          } catch (error) {
            failures.push({ ruleId: rule.id, phase: 'dedupKey', message: message(error) });
          }
        }
        const keys: Record<string, NativeRuleKeyState> = { ...(nextRules[rule.id] ?? {}) };
        const previous = keys[dedupKey] ?? {};
        const open = previous.alert;
        if (
          open !== undefined &&
          timestamp >= open.openedAt &&
          timestamp < open.openedAt + rule.dedupWindowMs
        ) {
          const count = open.count + 1;
          keys[dedupKey] = { ...previous, alert: { ...open, count } };
          nextRules[rule.id] = keys;
          duplicates.push({ alertUid: open.uid, ruleId: rule.id, dedupKey, count });
          continue;
        }
        let count = 1;
        let firstSeen = timestamp;
        if (rule.threshold !== undefined) {
          const windowStart = timestamp - rule.threshold.windowMs;
          const hits = [...(previous.hits ?? []), timestamp]
            .filter((hit) => hit > windowStart)
            .sort((a, b) => a - b);
          if (hits.length < rule.threshold.count) {
            keys[dedupKey] = { hits };
            nextRules[rule.id] = keys;
            continue;
          }
          count = hits.length;
          firstSeen = hits[0] as number;
        }
        let context: Record<string, unknown> = {};
        if (rule.context !== undefined) {
          try {
            context = rule.context(event);
          } catch (error) {
            failures.push({ ruleId: rule.id, phase: 'context', message: message(error) });
          }
        }
        const uid = `${rule.id}|${dedupKey}|${timestamp}`;
        keys[dedupKey] = { alert: { uid, openedAt: timestamp, count } };
        nextRules[rule.id] = keys;
        alerts.push({
          uid,
          ruleId: rule.id,
          title,
          severity: rule.severity,
          description: rule.description,
          author: rule.author,
          references: rule.references,
          tags: rule.tags ?? [],
          dedupKey,
          count,
          firstSeen,
          lastSeen: timestamp,
          context,
          event,
        });
      }
      return {
        state: { version: 1, rules: expire(nextRules, rules, timestamp) },
        alerts,
        duplicates,
        failures,
      };
    },
  };
}

/** Drops dedup keys whose alert window and threshold hits are all in the past. */
function expire(
  state: Record<string, Record<string, NativeRuleKeyState>>,
  // biome-ignore lint/suspicious/noExplicitAny: see createNativeRuleRunner
  rules: readonly NativeRule<any>[],
  now: number,
): Record<string, Record<string, NativeRuleKeyState>> {
  for (const rule of rules) {
    const keys = state[rule.id];
    if (keys === undefined) continue;
    let changed: Record<string, NativeRuleKeyState> | undefined;
    for (const [key, value] of Object.entries(keys)) {
      const alertAlive =
        value.alert !== undefined && now < value.alert.openedAt + rule.dedupWindowMs;
      const hitsAlive =
        value.hits !== undefined &&
        rule.threshold !== undefined &&
        value.hits.some((hit) => hit > now - (rule.threshold as { windowMs: number }).windowMs);
      if (!alertAlive && !hitsAlive) {
        changed ??= { ...keys };
        delete changed[key];
      }
    }
    if (changed !== undefined) {
      if (Object.keys(changed).length === 0) delete state[rule.id];
      else state[rule.id] = changed;
    }
  }
  return state;
}
