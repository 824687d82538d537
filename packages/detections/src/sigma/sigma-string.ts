/**
 * Sigma string values: wildcards (`*`, `?`), the `\` escape, and the string matchers compiled
 * from them (no regular expression unless a `?` forces one).
 *
 * @module
 */

/** `*` in a Sigma string: any sequence of characters, the empty one included. */
export const ANY: unique symbol = Symbol('sigma.any');
/** `?` in a Sigma string: exactly one character. */
export const ONE: unique symbol = Symbol('sigma.one');

/** A parsed Sigma string: literal runs and wildcards, adjacent literals merged. */
export type SigmaPattern = ReadonlyArray<string | typeof ANY | typeof ONE>;

/**
 * Parses a Sigma string value. `\*`, `\?` and `\\` are escapes (a literal star, question mark
 * and one backslash); a backslash before any other character, or at the end, is a literal
 * backslash.
 */
export function parseSigmaString(text: string): SigmaPattern {
  const parts: Array<string | typeof ANY | typeof ONE> = [];
  let literal = '';
  for (let index = 0; index < text.length; index++) {
    const char = text[index] as string;
    if (char === '\\') {
      const next = text[index + 1];
      if (next === '*' || next === '?' || next === '\\') {
        literal += next;
        index++;
      } else {
        literal += '\\';
      }
    } else if (char === '*' || char === '?') {
      if (literal !== '') parts.push(literal);
      literal = '';
      const wildcard = char === '*' ? ANY : ONE;
      // `**` is the same as `*`.
      if (!(wildcard === ANY && parts[parts.length - 1] === ANY)) parts.push(wildcard);
    } else {
      literal += char;
    }
  }
  if (literal !== '') parts.push(literal);
  return parts;
}

/** A pattern of literal text only (no wildcards). */
export function literalPattern(text: string): SigmaPattern {
  return text === '' ? [] : [text];
}

/** Adds a leading and/or trailing `*` (the `contains`/`startswith`/`endswith` modifiers). */
export function anchorPattern(
  pattern: SigmaPattern,
  position: 'contains' | 'startswith' | 'endswith',
): SigmaPattern {
  const result = [...pattern];
  if (position !== 'startswith' && result[0] !== ANY) result.unshift(ANY);
  if (position !== 'endswith' && result[result.length - 1] !== ANY) result.push(ANY);
  return result;
}

/** The text of a pattern without wildcards (for base64 and other encodings). */
export function patternText(pattern: SigmaPattern): string | undefined {
  let text = '';
  for (const part of pattern) {
    if (typeof part !== 'string') return undefined;
    text += part;
  }
  return text;
}

/** How a string test is done, for the candidate index. */
export type StringTestShape =
  | { readonly kind: 'equals'; readonly text: string }
  | { readonly kind: 'startswith'; readonly text: string }
  | { readonly kind: 'endswith'; readonly text: string }
  | { readonly kind: 'contains'; readonly text: string }
  | { readonly kind: 'any' }
  | { readonly kind: 'pattern'; readonly literals: readonly string[] };

/** A compiled string test over one (already case-folded if needed) string. */
export interface StringTest {
  readonly test: (value: string) => boolean;
  readonly shape: StringTestShape;
}

/**
 * Compiles a pattern into a test. With `fold`, literals are lowercased and the test expects a
 * lowercased value.
 */
