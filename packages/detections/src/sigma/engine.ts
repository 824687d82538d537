/**
 * The Sigma engine: compiles rules to closures once, then matches events against the few
 * rules that can apply to them (logsource routing + candidate index).
 *
 * @module
 */
import { CandidateIndex } from './candidate-index.js';
import type { ItemCompileContext } from './compile-item.js';
import { type CompiledDetection, compileDetection, withFilters } from './compile-rule.js';
import { SigmaRuleError } from './errors.js';
import { collectStrings, EventContext } from './event-context.js';
import {
  logsourceApplies,
  type SigmaFieldGetter,
  type SigmaFieldMapping,
  type SigmaLogsource,
} from './field-access.js';
import { createFlatFieldMapping } from './inputs/flat.js';
import { expandLogsourceHint } from './inputs/network-logsources.js';
import { flattenWinlogEvent } from './inputs/winlog.js';
import { ocsfFieldMapping } from './ocsf/index.js';
import type {
  SigmaDetectionItem,
  SigmaFilter,
  SigmaLevel,
  SigmaRule,
  SigmaStatus,
} from './types.js';

/** How events are routed to rules. */
export type SigmaRouting =
  /** Logsource routing plus the candidate index of required literals (the default). */
  | 'indexed'
  /** Logsource routing only: every rule of the event's logsource is tested. */
  | 'logsource'
  /**
   * No routing: every rule is tested on every event, its logsource checked first (the naive
   * interpreter, for comparison; same results).
   */
  | 'none';

/** Options of {@link compileSigmaRules}. */
export interface SigmaEngineOptions {
  /**
   * Extra field mappings, selected by their `name` as `input` of {@link SigmaEngine.match}
   * (a mapping named `ocsf` replaces the built-in one). `flat`, `winlog` and `ocsf` are built
   * in.
   */
  readonly fieldMappings?: readonly SigmaFieldMapping[] | undefined;
  /** Shorthand for one entry of `fieldMappings`. */
  readonly fieldMapping?: SigmaFieldMapping | undefined;
  /** Values of `expand` placeholders (`%Servers%` → `Servers: ['srv1', 'srv2']`). */
  readonly placeholders?: Readonly<Record<string, string | readonly string[]>> | undefined;
  /**
   * What an `expand` placeholder without a configured value does:
   *
   * - `'inert'` (default): the rule compiles (everything else in it is checked) but never
   *   matches, and is listed in {@link SigmaEngine.warnings}. A meta-filter with such a
   *   placeholder makes the rules it applies to inert. Nothing matches on a guess.
   * - `'error'`: the rule does not compile (listed in {@link SigmaEngine.errors}), the strict
   *   reading of the specification.
   * - `'wildcard'`: the placeholder reads as `*` (pySigma's last-resort "wildcard
   *   placeholders"): the item matches any value of its field, which widens a selection and
   *   makes a filter exclude everything.
   */
  readonly unresolvedPlaceholders?: 'inert' | 'error' | 'wildcard' | undefined;
  /** Meta-filters, applied to the rules they name (by id or name). */
  readonly filters?: readonly SigmaFilter[] | undefined;
  /** How events are routed to rules. Defaults to `'indexed'`. */
  readonly routing?: SigmaRouting | undefined;
  /**
   * The rules (and filters) were compiled without errors before, as the rules of a bundle
   * were when it was built ({@link createSigmaBundle} leaves out, as errors, the rules that do
   * not compile): their regular expressions are then compiled on first use instead of up
   * front, which makes compiling a large ruleset much cheaper. Every other problem is still
   * reported in {@link SigmaEngine.errors}, but a regular expression that turns out invalid is
   * not: it never matches. Default `false`. {@link loadSigmaRules} sets
   * `LoadedSigmaRules.validated` when every rule came from a bundle.
   */
  readonly validated?: boolean | undefined;
  /**
   * Compile a rule when the first event of a route it applies to arrives, instead of all rules
   * up front: start-up then costs only what the events met need. Rules that a meta-filter
   * targets or that expand placeholders (whose problems and warnings must be reported up
   * front) are always compiled up front. Only sound for rules known to compile (`validated`):
   * a rule that fails later is left out then and its error appended to
   * {@link SigmaEngine.errors}, though it is listed in {@link SigmaEngine.rules}. Default: the
   * value of `validated`.
   */
  readonly compileOnDemand?: boolean | undefined;
}

/** A field and value that made a rule match. */
export interface SigmaEvidence {
  /** The Sigma field (`undefined` for a keyword search). */
  readonly field: string | undefined;
  readonly value: unknown;
}

