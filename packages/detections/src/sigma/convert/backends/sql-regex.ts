/**
 * Rule regular expressions (RE2 syntax, as the streaming engine reads them) for the SQL
 * dialects: leading inline flags folded into the flags, DuckDB's RE2 used as it is, and a
 * translation to PostgreSQL's POSIX advanced regular expressions (ARE) for what the two share.
 *
 * @module
 */
import type { RegexFlags } from '../../regex-guard.js';

/** A regex with its leading inline flags (`(?i)`, `(?ims)`) moved into the flags. */
export interface SqlRegex {
  readonly source: string;
  readonly flags: RegexFlags;
  /** RE2's `U` (ungreedy) flag was given inline. */
  readonly ungreedy: boolean;
}

/** Moves leading inline flag groups into the flags, as the engine's regex guard does. */
export function splitInlineFlags(source: string, initial: RegexFlags): SqlRegex {
  const flags = { ...initial };
  let rest = source;
  let ungreedy = false;
  for (;;) {
    const inline = /^\(\?([imsU]+)\)/.exec(rest);
    if (inline === null) break;
    for (const flag of inline[1] ?? '') {
      if (flag === 'i') flags.ignoreCase = true;
      else if (flag === 'm') flags.multiline = true;
      else if (flag === 's') flags.dotAll = true;
      else ungreedy = true;
    }
    rest = rest.slice(inline[0].length);
  }
  return { source: rest, flags, ungreedy };
}

/** The RE2 pattern DuckDB runs: the flags as one leading inline group. */
export function duckdbRegex(regex: SqlRegex): string {
  const letters = `${regex.flags.ignoreCase ? 'i' : ''}${regex.flags.multiline ? 'm' : ''}${
    regex.flags.dotAll ? 's' : ''
  }${regex.ungreedy ? 'U' : ''}`;
  return letters === '' ? regex.source : `(?${letters})${regex.source}`;
}

/** Thrown by {@link postgresRegex} for RE2 syntax PostgreSQL's AREs cannot express. */
export class RegexTranslationError extends Error {}

const CLASS_ESCAPES: Readonly<Record<string, string>> = {
  d: '0-9',
  s: '\\t\\n\\f\\r ',
  w: '0-9A-Za-z_',
};
const PASS_ESCAPES = new Set(['n', 't', 'r', 'f', 'v']);
/** ARE's repetition bound (`RE_DUP_MAX`). */
const ARE_MAX_REPEAT = 255;

/**
 * Translates an RE2 pattern (flags already split off) to a PostgreSQL ARE with the same
 * matches: `.` becomes `[^\n]` unless `s` (PostgreSQL's `.` matches a newline), `\d` `\s` `\w`
 * (and negations) become ASCII bracket expressions (PostgreSQL's follow the locale), `\b`/`\B`
 * become `\y`/`\Y`, `\z` becomes `\Z`, `\xHH` becomes `\U…` (ARE reads any number of hex
 * digits), named groups become plain groups, a `{` that starts no repetition is escaped,
 * `m` becomes the leading embedded option `(?w)` and `i` the operator `~*`.
 * Throws {@link RegexTranslationError} for what has no ARE equivalent: Unicode classes
 * (`\p`), `\Q…\E`, inline flags after the start, octal escapes, `\C`, negated shorthand inside
 * brackets, ungreedy mode. Repetition bounds above ARE's 255 are split into nested repetitions.
 */
