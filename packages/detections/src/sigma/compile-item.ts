/**
 * Compiles one detection item (`Field|modifiers: values`) to a closure over an
 * {@link EventContext}, and derives the literals that any match requires (for the candidate
 * index). What the item means comes from {@link analyseItem}, shared with the query converters.
 *
 * @module
 */
import { type CidrNetwork, inNetwork, parseIp } from './cidr.js';
import type { EventContext, FieldText } from './event-context.js';
import {
  analyseItem,
  ItemError,
  type ItemSemanticsContext,
  type SigmaItemSemantics,
} from './item-semantics.js';
import { compileGuardedRegex, type RegexFlags, regexRequiredLiterals } from './regex-guard.js';
import { compileStringTest, type StringTest } from './sigma-string.js';
import type { SigmaDetectionItem } from './types.js';

export { ItemError, SIGMA_MODIFIERS } from './item-semantics.js';

/** A literal that a matching event must contain, lowercased, in a field slot. */
export type Needle =
  | { readonly kind: 'exact'; readonly slot: number; readonly text: string }
  | { readonly kind: 'basename'; readonly slot: number; readonly text: string }
  | { readonly kind: 'substring'; readonly slot: number; readonly text: string };

/** A set of needles of which at least one must hold; `undefined` when none can be derived. */
export type NeedleSet = readonly Needle[] | undefined;

/**
 * What a match requires, in conjunctive form: every group (a set of needles of which one must
 * hold) must hold. `undefined` when nothing can be derived.
 */
export type NeedleGroups = readonly (readonly Needle[])[] | undefined;

/** A compiled detection item. */
export interface CompiledItem {
  readonly item: SigmaDetectionItem;
  /** The slot of the field (`undefined` for keywords or a field the mapping cannot read). */
  readonly slot: number | undefined;
  readonly test: (context: EventContext) => boolean;
  readonly needles: NeedleGroups;
  /** A rough evaluation cost, to test cheap items first in AND/OR. */
  readonly cost: number;
}

/** What item compilation needs from its caller. */
export interface ItemCompileContext extends ItemSemanticsContext {
  /** The slot of a Sigma field, or `undefined` when the mapping cannot read it. */
  slotOf(field: string): number | undefined;
  /**
   * The rules were compiled without errors before: regular expressions are compiled on first
   * use instead of here (see `SigmaEngineOptions.validated`).
   */
  readonly validated?: boolean | undefined;
}

/** The pseudo-slot of keyword searches: every string value of the event. */
export const KEYWORD_SLOT = -1;

/** Minimum length of a substring needle usable by the n-gram index. */
export const NEEDLE_MIN_LENGTH = 4;