/** One rule matching one event. */
export interface SigmaMatch {
  readonly ruleId: string | undefined;
  readonly title: string;
  readonly level: SigmaLevel | undefined;
  readonly status: SigmaStatus | undefined;
  readonly tags: readonly string[];
  /** The rule's author(s): SigmaHQ rules (DRL 1.1) require carrying it with any alert. */
  readonly author: string | undefined;
  /** The rule's licence (SPDX), when it states one. */
  readonly license: string | undefined;
  /** The fields and values of the searches that matched. */
  readonly evidence: readonly SigmaEvidence[];
  /** The rule. */
  readonly rule: SigmaRule;
}

/** Options of {@link SigmaEngine.match}. */
export interface SigmaMatchOptions {
  /** The kind of event: `'flat'` (default), `'winlog'`, or a mapping's name (`'ocsf'`). */
  readonly input?: string | undefined;
  /**
   * The event's logsource, when the caller knows it (overrides the mapping's routing). A Zeek
   * or Suricata hint with a `service` and no `category` (`{product: 'zeek', service: 'dns'}`)
   * also serves the generic categories of that log (`dns`; `proxy` and `webserver` for `http`;
   * `firewall` for `conn` and `flow`).
   */
  readonly logsource?: SigmaLogsource | undefined;
}

/** Compiled rules, ready to match events. */
export interface SigmaEngine {
  /**
   * The rules that compiled, in the order given (with `compileOnDemand`, also those still
   * waiting to be compiled).
   */
  readonly rules: readonly SigmaRule[];
  /** Rules (and filters) that did not compile, with the reason. */
  readonly errors: readonly SigmaRuleError[];
  /**
   * Rules that compiled but are inert (never match), with the reason: an `expand` placeholder
   * without a configured value (code `SIGMA_PLACEHOLDER_UNRESOLVED`), in the rule or in a
   * meta-filter applied to it. Give values with the `placeholders` option.
   */
  readonly warnings: readonly SigmaRuleError[];
  /** The rules of `event` that match. */
  match(event: unknown, options?: SigmaMatchOptions): SigmaMatch[];
  /** Statistics for benchmarks: events matched and candidate rules tested so far. */
  stats(): { events: number; candidatesTested: number };
  /**
   * The routes built so far (per input and route key): how many rules apply, and the ids of
   * those the candidate index cannot skip (no required literal could be derived).
   */
  routes(): { input: string; key: string; rules: number; unindexed: string[] }[];
}

interface Route {
  readonly rules: readonly number[];
  readonly index: CandidateIndex | undefined;
}

interface InputRuntime {
  readonly mapping: SigmaFieldMapping;
  readonly prepare: ((event: unknown) => unknown) | undefined;
  /** Each rule's compiled detection (`undefined`: failed, inert or not compiled yet). */
  readonly detections: readonly (CompiledDetection | undefined)[];
  /** The compiled detection of a rule, compiling it first when it waits to be. */
  readonly compile: (rule: number) => CompiledDetection | undefined;
  readonly context: EventContext;
  readonly routes: Map<string, Route>;
  /**
   * Candidate indexes by their rule set: route keys that select the same rules (the many event
   * ids of one channel, say) share one index instead of each building its own.
   */
  readonly indexes: Map<string, CandidateIndex>;
  readonly slotFields: readonly string[];
}

/**
 * Compiles Sigma rules for matching. Rules that do not compile are left out and reported in
 * {@link SigmaEngine.errors}; the others work.
 *
 * @example
 * ```ts
 * const { rules } = await loadSigmaRules('rules/windows');
 * const engine = compileSigmaRules(rules);
 * for (const match of engine.match(event, { input: 'winlog' })) console.log(match.title);
 * ```
 */
