import { createHash } from 'node:crypto';
import type { Clock } from '@openmdr/core';
import type { SigmaFieldGetter, SigmaFieldMapping, SigmaLogsource } from '../field-access.js';
import { SigmaCorrelationError } from './errors.js';
import type {
  CorrelationCondition,
  CorrelationRule,
  CorrelationType,
  RuleReference,
} from './types.js';

/** A rule match fed to the correlations: which rule, the event it matched, and when. */
export interface CorrelationMatch {
  /** The matching rule's id. */
  readonly ruleId: string;
  /** The matching rule's `name`, when it has one. */
  readonly ruleName?: string | undefined;
  /** The matched event (read through the field mapping for `group-by` and `field`). */
  readonly event: unknown;
  /** The event time in epoch milliseconds. */
  readonly timestamp: number;
  /** A reference to the event (e.g. its OCSF `metadata.uid`) kept in the alert as evidence. */
  readonly ref?: string | undefined;
}

/** A reference to one match that contributed to an alert. */
export interface CorrelationContribution {
  readonly ruleId: string;
  readonly timestamp: number;
  readonly ref?: string;
}

/** A correlation that fired. */
export interface CorrelationAlert {
  /**
   * A stable id: correlation, group, window start and end, and a digest of the contributing
   * matches (rule, time, reference), so two alerts of one group in the same millisecond (one
   * event matched by many rules) differ, and the same matches always give the same id.
   */
  readonly uid: string;
  /** The correlation's id (or name, or title). */
  readonly correlationId: string;
  readonly name?: string | undefined;
  readonly title: string;
  readonly level?: string | undefined;
  readonly author?: string | undefined;
  readonly tags?: readonly string[] | undefined;
  readonly type: CorrelationType;
  /** `group-by` field (or alias) → value of the group. */
  readonly group: Readonly<Record<string, unknown>>;
  /** First and last contributing timestamps (epoch ms). */
  readonly windowStart: number;
  readonly windowEnd: number;
  /** The measured value: event count, distinct values, sum, average or rules seen. */
  readonly value: number;
  /** The contributing matches. */
  readonly matches: readonly CorrelationContribution[];
  /** When the evaluator produced the alert (from the clock). */
  readonly detectedAt: number;
}

/** One remembered match of a group: time, index of the referenced rule, value, reference. */
export type CorrelationEntry = {
  t: number;
  r: number;
  v?: string | number | null;
  ref?: string;
};

/**
 * The whole evaluator state: plain JSON (numbers, strings, arrays, objects), so it can be
 * written to any key-value store and read back with {@link CorrelationSet.restore}.
 */
export type CorrelationState = {
  readonly version: 1;
  /** The newest event time seen, or `null` before the first match. */
  readonly watermark: number | null;
  /** The watermark at the last full expiry sweep. */
  readonly sweptAt: number | null;
  /**
   * Correlation id → bucket (a hash of the group key, 0–63) → group key (JSON of the group-by
   * values) → entries sorted by time. Buckets keep each step's copy small. Treat as
   * read-only: the reducer replaces, never mutates, what it was given.
   */
  readonly groups: Record<string, GroupTable>;
};

/** The groups of one correlation, in hash buckets. */
export type GroupTable = Record<string, Record<string, CorrelationEntry[]>>;

const BUCKETS = 64;

/** The bucket of a group key (FNV-1a). */
function bucketOf(groupKey: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < groupKey.length; index++) {
    hash ^= groupKey.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return String((hash >>> 0) % BUCKETS);
}

function isEmpty(object: object): boolean {
  for (const _ in object) return false;
  return true;
}

/** Replaces (copy on write) one group of a correlation in a step's own copy of the groups. */
function writeGroup(
  groups: Record<string, GroupTable>,
  correlation: string,
  groupKey: string,
  entries: CorrelationEntry[] | undefined,
): void {
  const table = groups[correlation] ?? {};
  const bucketKey = bucketOf(groupKey);
  const bucket = { ...(table[bucketKey] ?? {}) };
  if (entries === undefined || entries.length === 0) delete bucket[groupKey];
  else bucket[groupKey] = entries;
  const nextTable = { ...table };
  if (isEmpty(bucket)) delete nextTable[bucketKey];
  else nextTable[bucketKey] = bucket;
  if (isEmpty(nextTable)) delete groups[correlation];
  else groups[correlation] = nextTable;
}

/** The result of one step of the reducer. */
export interface CorrelationStep {
  readonly state: CorrelationState;
  /** Alerts to emit (correlations referenced by another one without `generate` are not). */
  readonly alerts: CorrelationAlert[];
}

