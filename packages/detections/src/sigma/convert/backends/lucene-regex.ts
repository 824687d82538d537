/**
 * Sigma (JavaScript/RE2-syntax, searching) regular expressions → Lucene regular expressions,
 * the anchored, restricted syntax of Elasticsearch `regexp` queries, query-string `/…/` terms
 * and ES|QL `RLIKE`. Also Sigma wildcard patterns → Lucene regular expressions, for matching
 * case-insensitively on case-sensitive fields.
 *
 * The translation is exact or refused:
 * - search semantics: each top-level alternative gets `.*` on each side unless it starts with
 *   `^` or ends with `$` (with the `m` flag, `^`/`$` also match at line terminators);
 * - `.` without the `s` flag excludes the JavaScript line terminators (Lucene's `.` matches any
 *   character);
 * - `\d`, `\w`, `\s` (and negations) become explicit character classes, escapes (`\t`, `\x41`,
 *   `\u0041`, …) become the characters, every other literal is escaped, so Lucene's optional
 *   operators (`@ & ~ < > #`) are never active by accident;
 * - the `i` flag (or a leading `(?i)`) folds case: `lower` mode lowercases every literal (for
 *   a lowercased field, ES|QL `TO_LOWER`), `both` mode lets every cased letter match either
 *   case (`[aA]`);
 * - lazy quantifiers become greedy (the same strings match somewhere);
 * - lookaround, backreferences, word boundaries, inline flags other than a leading one,
 *   Unicode property escapes and anchors inside groups are refused with a reason.
 *
 * @module
 */
import type { RegexFlags } from '../../regex-guard.js';
import { ANY, type SigmaPattern } from '../../sigma-string.js';

/** How case is folded: not at all, to lowercase (the field is lowercased), or both cases. */
export type LuceneRegexFold = 'none' | 'lower' | 'both';

/** Thrown when a regular expression has no exact Lucene equivalent; `message` says why. */
export class LuceneRegexError extends Error {}

type Range = readonly [number, number];

type Node =
  | { readonly kind: 'chars'; readonly ranges: readonly Range[]; readonly negate: boolean }
  | { readonly kind: 'char'; readonly code: number }
  | { readonly kind: 'dot' }
  | { readonly kind: 'anchor'; readonly which: '^' | '$' }
  | { readonly kind: 'group'; readonly alternatives: readonly Node[][] }
  | {
      readonly kind: 'repeat';
      readonly node: Node;
      readonly min: number;
      readonly max: number | undefined;
    };

const LINE_TERMINATORS: readonly Range[] = [
  [0x0a, 0x0a],
  [0x0d, 0x0d],
  [0x2028, 0x2029],
];
const DIGITS: readonly Range[] = [[0x30, 0x39]];
const WORD: readonly Range[] = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
const SPACE: readonly Range[] = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];

/** Parses a JavaScript-syntax regular expression (no `u` flag) into alternatives. */
class Parser {
  private index = 0;
  constructor(private readonly source: string) {}

  parse(): Node[][] {
    const alternatives = this.alternatives();
    if (this.index < this.source.length) this.fail(`unbalanced ')' at ${this.index}`);
    return alternatives;
  }

  private fail(why: string): never {
    throw new LuceneRegexError(why);
  }

  private peek(offset = 0): string | undefined {
    return this.source[this.index + offset];
  }

  private alternatives(): Node[][] {
    const result: Node[][] = [this.sequence()];
    while (this.peek() === '|') {
      this.index++;
      result.push(this.sequence());
    }
    return result;
  }

  private sequence(): Node[] {
    const nodes: Node[] = [];
    for (;;) {
      const char = this.peek();
      if (char === undefined || char === '|' || char === ')') return nodes;
      const atom = this.atom();
      nodes.push(this.quantified(atom));
    }
  }