export function compileSigmaRules(
  rules: readonly SigmaRule[],
  options: SigmaEngineOptions = {},
): SigmaEngine {
  const placeholders: Record<string, readonly string[]> = {};
  for (const [name, value] of Object.entries(options.placeholders ?? {})) {
    placeholders[name] = typeof value === 'string' ? [value] : value;
  }
  const routing = options.routing ?? 'indexed';
  const validated = options.validated === true;
  const errors: SigmaRuleError[] = [];
  const mappings = new Map<string, SigmaFieldMapping>();
  const flat = createFlatFieldMapping();
  mappings.set('flat', flat);
  mappings.set('ocsf', ocsfFieldMapping);
  for (const mapping of [
    ...(options.fieldMappings ?? []),
    ...(options.fieldMapping ? [options.fieldMapping] : []),
  ]) {
    mappings.set(mapping.name, mapping);
  }

  // Resolve meta-filters to the rules they target.
  const byReference = new Map<string, number[]>();
  rules.forEach((rule, index) => {
    for (const reference of [rule.id, rule.name]) {
      if (reference === undefined) continue;
      const list = byReference.get(reference) ?? [];
      list.push(index);
      byReference.set(reference, list);
    }
  });
  const filtersOf = new Map<number, SigmaFilter[]>();
  for (const filter of options.filters ?? []) {
    for (const reference of filter.rules) {
      const targets = byReference.get(reference);
      if (targets === undefined) {
        errors.push(
          new SigmaRuleError(
            'SIGMA_FILTER_INVALID',
            `meta-filter targets rule '${reference}', which is not loaded`,
            {
              file: filter.source.file,
              line: filter.source.line,
              ruleId: filter.id ?? filter.title,
              key: 'filter.rules',
            },
          ),
        );
        continue;
      }
      for (const target of targets) {
        const rule = rules[target] as SigmaRule;
        if (!logsourcesCompatible(rule.logsource, filter.logsource)) {
          errors.push(
            new SigmaRuleError(
              'SIGMA_FILTER_INVALID',
              `meta-filter logsource does not fit rule '${reference}'`,
              {
                file: filter.source.file,
                line: filter.source.line,
                ruleId: filter.id ?? filter.title,
                key: 'logsource',
              },
            ),
          );
          continue;
        }
        const list = filtersOf.get(target) ?? [];
        list.push(filter);
        filtersOf.set(target, list);
      }
    }
  }

  const runtimes = new Map<string, InputRuntime>();
  const failed = new Set<number>();
  const warnings: SigmaRuleError[] = [];
  const unresolvedPlaceholders = options.unresolvedPlaceholders ?? 'inert';
  // Rules compiled when a route first selects them: with `validated`, those that no meta-filter
  // targets and that expand no placeholder (the only sources of errors and warnings then).
  const onDemand =
    (options.compileOnDemand ?? validated)
      ? rules.map((rule, index) => !filtersOf.has(index) && !expandsPlaceholders(rule))
      : undefined;
  const buildRuntime = (mapping: SigmaFieldMapping, report: boolean): InputRuntime => {
    const keywordSource = mapping.keywords
      ? (event: unknown) => (mapping.keywords as (event: unknown) => readonly string[])(event)
      : (event: unknown) => collectStrings(event);
    // Slots are added as rules compile, some of them after the first events (compileOnDemand).
    const eventContext = new EventContext([], keywordSource);
    const slotFields: string[] = [];
    const slots = new Map<SigmaFieldGetter, number>();
    const compileRule = (rule: SigmaRule, index: number): CompiledDetection | undefined => {
      if (failed.has(index)) return undefined;
      let unresolved: Unresolved | undefined;
      const context: ItemCompileContext = {
        placeholders,
        unresolvedPlaceholders,
        validated,
        onUnresolved(names, item, search) {
          if (unresolved === undefined) unresolved = { names: new Set(), item, search };
          for (const name of names) unresolved.names.add(name);
        },
        slotOf(field) {
          const getter = mapping.field(field, rule.logsource);
          if (getter === undefined) return undefined;
          let slot = slots.get(getter);
          if (slot === undefined) {
            slot = eventContext.addSlot(getter);
            slotFields.push(field);
            slots.set(getter, slot);
          }
          return slot;
        },
      };
      try {
        const detection = compileDetection(rule, context);
        const ruleUnresolved: Unresolved | undefined = unresolved;
        let inert = ruleUnresolved !== undefined;
        const filters = (filtersOf.get(index) ?? []).map((filter) => {
          unresolved = undefined;
          const compiled = compileDetection(filter, context);
          const filterUnresolved: Unresolved | undefined = unresolved;
          if (filterUnresolved !== undefined) {
            inert = true;
            if (report) {
              warnings.push(
                inertWarning(
                  filter,
                  filterUnresolved,
                  `rule '${rule.id ?? rule.title}', to which this meta-filter applies,`,
                ),
              );
            }
          }
          return compiled;
        });
        if (inert) {
          // Inert: the rule never matches until its placeholders have values.
          if (ruleUnresolved !== undefined && report) {
            warnings.push(inertWarning(rule, ruleUnresolved, 'rule'));
          }
          return undefined;
        }
        return withFilters(detection, filters);
      } catch (error) {
        if (!SigmaRuleError.isInstance(error)) throw error;
        if (report) {
          errors.push(error);
          failed.add(index);
        }
        return undefined;
      }
    };
    const pending = onDemand === undefined ? undefined : Uint8Array.from(onDemand, Number);
    const detections = rules.map((rule, index) =>
      pending?.[index] === 1 ? undefined : compileRule(rule, index),
    );
    const compile = (index: number): CompiledDetection | undefined => {
      if (pending !== undefined && pending[index] === 1) {
        pending[index] = 0;
        detections[index] = compileRule(rules[index] as SigmaRule, index);
      }
      return detections[index];
    };
    return {
      mapping,
      prepare: undefined,
      detections,
      compile,
      context: eventContext,
      routes: new Map(),
      indexes: new Map(),
      slotFields,
    };
  };
  const flatRuntime = buildRuntime(flat, true);
  runtimes.set('flat', flatRuntime);
  runtimes.set('winlog', { ...flatRuntime, prepare: flattenWinlogEvent });
  const compiledRules = rules.filter((_, index) => !failed.has(index));

  const runtimeOf = (input: string): InputRuntime => {
    let runtime = runtimes.get(input);
    if (runtime === undefined) {
      const mapping = mappings.get(input);
      if (mapping === undefined) {
        throw new SigmaRuleError(
          'SIGMA_RULE_INVALID',
          `no field mapping for input '${input}' (give one with the fieldMapping option)`,
        );
      }
      runtime = buildRuntime(mapping, false);
      runtimes.set(input, runtime);
    }
    return runtime;
  };

  const routeOf = (
    runtime: InputRuntime,
    key: string,
    logsources: readonly SigmaLogsource[] | undefined,
  ): Route => {
    let route = runtime.routes.get(key);
    if (route !== undefined) return route;
    const members: number[] = [];
    rules.forEach((rule, index) => {
      if (
        (routing === 'none' ||
          logsources === undefined ||
          logsources.some((logsource) => logsourceApplies(rule.logsource, logsource))) &&
        runtime.compile(index) !== undefined
      ) {
        members.push(index);
      }
    });
    let index: CandidateIndex | undefined;
    if (routing === 'indexed') {
      const signature = members.join(',');
      index = runtime.indexes.get(signature);
      if (index === undefined) {
        index = new CandidateIndex(
          members,
          (rule) => runtime.detections[rule]?.needles,
          rules.length,
        );
        runtime.indexes.set(signature, index);
      }
    }
    route = { rules: members, index };
    runtime.routes.set(key, route);
    return route;
  };

  // The rules' logsources in one object shape, for the naive interpreter's per-rule check.
  const ruleLogsources: SigmaLogsource[] = rules.map(({ logsource }) => ({
    product: logsource.product,
    category: logsource.category,
    service: logsource.service,
  }));
  let events = 0;
  let candidatesTested = 0;
  const candidates: number[] = [];
  return {
    rules: compiledRules,
    errors,
    warnings,
    stats: () => ({ events, candidatesTested }),
    routes: () =>
      [...runtimes.entries()].flatMap(([input, runtime]) =>
        [...runtime.routes.entries()].map(([key, route]) => ({
          input,
          key,
          rules: route.rules.length,
          unindexed: [...(route.index?.always ?? route.rules)].map(
            (index) => (rules[index] as SigmaRule).id ?? (rules[index] as SigmaRule).title,
          ),
        })),
      ),
    match(input, matchOptions = {}) {
      const runtime = runtimeOf(matchOptions.input ?? 'flat');
      const event = runtime.prepare === undefined ? input : runtime.prepare(input);
      const context = runtime.context;
      context.reset(event);
      let route: Route;
      // The naive interpreter checks each rule's logsource on each event (no routing table).
      let naiveLogsources: readonly SigmaLogsource[] | undefined;
      if (routing === 'none') {
        route = routeOf(runtime, '*none*', undefined);
        naiveLogsources =
          matchOptions.logsource === undefined
            ? runtime.mapping.logsources(event)
            : expandLogsourceHint(matchOptions.logsource);
      } else if (matchOptions.logsource !== undefined) {
        const logsource = matchOptions.logsource;
        route = routeOf(
          runtime,
          `\u0000${logsource.product ?? ''}|${logsource.category ?? ''}|${logsource.service ?? ''}`,
          expandLogsourceHint(logsource),
        );
      } else {
        const key = runtime.mapping.routeKey(event);
        route = runtime.routes.get(key) ?? routeOf(runtime, key, runtime.mapping.logsources(event));
      }
      candidates.length = 0;
      const list =
        route.index === undefined ? route.rules : route.index.candidates(context, candidates);
      events++;
      candidatesTested += list.length;
      let matches: SigmaMatch[] | undefined;
      let sorted = true;
      let last = -1;
      for (const index of list) {
        const detection = runtime.detections[index] as CompiledDetection;
        if (
          naiveLogsources !== undefined &&
          !appliesToAny(ruleLogsources[index] as SigmaLogsource, naiveLogsources)
        ) {
          continue;
        }
        if (!detection.test(context)) continue;
        matches ??= [];
        if (index < last) sorted = false;
        last = index;
        matches.push(toMatch(rules[index] as SigmaRule, detection, context, runtime, index));
      }
      if (matches === undefined) return [];
      if (!sorted) matches.sort((a, b) => rules.indexOf(a.rule) - rules.indexOf(b.rule));
      return matches;
    },
  };
}

