/**
 * What one detection item (`Field|modifiers: values`) means, independent of how it is
 * evaluated: the modifier chain validated, and the values expanded (placeholders, `windash`,
 * encodings, `base64offset`) into the patterns a matching value must fit. The streaming engine
 * compiles this to closures; the query converters render it to SPL, ES|QL, KQL and SQL, so the
 * two share one reading of every modifier.
 *
 * @module
 */
import { type CidrNetwork, parseCidr } from './cidr.js';
import { base64, base64OffsetVariants, latin1, utf8Bytes, utf16Bytes } from './encodings.js';
import type { RegexFlags } from './regex-guard.js';
import {
  anchorPattern,
  expandPlaceholders,
  literalPattern,
  parseSigmaString,
  patternText,
  type SigmaPattern,
  windashVariants,
} from './sigma-string.js';
import type { SigmaDetectionItem } from './types.js';

/** Every value modifier this engine knows (Sigma 2.1 plus the `re` flag aliases). */
export const SIGMA_MODIFIERS: readonly string[] = [
  'contains',
  'startswith',
  'endswith',
  'all',
  'base64',
  'base64offset',
  'wide',
  'utf16le',
  'utf16be',
  'utf16',
  'windash',
  're',
  'i',
  'm',
  's',
  'ignorecase',
  'multiline',
  'dotall',
  'cidr',
  'exists',
  'cased',
  'gt',
  'gte',
  'lt',
  'lte',
  'neq',
  'fieldref',
  'expand',
  'minute',
  'hour',
  'day',
  'week',
  'month',
  'year',
];
const KNOWN = new Set(SIGMA_MODIFIERS);
const REGEX_FLAGS = new Set(['i', 'm', 's', 'ignorecase', 'multiline', 'dotall']);
const POSITIONS = new Set(['contains', 'startswith', 'endswith']);
const ENCODINGS = new Set(['wide', 'utf16le', 'utf16be', 'utf16']);
const COMPARISONS = new Set(['gt', 'gte', 'lt', 'lte']);
const TIME_PARTS = new Set(['minute', 'hour', 'day', 'week', 'month', 'year']);

/** A UTC date part a `minute`…`year` modifier reads. */
export type SigmaTimePart = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

/** Where in the value a string must occur (`undefined`: the whole value). */
export type SigmaStringPosition = 'contains' | 'startswith' | 'endswith';

/** One rule value of a string item, expanded. */
export interface SigmaValueSemantics {
  /**
   * The alternative patterns (any one matches) the whole field value must fit, anchored:
   * `contains` adds `*` on both sides, keywords too. Empty when {@link isNull}.
   */
  readonly patterns: readonly SigmaPattern[];
  /** True when matched case-insensitively (Sigma's default); false for `cased` and encodings. */
  readonly folded: boolean;
  /** The value is `null`: the field is absent or null. */
  readonly isNull: boolean;
}

/** The meaning of a detection item. Every kind carries `all` (AND the values) and `neq`. */
export type SigmaItemSemantics = {
  /** The field; `undefined` for a keyword search (any string value of the event). */
  readonly field: string | undefined;
  /** The values are AND-ed (`all`) rather than OR-ed. */
  readonly all: boolean;
  /** The whole item is negated (`neq`). */
  readonly negate: boolean;
} & (
  | { readonly kind: 'exists'; readonly field: string; readonly exists: boolean }
  | {
      readonly kind: 'regex';
      /** The expressions as written, with `^(?:…)`/`(?:…)$` added for `startswith`/`endswith`. */
      readonly sources: readonly string[];
      readonly flags: RegexFlags;
    }
  | {
      readonly kind: 'cidr';
      readonly networks: readonly { readonly text: string; readonly network: CidrNetwork }[];
    }
  | {
      readonly kind: 'compare';
      /** `eq` for a time part without a comparison modifier. */
      readonly op: 'gt' | 'gte' | 'lt' | 'lte' | 'eq';
      readonly part: SigmaTimePart | undefined;
      readonly values: readonly number[];
    }
  | {
      readonly kind: 'fieldref';
      /** The other fields (one per value). */
      readonly others: readonly string[];
      readonly position: SigmaStringPosition | undefined;
      readonly cased: boolean;
    }
  | { readonly kind: 'strings'; readonly values: readonly SigmaValueSemantics[] }
);

/** What value expansion needs: `expand` placeholders and what a missing one does. */
export interface ItemSemanticsContext {
  /** Placeholder values for `expand`. */
  readonly placeholders: Readonly<Record<string, readonly string[]>>;
  /**
   * What an `expand` placeholder without a value does: `'inert'` reports it through
   * {@link ItemSemanticsContext.onUnresolved} (the caller makes the rule inert), `'error'`
   * fails the item, `'wildcard'` reads it as `*`.
   */
  readonly unresolvedPlaceholders: 'inert' | 'error' | 'wildcard';
  /** Told, in `'inert'` mode, the placeholders of an item that have no value. */
  readonly onUnresolved?:
    | ((names: readonly string[], item: SigmaDetectionItem, search?: string) => void)
    | undefined;
}

