/**
 * The guard against catastrophic backtracking in rule regular expressions.
 *
 * Strategy (documented in `docs/detections/sigma.md`):
 * 1. Every `re` value is first compiled with `re2js`, a linear-time (RE2) engine written in
 *    JavaScript. A pattern RE2 rejects (backreferences, lookaround: outside Sigma's regex
 *    subset) is a rule error.
 * 2. A static analysis classifies the pattern. A pattern is *simple* when no quantified group
 *    contains a quantifier or an alternation (no nested or ambiguous repetition) and it has at
 *    most one unbounded quantifier. V8's backtracking engine is at worst quadratic on such a
 *    pattern, so it runs on V8 (fast) for values up to {@link REGEX_NATIVE_INPUT_LIMIT}
 *    characters.
 * 3. Everything else runs on the linear-time engine: complex patterns always, simple ones on
 *    longer values. No input can make a rule regex run longer than linear (or quadratic on a
 *    bounded length) time.
 *
 * @module
 */
import { RE2JS } from 're2js';

/** Values longer than this are matched with the linear-time engine even for simple patterns. */
export const REGEX_NATIVE_INPUT_LIMIT = 2048;

/** The result of {@link analyseRegex}. */
export interface RegexAnalysis {
  /** True when V8 may run the pattern (see the module documentation). */
  readonly simple: boolean;
  /** Why it is not simple. */
  readonly reason?: string | undefined;
}

/** Classifies a regular expression source (see the module documentation). */
export function analyseRegex(source: string): RegexAnalysis {
  interface Frame {
    quantified: boolean;
    alternation: boolean;
  }
  const stack: Frame[] = [{ quantified: false, alternation: false }];
  let unbounded = 0;
  let lastAtom: 'none' | 'simple' | Frame = 'none';
  let index = 0;
  while (index < source.length) {
    const char = source[index] as string;
    const frame = stack[stack.length - 1] as Frame;
    if (char === '\\') {
      if (/[1-9k]/.test(source[index + 1] ?? '')) {
        return { simple: false, reason: 'backreference' };
      }
      lastAtom = 'simple';
      index += 2;
      continue;
    }
    if (char === '[') {
      index++;
      if (source[index] === '^') index++;
      if (source[index] === ']') index++;
      while (index < source.length && source[index] !== ']') {
        if (source[index] === '\\') index++;
        index++;
      }
      index++;
      lastAtom = 'simple';
      continue;
    }
    if (char === '(') {
      stack.push({ quantified: false, alternation: false });
      index++;
      if (source[index] === '?') {
        while (index < source.length && source[index] !== ':' && source[index] !== ')') index++;
        if (source[index] === ':') index++;
      }
      lastAtom = 'none';
      continue;
    }
    if (char === ')') {
      const closed = stack.length > 1 ? (stack.pop() as Frame) : frame;
      const parent = stack[stack.length - 1] as Frame;
      if (closed.quantified) parent.quantified = true;
      lastAtom = closed;
      index++;
      continue;
    }
    if (char === '|') {
      frame.alternation = true;
      lastAtom = 'none';
      index++;
      continue;
    }
    if (char === '*' || char === '+' || char === '?' || char === '{') {
      let repeats: 'optional' | 'bounded' | 'unbounded' = char === '?' ? 'optional' : 'unbounded';
      let length = 1;
      if (char === '{') {
        const match = /^\{(\d*)(,?)(\d*)\}/.exec(source.slice(index));
        if (match === null) {
          lastAtom = 'simple';
          index++;
          continue;
        }
        length = match[0].length;
        repeats = match[2] === ',' && match[3] === '' ? 'unbounded' : 'bounded';
      }
      if (lastAtom !== 'none' && lastAtom !== 'simple' && repeats !== 'optional') {
        if (lastAtom.quantified) return { simple: false, reason: 'nested quantifier' };
        if (lastAtom.alternation) return { simple: false, reason: 'quantified alternation' };
      }
      if (repeats === 'unbounded') unbounded++;
      frame.quantified = true;
      index += length;
      if (source[index] === '?' || source[index] === '+') index++; // lazy / possessive suffix
      lastAtom = 'none';
      continue;
    }
    lastAtom = 'simple';
    index++;
  }
  if (unbounded > 1) return { simple: false, reason: 'more than one unbounded quantifier' };
  return { simple: true };
}

/** Flags of a rule regular expression (the `re` sub-modifiers and leading inline flags). */
export interface RegexFlags {
  ignoreCase: boolean;
  multiline: boolean;
  dotAll: boolean;
}

