/**
 * Compiles a Sigma rule (and the meta-filters that target it) to one closure, and derives the
 * literals any match requires (for the candidate index).
 *
 * @module
 */
import {
  andGroups,
  type CompiledItem,
  compileItem,
  type ItemCompileContext,
  ItemError,
  type NeedleGroups,
  orGroups,
} from './compile-item.js';
import {
  type ConditionNode,
  parseCondition,
  resolveSelector,
  SigmaConditionSyntaxError,
} from './condition.js';
import { SigmaRuleError } from './errors.js';
import type { EventContext } from './event-context.js';
import type {
  SigmaDetection,
  SigmaDetectionItem,
  SigmaFilter,
  SigmaRule,
  SigmaSearch,
} from './types.js';

/** A compiled detection section. */
export interface CompiledDetection {
  readonly test: (context: EventContext) => boolean;
  readonly needles: NeedleGroups;
  /** Items of searches used without negation, for evidence. */
  readonly evidenceItems: readonly CompiledItem[];
}

interface CompiledSearch {
  readonly test: (context: EventContext) => boolean;
  readonly needles: NeedleGroups;
  readonly items: readonly CompiledItem[];
  /** Rough evaluation cost: children are tested cheapest first. */
  readonly cost: number;
}

/** Compiles a rule's (or filter's) detection section. Throws {@link SigmaRuleError}. */
export function compileDetection(
  document: SigmaRule | SigmaFilter,
  context: ItemCompileContext,
): CompiledDetection {
  const detection = document.detection;
  const base = document.kind === 'filter' ? 'filter' : 'detection';
  const location = (key: string | undefined, line?: number, column?: number) => ({
    file: document.source.file,
    line,
    column,
    ruleId: document.id ?? document.name ?? document.title,
    key,
  });
  const searches = new Map<string, CompiledSearch>();
  for (const [identifier, search] of detection.searches) {
    const report = context.onUnresolved;
    const searchContext: ItemCompileContext =
      report === undefined
        ? context
        : { ...context, onUnresolved: (names, item) => report(names, item, identifier) };
    try {
      searches.set(identifier, compileSearch(search, searchContext));
    } catch (error) {
      if (error instanceof ItemError) {
        const failing = (
          error as ItemError & {
            item?: { key: string; position?: { line: number; column: number } };
          }
        ).item;
        throw new SigmaRuleError(
          error.code,
          error.message,
          location(
            `${base}.${identifier}${failing === undefined ? '' : `.${failing.key}`}`,
            failing?.position?.line,
            failing?.position?.column,
          ),
        );
      }
      throw error;
    }
  }
  const names = [...searches.keys()];
  const trees = detection.conditions.map((condition) => {
    try {
      return parseCondition(condition);
    } catch (error) {
      if (SigmaConditionSyntaxError.isInstance(error)) {
        throw new SigmaRuleError(
          error.code,
          `condition '${condition}': ${error.message}`,
          location(
            `${base}.condition`,
            detection.conditionPosition?.line,
            detection.conditionPosition === undefined
              ? undefined
              : detection.conditionPosition.column + error.offset,
          ),
        );
      }
      throw error;
    }
  });
  const conditionError = (message: string) =>
    new SigmaRuleError(
      'SIGMA_CONDITION_INVALID',
      message,
      location(
        `${base}.condition`,
        detection.conditionPosition?.line,
        detection.conditionPosition?.column,
      ),
    );
  const positive = new Set<string>();
  const build = (node: ConditionNode, negated: boolean): CompiledSearch => {
    switch (node.type) {
      case 'identifier': {
        const search = searches.get(node.name);
        if (search === undefined) {
          throw conditionError(`condition names '${node.name}', which is not defined`);
        }
        if (!negated) positive.add(node.name);
        return search;
      }
      case 'not': {
        const child = build(node.child, !negated);
        const test = child.test;
        return { test: (event) => !test(event), needles: undefined, items: [], cost: child.cost };
      }
      case 'and':
      case 'or':
        return combine(
          node.type,
          node.children.map((child) => build(child, negated)),
        );
      case 'of': {
        const matched = resolveSelector(node.pattern, names);
        if (matched.length === 0) {
          throw conditionError(`'${node.pattern}' matches no search identifier`);
        }
        return combine(
          node.quantifier === 'all' ? 'and' : 'or',
          matched.map((name) => build({ type: 'identifier', name }, negated)),
        );
      }
    }
  };
  const compiled = combine(
    'or',
    trees.map((tree) => build(tree, false)),
  );
  const evidenceItems = [...positive].flatMap((name) => searches.get(name)?.items ?? []);
  return { test: compiled.test, needles: compiled.needles, evidenceItems };
}

function combine(type: 'and' | 'or', unordered: readonly CompiledSearch[]): CompiledSearch {
  if (unordered.length === 1) return unordered[0] as CompiledSearch;
  // Boolean operators commute: test the cheapest operands first (regexes and keyword
  // searches last), so that a failing cheap test skips the expensive ones.
  const parts = [...unordered].sort((a, b) => a.cost - b.cost);
  const tests = parts.map((part) => part.test);
  const needles =
    type === 'and'
      ? andGroups(parts.map((part) => part.needles))
      : orGroups(parts.map((part) => part.needles));
  const [a, b] = tests as [(e: EventContext) => boolean, (e: EventContext) => boolean];
  let test: (event: EventContext) => boolean;
  if (tests.length === 2) {
    test = type === 'and' ? (event) => a(event) && b(event) : (event) => a(event) || b(event);
  } else if (type === 'and') {
    test = (event) => {
      for (const t of tests) if (!t(event)) return false;
      return true;
    };
  } else {
    test = (event) => {
      for (const t of tests) if (t(event)) return true;
      return false;
    };
  }
  return {
    test,
    needles,
    items: parts.flatMap((part) => part.items),
    cost: parts.reduce((sum, part) => sum + part.cost, 0),
  };
}

function compileSearch(search: SigmaSearch, context: ItemCompileContext): CompiledSearch {
  const compileAll = (items: readonly SigmaDetectionItem[]) =>
    items.map((item) => {
      try {
        return compileItem(item, context);
      } catch (error) {
        if (error instanceof ItemError) Object.assign(error, { item });
        throw error;
      }
    });
  if (search.kind === 'maps') {
    return combine(
      'or',
      search.maps.map((map) => {
        const items = compileAll(map);
        return combine('and', items.map(itemSearch));
      }),
    );
  }
  const items = compileAll(search.items);
  return combine('and', items.map(itemSearch));
}

function itemSearch(item: CompiledItem): CompiledSearch {
  return { test: item.test, needles: item.needles, items: [item], cost: item.cost };
}

/** Re-exported for the engine: the detection of a rule, AND NOT each of its filters. */
export function withFilters(
  rule: CompiledDetection,
  filters: readonly CompiledDetection[],
): CompiledDetection {
  if (filters.length === 0) return rule;
  const ruleTest = rule.test;
  const filterTests = filters.map((filter) => filter.test);
  return {
    test: (event) => {
      if (!ruleTest(event)) return false;
      for (const filter of filterTests) if (filter(event)) return false;
      return true;
    },
    needles: rule.needles,
    evidenceItems: rule.evidenceItems,
  };
}

export type { SigmaDetection };