  private quantified(atom: Node): Node {
    let node = atom;
    for (;;) {
      const char = this.peek();
      let min: number;
      let max: number | undefined;
      if (char === '*') [min, max] = [0, undefined];
      else if (char === '+') [min, max] = [1, undefined];
      else if (char === '?') [min, max] = [0, 1];
      else if (char === '{') {
        const match = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.index));
        if (match === null) return node; // a literal `{` (read by atom next time)
        min = Number(match[1]);
        max = match[2] === undefined ? min : match[3] === '' ? undefined : Number(match[3]);
        this.index += match[0].length - 1;
      } else return node;
      this.index++;
      if (this.peek() === '?') this.index++; // lazy: the same strings match somewhere
      if (node.kind === 'anchor') this.fail('a quantified anchor');
      if (node.kind === 'repeat') this.fail('a quantifier directly after a quantifier');
      node = { kind: 'repeat', node, min, max };
    }
  }

  private atom(): Node {
    const char = this.peek() as string;
    this.index++;
    switch (char) {
      case '(':
        return this.group();
      case '[':
        return this.charClass();
      case '.':
        return { kind: 'dot' };
      case '^':
      case '$':
        return { kind: 'anchor', which: char };
      case '\\':
        return this.escape(false);
      case '*':
      case '+':
      case '?':
        return this.fail(`nothing to repeat before '${char}'`);
      default:
        return { kind: 'char', code: this.codeAt(char) };
    }
  }

  /** The code point starting with `char` (a surrogate pair is one character). */
  private codeAt(char: string): number {
    const code = char.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdbff) {
      const low = this.peek();
      if (low !== undefined && /[\udc00-\udfff]/.test(low)) {
        this.index++;
        return ((code - 0xd800) << 10) + (low.charCodeAt(0) - 0xdc00) + 0x10000;
      }
    }
    return code;
  }

  private group(): Node {
    if (this.peek() === '?') {
      const rest = this.source.slice(this.index + 1);
      if (rest.startsWith(':')) this.index += 2;
      else if (/^<[A-Za-z_$][\w$]*>/.test(rest))
        this.index = this.source.indexOf('>', this.index) + 1;
      else if (/^(=|!|<=|<!)/.test(rest))
        this.fail('lookaround assertions have no Lucene equivalent');
      else if (/^[a-zA-Z-]+[:)]/.test(rest)) this.fail('inline flags inside the expression');
      else if (rest.startsWith('P<')) this.index = this.source.indexOf('>', this.index) + 1;
      else this.fail(`unknown group '(?${rest.slice(0, 2)}'`);
    }
    const alternatives = this.alternatives();
    if (this.peek() !== ')') this.fail("missing ')'");
    this.index++;
    return { kind: 'group', alternatives };
  }

  private charClass(): Node {
    let negate = false;
    if (this.peek() === '^') {
      negate = true;
      this.index++;
    }
    if (this.peek() === ']') this.fail(`an empty character class '[${negate ? '^' : ''}]'`);
    const ranges: Range[] = [];
    let negatedShorthand: readonly Range[] | undefined;
    while (this.peek() !== ']') {
      if (this.peek() === undefined) this.fail("missing ']'");
      const low = this.classAtom();
      if (Array.isArray(low)) {
        ranges.push(...low);
        continue;
      }
      if (typeof low === 'object') {
        negatedShorthand = (low as { negated: readonly Range[] }).negated;
        continue;
      }
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.index++;
        const high = this.classAtom();
        if (typeof high !== 'number') this.fail('a range to a character class escape');
        if (high < low) this.fail('a character class range out of order');
        ranges.push([low, high]);
      } else ranges.push([low, low]);
    }
    this.index++;
    if (negatedShorthand !== undefined) {
      // `[\S]`, `[^\D]`: only when the class holds nothing else.
      if (ranges.length > 0) this.fail('a negated class escape (\\D, \\W, \\S) among others');
      return { kind: 'chars', ranges: negatedShorthand, negate: !negate };
    }
    return { kind: 'chars', ranges, negate };
  }

  /** A class member: a code point, a set (`\d`), or a negated set (`\D`). */
  private classAtom(): number | readonly Range[] | { negated: readonly Range[] } {
    const char = this.peek() as string;
    this.index++;
    if (char !== '\\') return this.codeAt(char);
    const next = this.peek();
    if (next === 'b') {
      this.index++;
      return 0x08;
    }
    if (next === '-') {
      this.index++;
      return 0x2d;
    }
    const node = this.escape(true);
    if (node.kind === 'char') return node.code;
    if (node.kind === 'chars') return node.negate ? { negated: node.ranges } : node.ranges;
    return this.fail('an unexpected escape in a character class');
  }

  private escape(inClass: boolean): Node {
    const char = this.peek();
    if (char === undefined) this.fail('a trailing backslash');
    this.index++;
    const set = (ranges: readonly Range[], negate: boolean): Node => ({
      kind: 'chars',
      ranges,
      negate,
    });
    switch (char) {
      case 'd':
        return set(DIGITS, false);
      case 'D':
        return set(DIGITS, true);
      case 'w':
        return set(WORD, false);
      case 'W':
        return set(WORD, true);
      case 's':
        return set(SPACE, false);
      case 'S':
        return set(SPACE, true);
      case 'b':
      case 'B':
        return this.fail(`word boundary '\\${char}' has no Lucene equivalent`);
      case 'p':
      case 'P':
        return this.fail(`Unicode property escape '\\${char}' is not translated`);
      case 'k':
        return this.fail('backreference \\k has no Lucene equivalent');
      case 't':
        return { kind: 'char', code: 0x09 };
      case 'n':
        return { kind: 'char', code: 0x0a };
      case 'v':
        return { kind: 'char', code: 0x0b };
      case 'f':
        return { kind: 'char', code: 0x0c };
      case 'r':
        return { kind: 'char', code: 0x0d };
      case '0':
        if (/[0-9]/.test(this.peek() ?? '')) this.fail('an octal escape');
        return { kind: 'char', code: 0 };
      case 'c': {
        const letter = this.peek();
        if (letter === undefined || !/[A-Za-z]/.test(letter)) this.fail('a bad \\c escape');
        this.index++;
        return { kind: 'char', code: letter.charCodeAt(0) % 32 };
      }
      case 'x':
      case 'u': {
        const rest = this.source.slice(this.index);
        const match =
          char === 'x'
            ? /^[0-9A-Fa-f]{2}/.exec(rest)
            : /^(\{[0-9A-Fa-f]{1,6}\}|[0-9A-Fa-f]{4})/.exec(rest);
        if (match === null) this.fail(`a bad \\${char} escape`);
        this.index += match[0].length;
        return { kind: 'char', code: Number.parseInt(match[0].replace(/[{}]/g, ''), 16) };
      }
      default:
        if (/[1-9]/.test(char)) {
          return this.fail(
            inClass ? 'an octal escape in a class' : 'backreferences have no Lucene equivalent',
          );
        }
        return { kind: 'char', code: char.codePointAt(0) as number };
    }
  }
}