function toMatch(
  rule: SigmaRule,
  detection: CompiledDetection,
  context: EventContext,
  runtime: InputRuntime,
  _index: number,
): SigmaMatch {
  const evidence: SigmaEvidence[] = [];
  const seen = new Set<string>();
  for (const item of detection.evidenceItems) {
    const field = item.item.field;
    const key = field ?? '\u0000keywords';
    if (seen.has(key)) continue;
    if (!item.test(context)) continue;
    seen.add(key);
    if (item.slot !== undefined) {
      evidence.push({ field, value: context.raw(item.slot) });
    } else if (field === undefined) {
      evidence.push({ field: undefined, value: item.item.values });
    }
  }
  void runtime;
  return {
    ruleId: rule.id,
    title: rule.title,
    level: rule.level,
    status: rule.status,
    tags: rule.tags,
    author: rule.author,
    license: rule.license,
    evidence,
    rule,
  };
}

/** Where an unresolved placeholder was first met, and every missing name of a document. */
interface Unresolved {
  readonly names: Set<string>;
  readonly item: SigmaDetectionItem;
  readonly search: string | undefined;
}

/** The warning of a rule (or filter) left inert by placeholders without values. */
function inertWarning(
  document: SigmaRule | SigmaFilter,
  unresolved: Unresolved,
  what: string,
): SigmaRuleError {
  const names = [...unresolved.names].map((name) => `%${name}%`).join(', ');
  const base = document.kind === 'filter' ? 'filter' : 'detection';
  return new SigmaRuleError(
    'SIGMA_PLACEHOLDER_UNRESOLVED',
    `${unresolved.names.size === 1 ? 'placeholder' : 'placeholders'} ${names} ${unresolved.names.size === 1 ? 'has' : 'have'} no configured value: the ${what} is inert (never matches) until given one (placeholders option)`,
    {
      file: document.source.file,
      line: unresolved.item.position?.line,
      column: unresolved.item.position?.column,
      ruleId: document.id ?? document.name ?? document.title,
      key: `${base}.${unresolved.search ?? '?'}.${unresolved.item.key}`,
    },
  );
}