/** Thrown by item analysis; the caller adds file, line and rule id. */
export class ItemError extends Error {
  constructor(
    message: string,
    readonly code: 'SIGMA_RULE_INVALID' | 'SIGMA_PLACEHOLDER_UNRESOLVED' = 'SIGMA_RULE_INVALID',
  ) {
    super(message);
  }
}

/** Validates an item's modifier chain and expands its values. Throws {@link ItemError}. */
export function analyseItem(
  item: SigmaDetectionItem,
  context: ItemSemanticsContext,
): SigmaItemSemantics {
  const modifiers = item.modifiers;
  // Most items have no modifier or only a position (`contains`, `startswith`, `endswith`): none
  // of the checks below can fail for them.
  const single = modifiers.length === 1 ? (modifiers[0] as string) : undefined;
  if (modifiers.length === 0 || (single !== undefined && POSITIONS.has(single))) {
    const position = single as SigmaStringPosition | undefined;
    return {
      field: item.field,
      all: false,
      negate: false,
      kind: 'strings',
      values: stringValues(item, context, position, false),
    };
  }
  for (const modifier of modifiers) {
    if (!KNOWN.has(modifier)) throw new ItemError(`unknown modifier '${modifier}'`);
  }
  const has = (name: string): boolean => modifiers.includes(name);
  const count = (set: ReadonlySet<string>): number => modifiers.filter((m) => set.has(m)).length;
  const positions = modifiers.filter((m) => POSITIONS.has(m));
  if (positions.length > 1) {
    throw new ItemError(`only one of contains, startswith, endswith may be used`);
  }
  const position = positions[0] as SigmaStringPosition | undefined;
  const all = has('all');
  const negate = has('neq');
  const cased = has('cased');
  if (modifiers.some((m) => REGEX_FLAGS.has(m)) && !has('re')) {
    throw new ItemError(`regular expression flags (i, m, s) need the 're' modifier`);
  }
  if (count(ENCODINGS) > 1) throw new ItemError('only one of wide, utf16le, utf16be, utf16');
  if (has('base64') && has('base64offset')) throw new ItemError('base64 and base64offset together');
  if (count(COMPARISONS) > 1) throw new ItemError('only one of gt, gte, lt, lte');
  if (count(TIME_PARTS) > 1)
    throw new ItemError('only one of minute, hour, day, week, month, year');
  if (all && item.values.length < 2) {
    throw new ItemError(`'all' needs a list of at least two values`);
  }
  const field = item.field;
  const base = { field, all, negate };

  if (has('exists')) {
    if (modifiers.length !== 1) throw new ItemError(`'exists' takes no other modifier`);
    if (field === undefined) throw new ItemError(`'exists' needs a field`);
    const value = item.values[0];
    if (item.values.length !== 1 || typeof value !== 'boolean') {
      throw new ItemError(`'exists' needs one boolean value`);
    }
    return { ...base, kind: 'exists', field, exists: value };
  }
  if (has('re')) {
    if (modifiers[0] !== 're') throw new ItemError(`'re' must be the first modifier`);
    const allowed = new Set(['re', 'all', 'neq', 'cased', ...REGEX_FLAGS, ...POSITIONS]);
    const other = modifiers.find((m) => !allowed.has(m));
    if (other !== undefined) throw new ItemError(`'re' cannot be combined with '${other}'`);
    const flags: RegexFlags = {
      ignoreCase: has('i') || has('ignorecase'),
      multiline: has('m') || has('multiline'),
      dotAll: has('s') || has('dotall'),
    };
    const sources = item.values.map((value) => {
      if (typeof value !== 'string') throw new ItemError(`'re' values must be strings`);
      if (position === 'startswith') return `^(?:${value})`;
      if (position === 'endswith') return `(?:${value})$`;
      return value;
    });
    return { ...base, kind: 'regex', sources, flags };
  }
  if (has('cidr')) {
    if (modifiers[0] !== 'cidr') throw new ItemError(`'cidr' must be the first modifier`);
    const other = modifiers.find((m) => m !== 'cidr' && m !== 'all' && m !== 'neq');
    if (other !== undefined) throw new ItemError(`'cidr' cannot be combined with '${other}'`);
    const networks = item.values.map((value) => {
      const network = typeof value === 'string' ? parseCidr(value) : undefined;
      if (network === undefined) throw new ItemError(`'${String(value)}' is not a CIDR network`);
      return { text: value as string, network };
    });
    return { ...base, kind: 'cidr', networks };
  }
  if (count(TIME_PARTS) === 1 || count(COMPARISONS) === 1) {
    const part = modifiers.find((m) => TIME_PARTS.has(m)) as SigmaTimePart | undefined;
    const comparison = modifiers.find((m) => COMPARISONS.has(m)) as
      | 'gt'
      | 'gte'
      | 'lt'
      | 'lte'
      | undefined;
    const other = modifiers.find(
      (m) => !TIME_PARTS.has(m) && !COMPARISONS.has(m) && m !== 'all' && m !== 'neq',
    );
    if (other !== undefined) {
      throw new ItemError(`'${part ?? comparison}' cannot be combined with '${other}'`);
    }
    const values = item.values.map((value) => {
      const number =
        typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
      if (typeof value === 'boolean' || value === null || !Number.isFinite(number)) {
        throw new ItemError(`'${part ?? comparison}' needs numeric values, got ${String(value)}`);
      }
      return number;
    });
    return { ...base, kind: 'compare', op: comparison ?? 'eq', part, values };
  }
  if (has('fieldref')) {
    const allowed = new Set(['fieldref', 'all', 'neq', 'cased', ...POSITIONS]);
    const other = modifiers.find((m) => !allowed.has(m));
    if (other !== undefined) throw new ItemError(`'fieldref' cannot be combined with '${other}'`);
    if (field === undefined) throw new ItemError(`'fieldref' needs a field`);
    const others = item.values.map((value) => {
      if (typeof value !== 'string') throw new ItemError(`'fieldref' values must be field names`);
      return value;
    });
    return { ...base, kind: 'fieldref', others, position, cased };
  }
  return { ...base, kind: 'strings', values: stringValues(item, context, position, cased) };
}