/** Options of {@link compileCorrelations}. */
export interface CompileCorrelationsOptions {
  /** The loaded detection rules: references by name are resolved to their ids, unknown ones rejected. */
  readonly rules?: readonly RuleReference[];
  /** How to read fields from matched events; default: flat events (`event[field]`). */
  readonly mapping?: SigmaFieldMapping;
  /** The logsource of each detection rule (by id), passed to `mapping.field`. */
  readonly logsources?: Readonly<Record<string, SigmaLogsource>>;
}

interface Target {
  readonly correlation: number;
  readonly rule: number;
}

interface Compiled {
  readonly rule: CorrelationRule;
  readonly key: string;
  /** Per referenced rule: the group-by field to read (aliases applied). */
  readonly groupFields: readonly (readonly string[])[];
  readonly condition: CorrelationCondition;
  /** Whether this correlation's alerts are emitted (not swallowed by a chain). */
  emits: boolean;
}

function correlationKey(rule: CorrelationRule): string {
  return rule.id ?? rule.name ?? rule.title;
}

function holds(condition: CorrelationCondition, value: number): boolean {
  if (condition.gt !== undefined && !(value > condition.gt)) return false;
  if (condition.gte !== undefined && !(value >= condition.gte)) return false;
  if (condition.lt !== undefined && !(value < condition.lt)) return false;
  if (condition.lte !== undefined && !(value <= condition.lte)) return false;
  if (condition.eq !== undefined && value !== condition.eq) return false;
  if (condition.neq !== undefined && value === condition.neq) return false;
  return true;
}

function measure(type: CorrelationType, entries: readonly CorrelationEntry[]): number {
  switch (type) {
    case 'event_count':
      return entries.length;
    case 'value_count':
      return new Set(
        entries
          .filter((entry) => entry.v !== null && entry.v !== undefined)
          .map((entry) => entry.v),
      ).size;
    case 'value_sum':
    case 'value_avg': {
      const numbers = entries
        .map((entry) => Number(entry.v))
        .filter((value) => Number.isFinite(value));
      const sum = numbers.reduce((total, value) => total + value, 0);
      return type === 'value_sum' ? sum : numbers.length === 0 ? 0 : sum / numbers.length;
    }
    case 'temporal':
      return new Set(entries.map((entry) => entry.r)).size;
    case 'temporal_ordered': {
      let next = 0;
      for (const entry of entries) if (entry.r === next) next++;
      return next;
    }
  }
}

function flatGetter(field: string): SigmaFieldGetter {
  return (event) =>
    typeof event === 'object' && event !== null
      ? (event as Record<string, unknown>)[field]
      : undefined;
}

function scalar(value: unknown): string | number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * A compiled set of correlation rules: a pure reducer over rule matches with explicit,
 * JSON-serialisable state.
 *
 * - Windows slide: a correlation fires when its condition holds over the matches of one group
 *   within `timespan` of each other. Matches may arrive out of order within the timespan; a
 *   match older than the newest event time minus the timespan is too late and ignored.
 * - When a correlation fires, the matches of the window are consumed (the group starts again).
 * - Conditions are evaluated when a match arrives, so `lt`/`lte` fire as soon as they hold.
 * - Alerts of a correlation referenced by another (a chain) feed that correlation and are
 *   emitted only when a referencing correlation sets `generate: true` (or nothing references it).
 */
export class CorrelationSet {
  readonly #compiled: Compiled[];
  readonly #index = new Map<string, Target[]>();
  readonly #getters = new Map<string, SigmaFieldGetter>();
  readonly #mapping: SigmaFieldMapping | undefined;
  readonly #logsources: Readonly<Record<string, SigmaLogsource>>;
  readonly #minimumSpan: number;
  /** Detection rule ids and names referenced by a correlation, and whether they still emit alerts. */
  readonly #ruleEmits = new Map<string, boolean>();