/** Writes Lucene regular expression text. */
class Writer {
  constructor(
    private readonly fold: LuceneRegexFold,
    private readonly dotAll: boolean,
  ) {}

  /** One literal character, escaped, case-folded as asked. */
  char(code: number): string {
    const text = String.fromCodePoint(code);
    if (this.fold === 'none') return escapeChar(code);
    const lower = text.toLowerCase();
    const upper = text.toUpperCase();
    if (this.fold === 'lower') {
      const parts = [...lower].map((part) => escapeChar(part.codePointAt(0) as number));
      return parts.length === 1 ? (parts[0] as string) : `(${parts.join('')})`;
    }
    const variants = [...new Set([lower, upper, text])].filter(
      (variant) => [...variant].length === 1,
    );
    if (variants.length === 1) return escapeChar(code);
    return `[${variants.map((variant) => escapeChar(variant.codePointAt(0) as number)).join('')}]`;
  }

  chars(ranges: readonly Range[], negate: boolean): string {
    const folded = this.foldRanges(ranges);
    const body = folded
      .map(([low, high]) =>
        low === high ? escapeChar(low) : `${escapeChar(low)}-${escapeChar(high)}`,
      )
      .join('');
    return `[${negate ? '^' : ''}${body}]`;
  }

  dot(): string {
    return this.dotAll ? '.' : this.chars(LINE_TERMINATORS, true);
  }

  private foldRanges(ranges: readonly Range[]): Range[] {
    const result: Range[] = [...ranges];
    if (this.fold === 'none') return result;
    for (const [low, high] of ranges) {
      // ASCII letters: the other case of the part of the range among them.
      const add = (from: number, to: number, shift: number) => {
        const start = Math.max(low, from);
        const end = Math.min(high, to);
        if (start <= end) result.push([start + shift, end + shift]);
      };
      add(0x41, 0x5a, 0x20);
      if (this.fold === 'both') add(0x61, 0x7a, -0x20);
      // Beyond ASCII: each character's other case(s).
      const from = Math.max(low, 0x80);
      if (from > high) continue;
      if (high - from > 0x2000) {
        throw new LuceneRegexError('a case-insensitive class with a very wide non-ASCII range');
      }
      for (let code = from; code <= high; code++) {
        const text = String.fromCodePoint(code);
        for (const variant of [
          text.toLowerCase(),
          this.fold === 'both' ? text.toUpperCase() : '',
        ]) {
          if ([...variant].length === 1 && variant !== text) {
            const other = variant.codePointAt(0) as number;
            result.push([other, other]);
          }
        }
      }
    }
    return result;
  }
}