/** Compiles one detection item. Throws {@link ItemError}. */
export function compileItem(item: SigmaDetectionItem, context: ItemCompileContext): CompiledItem {
  const semantics = analyseItem(item, context);
  const { field, all } = semantics;
  const slot = field === undefined ? undefined : context.slotOf(field);
  let compiled: { test: (context: EventContext) => boolean; needles: NeedleGroups };
  switch (semantics.kind) {
    case 'exists': {
      const value = semantics.exists;
      compiled = {
        test:
          slot === undefined ? () => !value : (event) => (event.raw(slot) !== undefined) === value,
        needles: undefined,
      };
      break;
    }
    case 'regex': {
      const { flags, sources } = semantics;
      const tests = sources.map((source) => {
        if (context.validated === true) return lazyRegexTest(source, flags);
        try {
          const regex = compileGuardedRegex(source, flags);
          return (text: string) => regex.test(text);
        } catch (error) {
          throw new ItemError(
            `invalid regular expression '${source}': ${(error as Error).message}`,
          );
        }
      });
      const literalNeedles: NeedleGroups[] = sources.map((source) =>
        slot === undefined ? undefined : regexNeedles(source, slot, flags.ignoreCase),
      );
      compiled = {
        test: valueTest(slot, field, false, tests, all),
        needles: all ? andGroups(literalNeedles) : orGroups(literalNeedles),
      };
      break;
    }
    case 'cidr': {
      const networks = semantics.networks.map((entry) => entry.network);
      const inNetworks = (text: string, list: readonly CidrNetwork[]): boolean => {
        const groups = parseIp(text.trim());
        if (groups === undefined) return false;
        for (const network of list) if (inNetwork(groups, network)) return true;
        return false;
      };
      // Without `all`, the value is parsed once and tried against every network.
      const tests = all
        ? networks.map((network) => (text: string) => inNetworks(text, [network]))
        : [(text: string) => inNetworks(text, networks)];
      compiled = { test: valueTest(slot, field, false, tests, all), needles: undefined };
      break;
    }
    case 'compare':
      compiled = compileNumeric(semantics, slot);
      break;
    case 'fieldref': {
      const { cased, position } = semantics;
      const tests = semantics.others.map((value) => {
        const other = context.slotOf(value);
        return (event: EventContext): boolean => {
          if (slot === undefined || other === undefined) return false;
          const left = cased ? event.text(slot) : event.lower(slot);
          const right = cased ? event.text(other) : event.lower(other);
          if (left === undefined || right === undefined) return false;
          const rights = typeof right === 'string' ? [right] : right;
          return anyText(left, (text) =>
            rights.some((r) =>
              position === 'contains'
                ? text.includes(r)
                : position === 'startswith'
                  ? text.startsWith(r)
                  : position === 'endswith'
                    ? text.endsWith(r)
                    : text === r,
            ),
          );
        };
      });
      compiled = {
        test: all
          ? (event) => tests.every((test) => test(event))
          : (event) => tests.some((test) => test(event)),
        needles: undefined,
      };
      break;
    }
    case 'strings':
      compiled = compileStringItem(semantics, slot);
      break;
  }
  const { test, needles } = compiled;
  const valueCount = item.values.length;
  const kind = semantics.kind;
  const cost =
    (kind === 'regex'
      ? 12
      : field === undefined
        ? 20
        : kind === 'fieldref' || kind === 'cidr'
          ? 4
          : 1) +
    valueCount / 8;
  return {
    item,
    slot,
    cost,
    test: semantics.negate ? (event) => !test(event) : test,
    needles: semantics.negate ? undefined : needles,
  };
}

/**
 * A test of `source` that compiles it on first use. A pattern that does not compile (a rule
 * that was not validated after all) never matches.
 */
function lazyRegexTest(source: string, flags: RegexFlags): (text: string) => boolean {
  let test: ((text: string) => boolean) | undefined;
  return (text) => {
    if (test === undefined) {
      try {
        const regex = compileGuardedRegex(source, flags);
        test = (value) => regex.test(value);
      } catch {
        test = () => false;
      }
    }
    return test(text);
  };
}

function compileStringItem(
  semantics: SigmaItemSemantics & { kind: 'strings' },
  slot: number | undefined,
): { test: (context: EventContext) => boolean; needles: NeedleGroups } {
  const keyword = semantics.field === undefined;
  const all = semantics.all;
  const perValue = semantics.values.map(({ patterns, folded, isNull }) => ({
    tests: patterns.map((pattern) => compileStringTest(pattern, folded)),
    folded,
    isNull,
  }));
  // Keyword searches are indexed on the pseudo-slot of every string value of the event.
  const needles = deriveNeedles(perValue, keyword ? KEYWORD_SLOT : slot, all);
  const valueTests = perValue.map(({ tests, folded, isNull }) => {
    if (isNull) {
      return slot === undefined
        ? () => true
        : (event: EventContext) => {
            const raw = event.raw(slot);
            return raw === undefined || raw === null;
          };
    }
    const test = anyOf(tests);
    if (keyword) {
      const contains = tests.every((t) => t.shape.kind === 'contains');
      if (folded && contains) {
        const texts = tests.map((t) => (t.shape as { text: string }).text);
        return (event: EventContext) => {
          const joined = event.keywordText();
          for (const text of texts) if (joined.includes(text)) return true;
          return false;
        };
      }
      return folded
        ? (event: EventContext) => event.keywords().some(test)
        : (event: EventContext) => event.keywordsCased().some(test);
    }
    if (slot === undefined) return () => false;
    return folded
      ? (event: EventContext) => anyText(event.lower(slot), test)
      : (event: EventContext) => anyText(event.text(slot), test);
  });
  // Fast path: one field, every value folded, OR-ed: a single text read and one combined test.
  if (
    !all &&
    !keyword &&
    slot !== undefined &&
    perValue.every((value) => value.folded && !value.isNull)
  ) {
    const test = anyOf(perValue.flatMap((value) => value.tests));
    return { test: (event) => anyText(event.lower(slot), test), needles };
  }
  if (valueTests.length === 1)
    return { test: valueTests[0] as (e: EventContext) => boolean, needles };
  return {
    test: all
      ? (event) => valueTests.every((test) => test(event))
      : (event) => valueTests.some((test) => test(event)),
    needles,
  };
}