export function postgresRegex(regex: SqlRegex): { source: string; operator: '~' | '~*' } {
  if (regex.ungreedy) throw new RegexTranslationError(`the U (ungreedy) flag`);
  const source = regex.source;
  let out = '';
  let index = 0;
  // Where the last atom (character, class, escape, group) starts in `out`, for repetitions.
  let atomStart: number | undefined;
  const groupStarts: number[] = [];
  const fail = (what: string): never => {
    throw new RegexTranslationError(what);
  };
  const escapeOutside = (char: string): string => {
    switch (char) {
      case 'd':
      case 's':
      case 'w':
        return `[${CLASS_ESCAPES[char]}]`;
      case 'D':
      case 'S':
      case 'W':
        return `[^${CLASS_ESCAPES[char.toLowerCase()]}]`;
      case 'b':
        return '\\y';
      case 'B':
        return '\\Y';
      case 'A':
        return '\\A';
      case 'z':
        return '\\Z';
      default:
        return fail(`\\${char}`);
    }
  };
  const hexEscape = (): string => {
    // index points at the `x`
    const braced = /^x\{([0-9A-Fa-f]{1,6})\}/.exec(source.slice(index));
    const plain = /^x([0-9A-Fa-f]{2})/.exec(source.slice(index));
    const match = braced ?? plain;
    if (match === null) return fail('a malformed \\x escape');
    index += match[0].length;
    return `\\U${Number.parseInt(match[1] as string, 16)
      .toString(16)
      .padStart(8, '0')}`;
  };
  while (index < source.length) {
    const char = source[index] as string;
    if (char === '\\') {
      const next = source[index + 1];
      if (next === undefined) fail('a trailing backslash');
      const escaped = next as string;
      atomStart = 'bBAz'.includes(escaped) ? undefined : out.length;
      if (escaped === 'x') {
        index++;
        out += hexEscape();
        continue;
      }
      if (/[0-9]/.test(escaped)) {
        if (escaped === '0' && !/[0-7]/.test(source[index + 2] ?? '')) {
          out += '\\000';
          index += 2;
          continue;
        }
        fail(`the octal escape or backreference \\${escaped}`);
      }
      if (/[A-Za-z]/.test(escaped)) {
        out += PASS_ESCAPES.has(escaped) ? `\\${escaped}` : escapeOutside(escaped);
      } else {
        out += `\\${escaped}`;
      }
      index += 2;
      continue;
    }
    if (char === '[') {
      atomStart = out.length;
      const { text, end } = bracket(source, index, fail);
      out += text;
      index = end;
      continue;
    }
    if (char === '.') {
      atomStart = out.length;
      out += regex.flags.dotAll ? '.' : '[^\\n]';
      index++;
      continue;
    }
    if (char === '(') {
      groupStarts.push(out.length);
      atomStart = undefined;
      const rest = source.slice(index);
      if (rest.startsWith('(?:')) {
        out += '(?:';
        index += 3;
        continue;
      }
      const named = /^\(\?P?<[A-Za-z_][A-Za-z0-9_]*>/.exec(rest);
      if (named !== null) {
        out += '(';
        index += named[0].length;
        continue;
      }
      if (rest.startsWith('(?')) fail('inline flags or a group kind after the start');
      out += '(';
      index++;
      continue;
    }
    if (char === '{') {
      const repeat = /^\{(\d+)(?:,(\d*))?\}/.exec(source.slice(index));
      if (repeat === null) {
        out += '\\{';
        index++;
        continue;
      }
      const low = Number(repeat[1]);
      const high = repeat[2] === undefined ? low : repeat[2] === '' ? undefined : Number(repeat[2]);
      if (low > ARE_MAX_REPEAT || (high ?? 0) > ARE_MAX_REPEAT) {
        if (atomStart === undefined) fail(`a repetition bound above ${ARE_MAX_REPEAT}`);
        const start = atomStart as number;
        out = out.slice(0, start) + splitRepeat(out.slice(start), low, high, fail);
      } else {
        out += repeat[0];
      }
      index += repeat[0].length;
      continue;
    }
    if (char === ')') {
      atomStart = groupStarts.pop();
      out += ')';
      index++;
      continue;
    }
    if (char === '}') {
      atomStart = out.length;
      out += '\\}';
      index++;
      continue;
    }
    if (char === '|' || char === '^' || char === '$') atomStart = undefined;
    else if (char !== '*' && char !== '+' && char !== '?') atomStart = out.length;
    out += char;
    index++;
  }
  // ARE's `w` mode: `^` and `$` also match at newlines (RE2's `m`); `.` is translated above.
  return {
    source: regex.flags.multiline ? `(?w)${out}` : out,
    operator: regex.flags.ignoreCase ? '~*' : '~',
  };
}

/**
 * `atom{low,high}` (`high` undefined: unbounded) with bounds above ARE's 255 as nested
 * repetitions that match the same counts: `(?:A{255}){q}A{r}` for the fixed part, then
 * `(?:A{0,255}){0,j}A{0,s}` (or `A*`) for the optional part.
 */
function splitRepeat(
  atom: string,
  low: number,
  high: number | undefined,
  fail: (what: string) => never,
): string {
  const chunks = (count: number, optional: boolean): string => {
    const whole = Math.floor(count / ARE_MAX_REPEAT);
    const rest = count % ARE_MAX_REPEAT;
    if (whole > ARE_MAX_REPEAT) fail(`a repetition bound above ${ARE_MAX_REPEAT ** 2}`);
    const bound = optional ? `{0,${ARE_MAX_REPEAT}}` : `{${ARE_MAX_REPEAT}}`;
    return (
      (whole > 0 ? `(?:(?:${atom})${bound}){${optional ? '0,' : ''}${whole}}` : '') +
      (rest > 0 ? `(?:${atom}){${optional ? '0,' : ''}${rest}}` : '')
    );
  };
  if (high !== undefined && high < low) fail('a repetition whose bounds are reversed');
  const fixed = chunks(low, false);
  const optional = high === undefined ? `(?:${atom})*` : chunks(high - low, true);
  return fixed + optional || `(?:${atom}){0}`;
}

/** Translates one bracket expression starting at `start` (the `[`). */
function bracket(
  source: string,
  start: number,
  fail: (what: string) => never,
): { text: string; end: number } {
  let index = start + 1;
  let out = '[';
  if (source[index] === '^') {
    out += '^';
    index++;
  }
  let first = true;
  while (index < source.length) {
    const char = source[index] as string;
    if (char === ']' && !first) return { text: `${out}]`, end: index + 1 };
    first = false;
    if (char === '[' && source[index + 1] === ':') {
      const end = source.indexOf(':]', index + 2);
      if (end < 0) fail('an unterminated POSIX class');
      out += source.slice(index, end + 2);
      index = end + 2;
      continue;
    }
    if (char === '\\') {
      const next = source[index + 1];
      if (next === undefined) fail('a trailing backslash');
      const escaped = next as string;
      if (escaped === 'd' || escaped === 's' || escaped === 'w') {
        out += CLASS_ESCAPES[escaped];
      } else if (escaped === 'x') {
        const braced = /^x\{([0-9A-Fa-f]{1,6})\}/.exec(source.slice(index + 1));
        const plain = /^x([0-9A-Fa-f]{2})/.exec(source.slice(index + 1));
        const match = braced ?? plain;
        if (match === null) fail('a malformed \\x escape');
        const hex = (match as RegExpExecArray)[1] as string;
        out += `\\U${Number.parseInt(hex, 16).toString(16).padStart(8, '0')}`;
        index += 1 + (match as RegExpExecArray)[0].length;
        continue;
      } else if (PASS_ESCAPES.has(escaped)) {
        out += `\\${escaped}`;
      } else if (/[A-Za-z0-9]/.test(escaped)) {
        fail(`\\${escaped} inside brackets`);
      } else {
        out += `\\${escaped}`;
      }
      index += 2;
      continue;
    }
    out += char;
    index++;
  }
  return fail('an unterminated bracket expression');
}