/** A compiled, guarded rule regular expression. */
export interface GuardedRegex {
  /** Tests `value` (search semantics: the pattern may match anywhere). */
  test(value: string): boolean;
  /** The pattern after leading inline flags were removed. */
  readonly source: string;
  readonly flags: RegexFlags;
  readonly analysis: RegexAnalysis;
  /** A lower bound of the length of any match: shorter values are not tested. */
  readonly minLength: number;
}

/**
 * Compiles a rule regular expression with the guard. Leading inline flags (`(?i)`, `(?ims)`)
 * become flags, since V8 rejects them. Throws an `Error` whose message says why the pattern
 * is invalid.
 */
export function compileGuardedRegex(pattern: string, initial: RegexFlags): GuardedRegex {
  const flags = { ...initial };
  let source = pattern;
  for (;;) {
    const inline = /^\(\?([imsU]+)\)/.exec(source);
    if (inline === null) break;
    for (const flag of inline[1] ?? '') {
      if (flag === 'i') flags.ignoreCase = true;
      else if (flag === 'm') flags.multiline = true;
      else if (flag === 's') flags.dotAll = true;
    }
    source = source.slice(inline[0].length);
  }
  let re2Flags = 0;
  if (flags.ignoreCase) re2Flags |= RE2JS.CASE_INSENSITIVE;
  if (flags.multiline) re2Flags |= RE2JS.MULTILINE;
  if (flags.dotAll) re2Flags |= RE2JS.DOTALL;
  let linear: RE2JS;
  try {
    linear = RE2JS.compile(source, re2Flags);
  } catch (error) {
    throw new Error(
      `regular expression not in Sigma's subset: ${(error as Error).message ?? String(error)}`,
    );
  }
  const analysis = analyseRegex(source);
  let native: RegExp | undefined;
  if (analysis.simple) {
    try {
      native = new RegExp(
        source,
        `${flags.ignoreCase ? 'i' : ''}${flags.multiline ? 'm' : ''}${flags.dotAll ? 's' : ''}`,
      );
    } catch {
      native = undefined; // RE2 syntax V8 does not know (e.g. inline flags mid-pattern)
    }
  }
  const linearTest = (value: string): boolean => linear.matcher(value).find();
  const minimum = regexMinLength(source);
  const test =
    native === undefined
      ? (value: string): boolean => value.length >= minimum && linearTest(value)
      : (value: string): boolean =>
          value.length >= minimum &&
          (value.length <= REGEX_NATIVE_INPUT_LIMIT
            ? (native as RegExp).test(value)
            : linearTest(value));
  return { test, source, flags, analysis, minLength: minimum };
}

/**
 * A lower bound of the length (in UTF-16 code units) of any match of `source`: each atom
 * matches at least one code unit, anchors and word boundaries none, a group its shortest
 * alternative, a quantified atom its minimum count. Returns 0 when the pattern holds anything
 * this does not read exactly (numeric, hex, Unicode-property or control escapes,
 * backreferences, lookaround, POSIX classes, `\Q…\E`).
 */