function compileNumeric(
  semantics: SigmaItemSemantics & { kind: 'compare' },
  slot: number | undefined,
): { test: (context: EventContext) => boolean; needles: NeedleGroups } {
  const { part, op, all } = semantics;
  const read = (raw: unknown): number | undefined => {
    if (part !== undefined) return timePart(raw, part);
    if (typeof raw === 'number') return raw;
    if (typeof raw === 'string' && raw.trim() !== '') {
      const number = Number(raw);
      return Number.isFinite(number) ? number : undefined;
    }
    return undefined;
  };
  const compare = (left: number, right: number): boolean =>
    op === 'gt'
      ? left > right
      : op === 'gte'
        ? left >= right
        : op === 'lt'
          ? left < right
          : op === 'lte'
            ? left <= right
            : left === right;
  const tests = semantics.values.map((target) => (event: EventContext): boolean => {
    if (slot === undefined) return false;
    const raw = event.raw(slot);
    const values = Array.isArray(raw) ? raw : [raw];
    return values.some((entry) => {
      const number = read(entry);
      return number !== undefined && compare(number, target);
    });
  });
  return {
    test: all ? (event) => tests.every((t) => t(event)) : (event) => tests.some((t) => t(event)),
    needles: undefined,
  };
}

/** Extracts a UTC date part from a date value (ISO-like string, or epoch seconds/ms). */
export function timePart(raw: unknown, part: string): number | undefined {
  let time: number;
  if (typeof raw === 'number') time = raw < 1e11 ? raw * 1000 : raw;
  else if (typeof raw === 'string') {
    let text = raw.trim();
    if (/^\d{4}-\d{2}-\d{2} \d/.test(text)) text = text.replace(' ', 'T');
    if (/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) text += 'Z';
    time = Date.parse(text);
  } else return undefined;
  if (!Number.isFinite(time)) return undefined;
  const date = new Date(time);
  switch (part) {
    case 'minute':
      return date.getUTCMinutes();
    case 'hour':
      return date.getUTCHours();
    case 'day':
      return date.getUTCDate();
    case 'month':
      return date.getUTCMonth() + 1;
    case 'year':
      return date.getUTCFullYear();
    default: {
      // ISO 8601 week number: the week of the Thursday of this date's week.
      const thursday = new Date(
        Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()),
      );
      const weekday = thursday.getUTCDay() || 7;
      thursday.setUTCDate(thursday.getUTCDate() + 4 - weekday);
      const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
      return Math.ceil(((thursday.getTime() - yearStart) / 86400000 + 1) / 7);
    }
  }
}

function valueTest(
  slot: number | undefined,
  field: string | undefined,
  folded: boolean,
  tests: readonly ((text: string) => boolean)[],
  all: boolean,
): (context: EventContext) => boolean {
  if (field === undefined) {
    return all
      ? (event) => tests.every((test) => event.keywordsCased().some(test))
      : (event) => event.keywordsCased().some((text) => tests.some((test) => test(text)));
  }
  if (slot === undefined) return () => false;
  const read = folded
    ? (event: EventContext) => event.lower(slot)
    : (event: EventContext) => event.text(slot);
  if (all) return (event) => tests.every((test) => anyText(read(event), test));
  const single = tests.length === 1 ? tests[0] : undefined;
  if (single !== undefined) return (event) => anyText(read(event), single);
  return (event) => anyText(read(event), (text) => tests.some((test) => test(text)));
}