  constructor(correlations: readonly CorrelationRule[], options: CompileCorrelationsOptions = {}) {
    this.#mapping = options.mapping;
    this.#logsources = options.logsources ?? {};
    const byReference = new Map<string, number>();
    correlations.forEach((rule, index) => {
      for (const reference of [rule.id, rule.name]) {
        if (reference !== undefined) {
          if (byReference.has(reference)) {
            throw new SigmaCorrelationError(
              'SIGMA_CORRELATION_REFERENCE',
              `duplicate correlation id or name '${reference}'`,
              {
                file: rule.file,
                line: rule.line,
                ruleId: correlationKey(rule),
              },
            );
          }
          byReference.set(reference, index);
        }
      }
    });
    const detectionRules = new Map<string, RuleReference>();
    for (const rule of options.rules ?? []) {
      detectionRules.set(rule.id, rule);
      if (rule.name !== undefined) detectionRules.set(rule.name, rule);
    }
    this.#compiled = correlations.map((rule) => {
      const groupFields = rule.rules.map((reference) => {
        const target = detectionRules.get(reference);
        const names = [
          reference,
          target?.id,
          target?.name,
          ...(byReference.has(reference)
            ? [correlations[byReference.get(reference) as number]?.name]
            : []),
        ];
        return rule.groupBy.map((field) => {
          const alias = rule.aliases[field];
          if (alias === undefined) return field;
          for (const name of names) {
            if (name !== undefined && alias[name] !== undefined) return alias[name] as string;
          }
          return field;
        });
      });
      const condition: CorrelationCondition =
        rule.condition ??
        (rule.type === 'temporal' || rule.type === 'temporal_ordered'
          ? { gte: new Set(rule.rules).size }
          : { gte: 1 });
      return { rule, key: correlationKey(rule), groupFields, condition, emits: true };
    });
    // Index: what a match (rule id or name, or a correlation key) feeds.
    this.#compiled.forEach((compiled, correlationIndex) => {
      compiled.rule.rules.forEach((reference, ruleIndex) => {
        const correlationIndexOfReference = byReference.get(reference);
        let keys: string[];
        if (correlationIndexOfReference !== undefined) {
          const referenced = this.#compiled[correlationIndexOfReference] as Compiled;
          keys = [`correlation:${referenced.key}`];
          if (!compiled.rule.generate) referenced.emits = false;
        } else {
          const detection = detectionRules.get(reference);
          if (detection === undefined && options.rules !== undefined) {
            throw new SigmaCorrelationError(
              'SIGMA_CORRELATION_REFERENCE',
              `correlation.rules names '${reference}', which is neither a loaded rule nor a correlation`,
              {
                file: compiled.rule.file,
                line: compiled.rule.line,
                ruleId: compiled.key,
                key: 'correlation.rules',
              },
            );
          }
          keys = detection === undefined ? [reference] : [detection.id];
          for (const key of keys) {
            this.#ruleEmits.set(key, (this.#ruleEmits.get(key) ?? false) || compiled.rule.generate);
          }
        }
        for (const key of keys) {
          const targets = this.#index.get(key) ?? [];
          targets.push({ correlation: correlationIndex, rule: ruleIndex });
          this.#index.set(key, targets);
        }
      });
    });
    this.#checkCycles(byReference);
    this.#minimumSpan = Math.min(
      ...this.#compiled.map((compiled) => compiled.rule.timespanMs),
      Number.POSITIVE_INFINITY,
    );
  }

  #checkCycles(byReference: ReadonlyMap<string, number>): void {
    const visiting = new Set<number>();
    const done = new Set<number>();
    const visit = (index: number): void => {
      if (done.has(index)) return;
      const compiled = this.#compiled[index] as Compiled;
      if (visiting.has(index)) {
        throw new SigmaCorrelationError(
          'SIGMA_CORRELATION_REFERENCE',
          'correlation chain has a cycle',
          {
            file: compiled.rule.file,
            line: compiled.rule.line,
            ruleId: compiled.key,
            key: 'correlation.rules',
          },
        );
      }
      visiting.add(index);
      for (const reference of compiled.rule.rules) {
        const next = byReference.get(reference);
        if (next !== undefined) visit(next);
      }
      visiting.delete(index);
      done.add(index);
    };
    for (let index = 0; index < this.#compiled.length; index++) visit(index);
  }

  /** The correlation rules of the set. */
  get correlations(): readonly CorrelationRule[] {
    return this.#compiled.map((compiled) => compiled.rule);
  }

  /**
   * Whether a detection rule's own matches should still be alerted on: `true` unless a
   * correlation references it without `generate: true`.
   */
  emitsRuleAlerts(ruleId: string): boolean {
    return this.#ruleEmits.get(ruleId) ?? true;
  }

  /** An empty state. */
  initialState(): CorrelationState {
    return { version: 1, watermark: null, sweptAt: null, groups: {} };
  }

  /**
   * Checks that a value read back from a store is a state of this version.
   *
   * @throws {SigmaCorrelationError} `SIGMA_CORRELATION_STATE_INVALID`.
   */
  restore(value: unknown): CorrelationState {
    const state = value as Partial<CorrelationState> | null;
    if (
      typeof state !== 'object' ||
      state === null ||
      state.version !== 1 ||
      typeof state.groups !== 'object' ||
      state.groups === null ||
      (state.watermark !== null && typeof state.watermark !== 'number')
    ) {
      throw new SigmaCorrelationError(
        'SIGMA_CORRELATION_STATE_INVALID',
        'not a correlation state of version 1',
      );
    }
    return {
      version: 1,
      watermark: state.watermark ?? null,
      sweptAt: state.sweptAt ?? null,
      groups: state.groups,
    };
  }

  #getter(field: string, ruleId: string): SigmaFieldGetter {
    const cacheKey = `${ruleId}\u0000${field}`;
    let getter = this.#getters.get(cacheKey);
    if (getter === undefined) {
      getter =
        this.#mapping?.field(field, this.#logsources[ruleId] ?? {}) ??
        (this.#mapping === undefined ? flatGetter(field) : () => undefined);
      this.#getters.set(cacheKey, getter);
    }
    return getter;
  }

  /**
   * Feeds one rule match: returns the next state (the input is not modified) and the alerts.
   * `clock` stamps `detectedAt`; windows use the matches' own timestamps.
   */
  step(state: CorrelationState, match: CorrelationMatch, clock: Clock | number): CorrelationStep {
    const now = typeof clock === 'number' ? clock : clock.now();
    const groups: Record<string, GroupTable> = { ...state.groups };
    let watermark =
      state.watermark === null ? match.timestamp : Math.max(state.watermark, match.timestamp);
    const emitted: CorrelationAlert[] = [];
    const queue: { key: string; match: CorrelationMatch; fromCorrelation: boolean }[] = [
      { key: match.ruleId, match, fromCorrelation: false },
    ];
    if (match.ruleName !== undefined && match.ruleName !== match.ruleId) {
      queue.push({ key: match.ruleName, match, fromCorrelation: false });
    }
    const seen = new Set<string>();
    while (queue.length > 0) {
      const item = queue.shift() as (typeof queue)[number];
      for (const target of this.#index.get(item.key) ?? []) {
        const visitKey = `${target.correlation}:${target.rule}:${item.match.timestamp}:${item.fromCorrelation}`;
        if (!item.fromCorrelation && seen.has(visitKey)) continue;
        seen.add(visitKey);
        const alert = this.#add(groups, target, item.match, item.fromCorrelation, watermark, now);
        if (alert === undefined) continue;
        const compiled = this.#compiled[target.correlation] as Compiled;
        if (compiled.emits) emitted.push(alert);
        queue.push({
          key: `correlation:${compiled.key}`,
          match: {
            ruleId: compiled.key,
            ruleName: compiled.rule.name,
            event: alert.group,
            timestamp: alert.windowEnd,
            ref: alert.uid,
          },
          fromCorrelation: true,
        });
        watermark = Math.max(watermark, alert.windowEnd);
      }
    }
    let sweptAt = state.sweptAt;
    if (sweptAt === null || watermark - sweptAt >= this.#minimumSpan) {
      this.#sweep(groups, watermark);
      sweptAt = watermark;
    }
    return { state: { version: 1, watermark, sweptAt, groups }, alerts: emitted };
  }

  /** Drops every entry that can no longer be part of a window once event time reaches `until`. */
  expire(state: CorrelationState, until: number): CorrelationState {
    const groups: Record<string, GroupTable> = { ...state.groups };
    const watermark = state.watermark === null ? until : Math.max(state.watermark, until);
    this.#sweep(groups, watermark);
    return { version: 1, watermark, sweptAt: watermark, groups };
  }

  #sweep(groups: Record<string, GroupTable>, watermark: number): void {
    for (const compiled of this.#compiled) {
      const table = groups[compiled.key];
      if (table === undefined) continue;
      const horizon = watermark - compiled.rule.timespanMs;
      let nextTable: GroupTable | undefined;
      for (const bucketKey in table) {
        const bucket = table[bucketKey] as Record<string, CorrelationEntry[]>;
        let nextBucket: Record<string, CorrelationEntry[]> | undefined;
        for (const groupKey in bucket) {
          const entries = bucket[groupKey] as CorrelationEntry[];
          const last = entries[entries.length - 1];
          if (last !== undefined && last.t >= horizon) {
            if (entries[0] !== undefined && entries[0].t < horizon) {
              nextBucket ??= { ...bucket };
              nextBucket[groupKey] = entries.filter((entry) => entry.t >= horizon);
            }
            continue;
          }
          nextBucket ??= { ...bucket };
          delete nextBucket[groupKey];
        }
        if (nextBucket === undefined) continue;
        nextTable ??= { ...table };
        if (isEmpty(nextBucket)) delete nextTable[bucketKey];
        else nextTable[bucketKey] = nextBucket;
      }
      if (nextTable === undefined) continue;
      if (isEmpty(nextTable)) delete groups[compiled.key];
      else groups[compiled.key] = nextTable;
    }
  }

  #add(
    groups: Record<string, GroupTable>,
    target: Target,
    match: CorrelationMatch,
    fromCorrelation: boolean,
    watermark: number,
    now: number,
  ): CorrelationAlert | undefined {
    const compiled = this.#compiled[target.correlation] as Compiled;
    const span = compiled.rule.timespanMs;
    if (match.timestamp < watermark - span) return undefined; // too late for any window
    const fields = compiled.groupFields[target.rule] as readonly string[];
    const groupValues = fields.map((field) =>
      scalar(
        fromCorrelation
          ? flatGetter(field)(match.event)
          : this.#getter(field, match.ruleId)(match.event),
      ),
    );
    const groupKey = JSON.stringify(groupValues);
    const entry: CorrelationEntry = { t: match.timestamp, r: target.rule };
    const valueFields = compiled.condition.field;
    if (valueFields !== undefined && valueFields.length > 0) {
      const values = valueFields.map((field) =>
        scalar(
          fromCorrelation
            ? flatGetter(field)(match.event)
            : this.#getter(field, match.ruleId)(match.event),
        ),
      );
      entry.v =
        values.length === 1 ? (values[0] as string | number | null) : JSON.stringify(values);
    }
    if (match.ref !== undefined) entry.ref = match.ref;
    const previous = groups[compiled.key]?.[bucketOf(groupKey)]?.[groupKey] ?? [];
    // Insert in time order (matches may arrive out of order).
    let position = previous.length;
    while (position > 0 && (previous[position - 1] as CorrelationEntry).t > entry.t) position--;
    const entries = [...previous.slice(0, position), entry, ...previous.slice(position)].filter(
      (item) => item.t >= watermark - span,
    );
    // Windows that contain the new entry: each ends at an entry in [t, t + span].
    for (const end of entries) {
      if (end.t < entry.t || end.t > entry.t + span) continue;
      const window = entries.filter((item) => item.t >= end.t - span && item.t <= end.t);
      const value = measure(compiled.rule.type, window);
      if (!holds(compiled.condition, value)) continue;
      writeGroup(
        groups,
        compiled.key,
        groupKey,
        entries.filter((item) => !window.includes(item)),
      );
      const first = window[0] as CorrelationEntry;
      const group: Record<string, unknown> = {};
      compiled.rule.groupBy.forEach((field, index) => {
        group[field] = groupValues[index];
      });
      const contributions = createHash('sha256')
        .update(window.map((item) => `${item.r}\u0000${item.t}\u0000${item.ref ?? ''}`).join('\n'))
        .digest('hex')
        .slice(0, 16);
      return {
        uid: `${compiled.key}|${groupKey}|${first.t}|${end.t}|${contributions}`,
        correlationId: compiled.key,
        name: compiled.rule.name,
        title: compiled.rule.title,
        level: compiled.rule.level,
        author: compiled.rule.author,
        tags: compiled.rule.tags,
        type: compiled.rule.type,
        group,
        windowStart: first.t,
        windowEnd: end.t,
        value,
        matches: window.map((item) => {
          const contribution: { ruleId: string; timestamp: number; ref?: string } = {
            ruleId: compiled.rule.rules[item.r] as string,
            timestamp: item.t,
          };
          if (item.ref !== undefined) contribution.ref = item.ref;
          return contribution;
        }),
        detectedAt: now,
      };
    }
    writeGroup(groups, compiled.key, groupKey, entries);
    return undefined;
  }
}

/**
 * Compiles correlation rules into a {@link CorrelationSet}: resolves `rules` references (ids
 * or names of detection rules and other correlations), applies `aliases` to `group-by`, and
 * rejects unknown references and cycles.
 *
 * @throws {SigmaCorrelationError} `SIGMA_CORRELATION_REFERENCE`.
 */
export function compileCorrelations(
  correlations: readonly CorrelationRule[],
  options: CompileCorrelationsOptions = {},
): CorrelationSet {
  return new CorrelationSet(correlations, options);
}