export function regexMinLength(source: string): number {
  if (/\\[xupPc0-9kQ]|\[:|\(\?<?[=!]/.test(source)) return 0;
  let index = 0;
  let unknown = false;
  const alternation = (): number => {
    let best = sequence();
    while (source[index] === '|') {
      index++;
      best = Math.min(best, sequence());
    }
    return best;
  };
  const sequence = (): number => {
    let total = 0;
    while (index < source.length && source[index] !== '|' && source[index] !== ')') {
      const char = source[index] as string;
      let atom = 1;
      if (char === '\\') {
        const escaped = source[index + 1] ?? '';
        if ('bBAzZ'.includes(escaped)) atom = 0;
        index += 2;
      } else if (char === '[') {
        index++;
        if (source[index] === '^') index++;
        if (source[index] === ']') index++;
        while (index < source.length && source[index] !== ']') {
          if (source[index] === '\\') index++;
          index++;
        }
        index++;
      } else if (char === '(') {
        index++;
        if (source[index] === '?') {
          const header = /^\?(?:P?<[A-Za-z_][A-Za-z0-9_]*>|[A-Za-z-]*:|[A-Za-z-]*\))/.exec(
            source.slice(index),
          );
          if (header === null) {
            unknown = true;
            return 0;
          }
          index += header[0].length;
          if (header[0].endsWith(')')) continue; // flags only: (?i)
        }
        atom = alternation();
        if (source[index] !== ')') {
          unknown = true;
          return 0;
        }
        index++;
      } else if (char === '^' || char === '$') {
        atom = 0;
        index++;
      } else {
        index++;
      }
      const quantifier = source[index];
      let count = 1;
      if (quantifier === '*' || quantifier === '?') {
        count = 0;
        index++;
      } else if (quantifier === '+') {
        index++;
      } else if (quantifier === '{') {
        const repeat = /^\{(\d+)(?:,\d*)?\}/.exec(source.slice(index));
        if (repeat !== null) {
          count = Number(repeat[1]);
          index += repeat[0].length;
        }
      }
      if (count !== 1 || quantifier === '+') {
        if (source[index] === '?' || source[index] === '+') index++;
      }
      total += atom * count;
    }
    return total;
  };
  const length = alternation();
  return unknown || index < source.length ? 0 : length;
}

/**
 * The longest literal text that every match of `source` contains (lowercased), or
 * `undefined` when none of at least `minimum` characters can be found (see
 * {@link regexRequiredLiterals}).
 */
export function regexRequiredLiteral(source: string, minimum = 4): string | undefined {
  let best: string | undefined;
  for (const candidate of regexRequiredLiterals(source, minimum) ?? [])
    if (candidate.length > (best?.length ?? 0)) best = candidate;
  return best;
}

/**
 * Every literal text of at least `minimum` characters that every match of `source` contains
 * (lowercased, each once), or `undefined` when there is none. Only the top-level sequence is
 * read: groups, classes and optional atoms end a literal run, and a top-level alternation (or
 * a `\Q…\E` quote) means there is none. Used as required literals by the candidate index.
 */
export function regexRequiredLiterals(source: string, minimum = 4): string[] | undefined {
  const runs: string[] = [];
  let run = '';
  const flush = () => {
    if (run.length > 0) runs.push(run);
    run = '';
  };
  let index = 0;
  while (index < source.length) {
    const char = source[index] as string;
    let atom: string | undefined;
    let next = index + 1;
    if (char === '\\') {
      const escaped = source[index + 1] ?? '';
      if (escaped === 'Q') return undefined;
      next = index + 2;
      // Only an escaped punctuation character is surely itself in both engines (`\\a` is
      // BEL in RE2, `a` in V8).
      if (escaped !== '' && !/[A-Za-z0-9]/.test(escaped)) atom = escaped;
    } else if (char === '[') {
      next = index + 1;
      if (source[next] === '^') next++;
      if (source[next] === ']') next++;
      while (next < source.length && source[next] !== ']') {
        if (source[next] === '\\') next++;
        next++;
      }
      next++;
    } else if (char === '(') {
      let depth = 0;
      next = index;
      while (next < source.length) {
        const c = source[next];
        if (c === '\\') next++;
        else if (c === '[') {
          next++;
          while (next < source.length && source[next] !== ']') {
            if (source[next] === '\\') next++;
            next++;
          }
        } else if (c === '(') depth++;
        else if (c === ')') {
          depth--;
          if (depth === 0) break;
        }
        next++;
      }
      next++;
    } else if (char === '|') {
      return undefined;
    } else if (char === '.' || char === '^' || char === '$') {
      atom = undefined;
    } else if (char === '*' || char === '+' || char === '?' || char === '{') {
      atom = undefined;
    } else {
      atom = char;
    }
    // A quantifier after this atom?
    const quantifier = source[next];
    let optional = false;
    let repeated = false;
    if (quantifier === '*' || quantifier === '?') optional = true;
    else if (quantifier === '+') repeated = true;
    else if (quantifier === '{') {
      const match = /^\{(\d*)/.exec(source.slice(next));
      optional = match === null || match[1] === '' || match[1] === '0';
      repeated = !optional;
    }
    if (atom === undefined || optional) {
      flush();
    } else {
      run += atom;
      if (repeated) flush();
    }
    index = next;
    // skip the quantifier itself
    if (quantifier === '*' || quantifier === '+' || quantifier === '?') {
      index++;
      if (source[index] === '?' || source[index] === '+') index++;
    } else if (quantifier === '{') {
      const close = source.indexOf('}', index);
      if (close > 0) index = close + 1;
      if (source[index] === '?' || source[index] === '+') index++;
    }
  }
  flush();
  const found = [
    ...new Set(runs.filter((text) => text.length >= minimum).map((text) => text.toLowerCase())),
  ];
  return found.length === 0 ? undefined : found;
}
