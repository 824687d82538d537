/**
 * Sigma patterns as regular expressions, for query languages that fall back to a regex when a
 * pattern is more than "equals / contains / starts with / ends with": a `?` wildcard, a `*`
 * in the middle, a literal `*`, a control character. The output is valid in both PCRE
 * (Splunk) and RE2 (KQL), and means exactly what the streaming engine's matcher means.
 *
 * @module
 */
import type { CidrNetwork } from '../../cidr.js';
import type { RegexFlags } from '../../regex-guard.js';
import { ANY, ONE, type SigmaPattern } from '../../sigma-string.js';

/** Escapes literal text for PCRE and RE2; control characters become `\x{hh}`. */
export function escapeRegexLiteral(text: string): string {
  let result = '';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (code < 0x20 || code === 0x7f) result += `\\x{${code.toString(16).padStart(2, '0')}}`;
    else if ('\\^$.|?*+()[]{}'.includes(char)) result += `\\${char}`;
    else result += char;
  }
  return result;
}

/**
 * The regex a whole value must match to fit `pattern`: anchored with `^…$` except where the
 * pattern starts or ends with `*`; `(?s)` so that wildcards also match line breaks (as the
 * engine's do), `(?i)` when folded.
 */
export function patternRegex(pattern: SigmaPattern, folded: boolean): string {
  const parts = [...pattern];
  const leading = parts[0] === ANY;
  const trailing = parts.length > 1 && parts[parts.length - 1] === ANY;
  if (leading) parts.shift();
  if (trailing) parts.pop();
  let body = '';
  for (const part of parts) {
    body += part === ANY ? '.*' : part === ONE ? '.' : escapeRegexLiteral(part);
  }
  const flags = `(?${folded ? 'i' : ''}s)`;
  return `${flags}${leading ? '' : '^'}${body}${trailing ? '' : '$'}`;
}

/** The inline-flag prefix of a Sigma regex (`(?i)`, `(?ims)`, or nothing). */
export function regexFlagPrefix(flags: RegexFlags): string {
  const letters = `${flags.ignoreCase ? 'i' : ''}${flags.multiline ? 'm' : ''}${flags.dotAll ? 's' : ''}`;
  return letters === '' ? '' : `(?${letters})`;
}

/** True when text holds a control character (which no plain string literal here carries). */
export function hasControlCharacter(text: string): boolean {
  return /[\u0000-\u001f\u007f]/.test(text);
}

/** The pattern's literal runs, when they hold no control character. */
export function plainLiterals(pattern: SigmaPattern): boolean {
  return pattern.every((part) => typeof part !== 'string' || !hasControlCharacter(part));
}

/** How a pattern reads as a simple string test, or `undefined` when it needs a regex. */
export type SimplePatternShape =
  | { readonly kind: 'equals' | 'contains' | 'startswith' | 'endswith'; readonly text: string }
  | { readonly kind: 'any' };

/** Classifies a pattern: one literal with `*` at neither, one or both ends, or `*` alone. */
export function simplePattern(pattern: SigmaPattern): SimplePatternShape | undefined {
  if (pattern.includes(ONE)) return undefined;
  const [first, second, third] = pattern;
  if (pattern.length === 0) return { kind: 'equals', text: '' };
  if (pattern.length === 1 && first === ANY) return { kind: 'any' };
  if (pattern.length === 1 && typeof first === 'string') return { kind: 'equals', text: first };
  if (pattern.length === 2 && first === ANY && typeof second === 'string') {
    return { kind: 'endswith', text: second };
  }
  if (pattern.length === 2 && typeof first === 'string' && second === ANY) {
    return { kind: 'startswith', text: first };
  }
  if (pattern.length === 3 && first === ANY && typeof second === 'string' && third === ANY) {
    return { kind: 'contains', text: second };
  }
  return undefined;
}

/** A network in CIDR notation, normalised (IPv4-mapped IPv6 networks as IPv4). */
export function cidrText(network: CidrNetwork, text: string): string {
  if (network.version === 6) return text.trim();
  const [high = 0, low = 0] = network.groups;
  return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}/${network.prefix}`;
}