/** True when `text` (or any element of it) passes `test`. */
export function anyText(text: FieldText, test: (text: string) => boolean): boolean {
  if (text === undefined) return false;
  if (typeof text === 'string') return test(text);
  for (const entry of text) if (test(entry)) return true;
  return false;
}

/** Combines OR-ed string tests: equalities become one set lookup, suffixes one loop, … */
function anyOf(tests: readonly StringTest[]): (text: string) => boolean {
  if (tests.length === 1) return (tests[0] as StringTest).test;
  const equals = new Set<string>();
  const suffixes: string[] = [];
  const prefixes: string[] = [];
  const substrings: string[] = [];
  const others: ((text: string) => boolean)[] = [];
  let always = false;
  for (const test of tests) {
    const shape = test.shape;
    if (shape.kind === 'equals') equals.add(shape.text);
    else if (shape.kind === 'endswith') suffixes.push(shape.text);
    else if (shape.kind === 'startswith') prefixes.push(shape.text);
    else if (shape.kind === 'contains') substrings.push(shape.text);
    else if (shape.kind === 'any') always = true;
    else others.push(test.test);
  }
  if (always) return () => true;
  if (substrings.length >= 8) {
    const multi = multiContains(substrings);
    substrings.length = 0;
    others.push(multi);
  }
  if (suffixes.length >= 4) {
    const multi = multiSuffix(suffixes);
    suffixes.length = 0;
    others.unshift(multi);
  }
  return (text) => {
    if (equals.size > 0 && equals.has(text)) return true;
    for (const suffix of suffixes) if (text.endsWith(suffix)) return true;
    for (const prefix of prefixes) if (text.startsWith(prefix)) return true;
    for (const substring of substrings) if (text.includes(substring)) return true;
    for (const other of others) if (other(text)) return true;
    return false;
  };
}

/**
 * One pass over the text for many substrings: a bitmap of first code units, then
 * `startsWith` at each position whose code unit starts a substring.
 */
function multiContains(substrings: readonly string[]): (text: string) => boolean {
  // A table for ASCII first characters (the usual case) and the map for the others: a table of
  // every UTF-16 code unit (64 KiB per item) made compiling thousands of rules allocation-bound.
  const first = new Uint8Array(128);
  const byFirst = new Map<number, string[]>();
  let shortest = Number.POSITIVE_INFINITY;
  for (const substring of substrings) {
    if (substring === '') return () => true;
    const code = substring.charCodeAt(0);
    if (code < 128) first[code] = 1;
    const list = byFirst.get(code);
    if (list === undefined) byFirst.set(code, [substring]);
    else list.push(substring);
    shortest = Math.min(shortest, substring.length);
  }
  return (text) => {
    const end = text.length - shortest;
    for (let at = 0; at <= end; at++) {
      const code = text.charCodeAt(at);
      if (code < 128 ? first[code] === 0 : !byFirst.has(code)) continue;
      for (const substring of byFirst.get(code) as string[]) {
        if (text.startsWith(substring, at)) return true;
      }
    }
    return false;
  };
}

/**
 * Many suffixes at once: suffixes with a `\` are grouped by the text after their last `\`
 * (one map lookup on the value's own last segment), the others are tried one by one.
 */
function multiSuffix(suffixes: readonly string[]): (text: string) => boolean {
  const byTail = new Map<string, string[]>();
  const plain: string[] = [];
  for (const suffix of suffixes) {
    const separator = suffix.lastIndexOf('\\');
    if (separator < 0) {
      plain.push(suffix);
      continue;
    }
    const tail = suffix.slice(separator + 1);
    const list = byTail.get(tail);
    if (list === undefined) byTail.set(tail, [suffix]);
    else list.push(suffix);
  }
  return (text) => {
    const list = byTail.get(text.slice(text.lastIndexOf('\\') + 1));
    if (list !== undefined) for (const suffix of list) if (text.endsWith(suffix)) return true;
    for (const suffix of plain) if (text.endsWith(suffix)) return true;
    return false;
  };
}