function stringValues(
  item: SigmaDetectionItem,
  context: ItemSemanticsContext,
  position: SigmaStringPosition | undefined,
  cased: boolean,
): SigmaValueSemantics[] {
  const modifiers = item.modifiers;
  const encoding = modifiers.find((m) => ENCODINGS.has(m));
  const base64Kind = modifiers.find((m) => m === 'base64' || m === 'base64offset');
  const keyword = item.field === undefined;
  if (item.values.includes(null) && keyword) throw new ItemError('a keyword cannot be null');
  const expandValue = (value: string): SigmaValueSemantics => {
    let texts = [value];
    if (modifiers.includes('expand')) {
      const mode = context.unresolvedPlaceholders;
      let expanded = texts.map((text) =>
        expandPlaceholders(text, context.placeholders, mode === 'wildcard' ? 'wildcard' : 'error'),
      );
      const missing = expanded.flatMap((entry) => entry.missing);
      if (missing.length > 0 && mode === 'inert') {
        // The rule will never match; its other values and modifiers are still checked, with
        // the missing placeholders read as `*`.
        context.onUnresolved?.([...new Set(missing)], item);
        expanded = texts.map((text) => expandPlaceholders(text, context.placeholders, 'wildcard'));
      } else if (missing.length > 0) {
        throw new ItemError(
          `placeholder ${missing.map((name) => `%${name}%`).join(', ')} has no configured value`,
          'SIGMA_PLACEHOLDER_UNRESOLVED',
        );
      }
      texts = expanded.flatMap((entry) => entry.values);
    }
    if (modifiers.includes('windash')) {
      texts = texts.flatMap((text) => {
        const variants = windashVariants(text);
        if (variants === undefined) throw new ItemError(`'${text}' has too many windash positions`);
        return variants;
      });
    }
    let patterns: SigmaPattern[];
    let folded = !cased;
    if (encoding !== undefined || base64Kind !== undefined) {
      folded = false; // encoded text is matched exactly as encoded
      patterns = texts.flatMap((text) => {
        const plain = patternText(parseSigmaString(text));
        if (plain === undefined) {
          throw new ItemError(`wildcards are not allowed with ${encoding ?? base64Kind}`);
        }
        const bytes =
          encoding === undefined
            ? utf8Bytes(plain)
            : utf16Bytes(
                plain,
                encoding === 'utf16be' ? 'be' : encoding === 'utf16' ? 'bom' : 'le',
              );
        if (base64Kind === 'base64') return [literalPattern(base64(bytes))];
        if (base64Kind === 'base64offset') return base64OffsetVariants(bytes).map(literalPattern);
        return [literalPattern(latin1(bytes))];
      });
    } else {
      patterns = texts.map(parseSigmaString);
    }
    const anchor = position ?? (keyword ? 'contains' : undefined);
    if (anchor !== undefined) patterns = patterns.map((pattern) => anchorPattern(pattern, anchor));
    return { patterns, folded, isNull: false };
  };
  return item.values.map((value): SigmaValueSemantics => {
    if (value === null) return { patterns: [], folded: true, isNull: true };
    if (
      typeof value !== 'string' &&
      modifiers.some((m) => m !== 'all' && m !== 'neq' && m !== 'cased')
    ) {
      // A number or boolean under a string modifier (`Details|contains: 429`) is its text.
      return expandValue(String(value));
    }
    if (typeof value !== 'string') {
      // A bare number or boolean equals its text, case-insensitively (`True` = `true`).
      return {
        patterns: [literalPattern(String(value).toLowerCase())],
        folded: true,
        isNull: false,
      };
    }
    return expandValue(value);
  });
}