export function compileStringTest(pattern: SigmaPattern, fold: boolean): StringTest {
  const parts = fold
    ? pattern.map((part) => (typeof part === 'string' ? part.toLowerCase() : part))
    : pattern;
  if (parts.length === 0)
    return { test: (value) => value === '', shape: { kind: 'equals', text: '' } };
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (parts.length === 1 && typeof first === 'string') {
    return { test: (value) => value === first, shape: { kind: 'equals', text: first } };
  }
  if (parts.length === 1 && first === ANY) return { test: () => true, shape: { kind: 'any' } };
  const literals = parts.filter((part): part is string => typeof part === 'string');
  if (parts.includes(ONE)) {
    let source = '^';
    for (const part of parts) {
      source += part === ANY ? '.*' : part === ONE ? '.' : escapeRegExp(part);
    }
    const regex = new RegExp(`${source}$`, 's');
    return { test: (value) => regex.test(value), shape: { kind: 'pattern', literals } };
  }
  if (parts.length === 2 && first === ANY && typeof last === 'string') {
    return { test: (value) => value.endsWith(last), shape: { kind: 'endswith', text: last } };
  }
  if (parts.length === 2 && typeof first === 'string' && last === ANY) {
    return { test: (value) => value.startsWith(first), shape: { kind: 'startswith', text: first } };
  }
  if (parts.length === 3 && first === ANY && last === ANY && typeof parts[1] === 'string') {
    const middle = parts[1];
    return { test: (value) => value.includes(middle), shape: { kind: 'contains', text: middle } };
  }
  // General case: only `*` wildcards between literals. Prefix and suffix are anchored; the
  // middle literals are found leftmost, in order, which is exact for `*`.
  const prefix = typeof first === 'string' ? first : '';
  const suffix = typeof last === 'string' && parts.length > 1 ? last : '';
  const middle = parts
    .slice(typeof first === 'string' ? 1 : 0, typeof last === 'string' ? -1 : undefined)
    .filter((part): part is string => typeof part === 'string');
  const minimum = prefix.length + suffix.length;
  return {
    test: (value) => {
      if (value.length < minimum || !value.startsWith(prefix) || !value.endsWith(suffix)) {
        return false;
      }
      let at = prefix.length;
      const end = value.length - suffix.length;
      for (const literal of middle) {
        const found = value.indexOf(literal, at);
        if (found < 0 || found + literal.length > end) return false;
        at = found + literal.length;
      }
      return true;
    },
    shape: { kind: 'pattern', literals },
  };
}

/** Escapes a string for use as a literal in a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

const WINDASH_CHARACTERS = ['-', '/', '\u2013', '\u2014', '\u2015'] as const;
const WINDASH_POSITION = /\B[-/]\b/g;
/** At most this many windash variants of one value (5 positions). */
export const WINDASH_VARIANT_LIMIT = 3125;

/**
 * The `windash` modifier: every `-` or `/` at the start of a word becomes each of `-`, `/`,
 * `–`, `—`, `―`; the result is every combination.
 */
export function windashVariants(text: string): string[] | undefined {
  const positions: number[] = [];
  for (const match of text.matchAll(WINDASH_POSITION)) positions.push(match.index);
  if (positions.length === 0) return [text];
  if (WINDASH_CHARACTERS.length ** positions.length > WINDASH_VARIANT_LIMIT) return undefined;
  let variants = [''];
  let previous = 0;
  for (const position of positions) {
    const between = text.slice(previous, position);
    variants = variants.flatMap((prefix) =>
      WINDASH_CHARACTERS.map((dash) => prefix + between + dash),
    );
    previous = position + 1;
  }
  const rest = text.slice(previous);
  return variants.map((variant) => variant + rest);
}

/**
 * The `expand` modifier: replaces each `%name%` with each configured value (the product of
 * all placeholders of the value). `\%` is a literal percent sign. Returns the names without a
 * value in `missing`.
 */
export function expandPlaceholders(
  text: string,
  placeholders: Readonly<Record<string, readonly string[]>>,
  unresolved: 'error' | 'wildcard' = 'error',
): { values: string[]; missing: string[] } {
  const missing: string[] = [];
  let values = [''];
  let index = 0;
  while (index < text.length) {
    const char = text[index] as string;
    if (char === '\\' && text[index + 1] === '%') {
      values = values.map((value) => `${value}%`);
      index += 2;
      continue;
    }
    if (char === '%') {
      const end = text.indexOf('%', index + 1);
      if (end > index + 1) {
        const name = text.slice(index + 1, end);
        const replacement = placeholders[name];
        if (replacement !== undefined && replacement.length > 0) {
          values = values.flatMap((value) => replacement.map((entry) => value + entry));
        } else if (unresolved === 'wildcard') values = values.map((value) => `${value}*`);
        else missing.push(name);
        index = end + 1;
        continue;
      }
    }
    values = values.map((value) => value + char);
    index++;
  }
  return { values, missing };
}