/**
 * The required literals of a regular expression as needle groups (each is necessary): ASCII
 * runs of two characters or more, or one rare punctuation character. Under case-insensitive
 * matching, runs are cut at `s`: RE2's case folding also matches `ſ` (long s) to `s`, and `ſ`
 * does not lowercase to `s` (the Kelvin sign, which folds to `k`, does lowercase to `k`).
 */
function regexNeedles(source: string, slot: number, ignoreCase: boolean): NeedleGroups {
  const folded = ignoreCase || /\(\?[a-zA-Z-]*i[a-zA-Z-]*[:)]/.test(source);
  const body = source.replace(/^(\(\?[imsU]+\))+/, '');
  const literals: string[] = [];
  for (const run of regexRequiredLiterals(body, 1) ?? []) {
    if (!/^[\x20-\x7e]+$/.test(run)) continue;
    for (const piece of folded ? run.split('s') : [run]) {
      if (piece.length >= 2 || (piece.length === 1 && RARE_SINGLES.includes(piece))) {
        literals.push(piece);
      }
    }
  }
  if (literals.length === 0) return undefined;
  return andGroups([literals.map((text): Needle[] => [{ kind: 'substring', slot, text }])]);
}

/** ASCII characters rare enough in event values to be a needle on their own. */
const RARE_SINGLES = '`^%$[]{}|~@#!*+;<>?&';

function substringNeedle(text: string, slot: number): Needle | undefined {
  // A keyword needle is looked for in each value of the event: it must not span two.
  return text.length >= 2 || (text.length === 1 && text.charCodeAt(0) >= 0x80)
    ? slot === KEYWORD_SLOT && text.includes('\n')
      ? undefined
      : { kind: 'substring', slot, text }
    : undefined;
}

function needleOf(test: StringTest, slot: number): Needle | undefined {
  const shape = test.shape;
  switch (shape.kind) {
    case 'equals':
      return slot === KEYWORD_SLOT
        ? substringNeedle(shape.text.toLowerCase(), slot)
        : { kind: 'exact', slot, text: shape.text.toLowerCase() };
    case 'endswith': {
      const text = shape.text.toLowerCase();
      const separator = text.lastIndexOf('\\');
      if (slot !== KEYWORD_SLOT && separator >= 0 && separator < text.length - 1) {
        return { kind: 'basename', slot, text: text.slice(separator + 1) };
      }
      return substringNeedle(text, slot);
    }
    case 'startswith':
    case 'contains':
      return substringNeedle(shape.text.toLowerCase(), slot);
    case 'pattern': {
      let longest = '';
      for (const literal of shape.literals) if (literal.length > longest.length) longest = literal;
      return substringNeedle(longest.toLowerCase(), slot);
    }
    default:
      return undefined;
  }
}

function deriveNeedles(
  perValue: readonly { tests: StringTest[]; isNull: boolean }[],
  slot: number | undefined,
  all: boolean,
): NeedleGroups {
  if (slot === undefined) return undefined;
  if (!all) {
    // OR of one group per value: one group, the union of all (as orGroups gives it).
    if (perValue.length === 0) return undefined;
    const needles: Needle[] = [];
    for (const { tests, isNull } of perValue) {
      if (isNull) return undefined;
      for (const test of tests) {
        const needle = needleOf(test, slot);
        if (needle === undefined) return undefined;
        needles.push(needle);
      }
    }
    return [dedupeNeedles(needles)];
  }
  const sets: NeedleGroups[] = perValue.map(({ tests, isNull }) => {
    if (isNull) return undefined;
    const needles: Needle[] = [];
    for (const test of tests) {
      const needle = needleOf(test, slot);
      if (needle === undefined) return undefined;
      needles.push(needle);
    }
    return [needles];
  });
  return andGroups(sets);
}