/** Escapes a literal character for Lucene: every ASCII character but letters and digits. */
function escapeChar(code: number): string {
  const text = String.fromCodePoint(code);
  if (code < 0x80 && code >= 0x20 && !/[A-Za-z0-9]/.test(text)) return `\\${text}`;
  return text;
}

/** A translated expression, and whether it folds case (the `i` flag or a leading `(?i)`). */
export interface LuceneRegex {
  readonly regex: string;
  readonly ignoreCase: boolean;
}

/**
 * Translates a Sigma regular expression (searching, JavaScript syntax) to a Lucene regular
 * expression that matches a whole value exactly when the original matches somewhere in it.
 * Throws {@link LuceneRegexError} (with the reason) when there is no exact translation.
 */
export function toLuceneRegex(
  source: string,
  flags: RegexFlags,
  fold: LuceneRegexFold,
): LuceneRegex {
  let body = source;
  let { ignoreCase, multiline, dotAll } = flags;
  const inline = /^\(\?([ims]+)\)/.exec(body);
  if (inline !== null) {
    const letters = inline[1] as string;
    ignoreCase ||= letters.includes('i');
    multiline ||= letters.includes('m');
    dotAll ||= letters.includes('s');
    body = body.slice(inline[0].length);
  }
  // An alternative that is one group is its group's alternatives: `(^a$)|(^b$)`.
  const alternatives = new Parser(body).parse().flatMap(function flatten(sequence): Node[][] {
    const only = sequence[0];
    return sequence.length === 1 && only?.kind === 'group'
      ? only.alternatives.flatMap(flatten)
      : [sequence];
  });
  const writer = new Writer(ignoreCase ? fold : 'none', dotAll);
  if (ignoreCase && fold === 'none') {
    throw new LuceneRegexError('a case-insensitive expression where case cannot be folded');
  }
  const terminators = writer.chars(LINE_TERMINATORS, false);
  const parts = alternatives.map((sequence) => {
    let nodes = sequence;
    let prefix = '.*';
    let suffix = '.*';
    const first = nodes[0];
    if (first?.kind === 'anchor' && first.which === '^') {
      prefix = multiline ? `(.*${terminators})?` : '';
      nodes = nodes.slice(1);
    }
    const last = nodes[nodes.length - 1];
    if (last?.kind === 'anchor' && last.which === '$') {
      suffix = multiline ? `(${terminators}.*)?` : '';
      nodes = nodes.slice(0, -1);
    }
    return `${prefix}${writeSequence(nodes, writer)}${suffix}`;
  });
  return { regex: parts.join('|'), ignoreCase };
}

function writeSequence(nodes: readonly Node[], writer: Writer): string {
  return nodes.map((node) => writeNode(node, writer)).join('');
}

function writeNode(node: Node, writer: Writer): string {
  switch (node.kind) {
    case 'char':
      return writer.char(node.code);
    case 'chars':
      return writer.chars(node.ranges, node.negate);
    case 'dot':
      return writer.dot();
    case 'anchor':
      throw new LuceneRegexError(
        `'${node.which}' inside the expression (only at the start or end of an alternative)`,
      );
    case 'group':
      return `(${node.alternatives
        .map((sequence) => (sequence.length === 0 ? '()' : writeSequence(sequence, writer)))
        .join('|')})`;
    case 'repeat': {
      // Every node writes an atom: an escaped character, a class or a group.
      const atom = writeNode(node.node, writer);
      if (node.min === 0 && node.max === undefined) return `${atom}*`;
      if (node.min === 1 && node.max === undefined) return `${atom}+`;
      if (node.min === 0 && node.max === 1) return `${atom}?`;
      if (node.max === undefined) return `${atom}{${node.min},}`;
      if (node.max === node.min) return `${atom}{${node.min}}`;
      return `${atom}{${node.min},${node.max}}`;
    }
  }
}

/**
 * A Sigma wildcard pattern (literal runs, `*`, `?`) as a Lucene regular expression matching
 * the whole value: `*` → `.*`, `?` → `.`, literals escaped and case-folded as asked.
 */
export function patternToLuceneRegex(pattern: SigmaPattern, fold: LuceneRegexFold): string {
  const writer = new Writer(fold, true);
  return pattern
    .map((part) => {
      if (part === ANY) return '.*';
      if (typeof part !== 'string') return '.';
      return [...part].map((char) => writer.char(char.codePointAt(0) as number)).join('');
    })
    .join('');
}