/**
 * True when an item of the rule's detection has the `expand` modifier. Read from the rule's
 * `raw` document, whose detection keys the items come from (`Field|modifier|…`): a bundle's
 * rules build their `detection` on first access.
 */
function expandsPlaceholders(rule: SigmaRule): boolean {
  const detection = rule.raw['detection'];
  if (typeof detection !== 'object' || detection === null) return false;
  const expands = (map: unknown): boolean =>
    typeof map === 'object' &&
    map !== null &&
    !Array.isArray(map) &&
    Object.keys(map).some((key) => key.split('|').slice(1).includes('expand'));
  for (const search of Object.values(detection)) {
    if (Array.isArray(search) ? search.some(expands) : expands(search)) return true;
  }
  return false;
}

/** True when a rule of logsource `rule` applies to one of the event's logsources. */
function appliesToAny(rule: SigmaLogsource, event: readonly SigmaLogsource[]): boolean {
  for (const logsource of event) if (logsourceApplies(rule, logsource)) return true;
  return false;
}

/** A filter fits a rule when no logsource key they both set differs. */
function logsourcesCompatible(rule: SigmaLogsource, filter: SigmaLogsource): boolean {
  for (const key of ['product', 'category', 'service'] as const) {
    if (rule[key] !== undefined && filter[key] !== undefined && rule[key] !== filter[key]) {
      return false;
    }
  }
  return true;
}