/** The cost of checking a needle set: lower is more selective. */
export function needleCost(set: NeedleSet): number {
  if (set === undefined) return Number.POSITIVE_INFINITY;
  let cost = 0;
  for (const needle of set) {
    cost +=
      needle.kind === 'exact' ? 1 : needle.kind === 'basename' ? 1.5 : 2 + 8 / needle.text.length;
  }
  return cost;
}

/** At most this many groups are kept for one requirement (any subset is still necessary). */
const MAX_GROUPS = 8;
/** At most this many groups come out of distributing an OR over AND-ed requirements. */
const MAX_PRODUCT = 4;

function needleKey(needle: Needle): string {
  return `${needle.kind}\u0000${needle.slot}\u0000${needle.text}`;
}

function groupKey(group: readonly Needle[]): string {
  if (group.length === 1) return needleKey(group[0] as Needle);
  let key = '';
  for (const needle of group) key += `${needleKey(needle)}\u0001`;
  return key;
}

/** The groups sorted by {@link needleCost}, cheapest first (stable), each cost computed once. */
function byCost(groups: readonly (readonly Needle[])[]): (readonly Needle[])[] {
  if (groups.length < 2) return [...groups];
  const costs = new Map<readonly Needle[], number>();
  for (const group of groups) costs.set(group, needleCost(group));
  return [...groups].sort((a, b) => (costs.get(a) as number) - (costs.get(b) as number));
}

/** Of AND-ed requirements, every group (each is necessary), cheapest first. */
export function andGroups(parts: readonly NeedleGroups[]): NeedleGroups {
  let only: readonly Needle[] | undefined;
  let count = 0;
  for (const part of parts) {
    if (part === undefined) continue;
    count += part.length;
    if (part.length > 0) only = part[0];
  }
  if (count === 0) return undefined;
  if (count === 1) return [only as readonly Needle[]];
  const groups = new Map<string, readonly Needle[]>();
  for (const part of parts) {
    if (part === undefined) continue;
    for (const group of part) {
      const key = groupKey(group);
      if (!groups.has(key)) groups.set(key, group);
    }
  }
  return byCost([...groups.values()]).slice(0, MAX_GROUPS);
}

/**
 * Of OR-ed requirements: the OR distributed over their groups (each resulting group unites
 * one group of every operand), with fewer groups per operand when the product grows too big;
 * `undefined` when one operand has no requirement.
 */
export function orGroups(parts: readonly NeedleGroups[]): NeedleGroups {
  if (parts.length === 0) return undefined;
  let kept: (readonly (readonly Needle[])[])[] = [];
  for (const part of parts) {
    if (part === undefined || part.length === 0) return undefined;
    kept.push(byCost(part));
  }
  if (kept.every((groups) => groups.length === 1)) {
    // The common case (a list of values): one group, the union of all.
    return [dedupeNeedles(kept.flatMap((groups) => groups[0] as readonly Needle[]))];
  }
  const productSize = () => kept.reduce((size, groups) => size * groups.length, 1);
  while (productSize() > MAX_PRODUCT) {
    // Drop the most expensive group of the operand that has the most groups.
    let widest = 0;
    kept.forEach((groups, at) => {
      if (groups.length > (kept[widest] as readonly unknown[]).length) widest = at;
    });
    kept = kept.map((groups, at) => (at === widest ? groups.slice(0, -1) : groups));
  }
  let product: Needle[][] = [[]];
  for (const groups of kept) {
    product = product.flatMap((prefix) => groups.map((group) => [...prefix, ...group]));
  }
  return andGroups([product.map(dedupeNeedles)]);
}

function dedupeNeedles(needles: readonly Needle[]): Needle[] {
  if (needles.length < 2) return [...needles];
  const seen = new Set<string>();
  const out: Needle[] = [];
  for (const needle of needles) {
    const key = needleKey(needle);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(needle);
  }
  return out;
}
