/**
 * The Elasticsearch/Kibana Lucene query-string backend (`query_string` syntax, Kibana's
 * "Lucene" query language). The query carries the logsource conditions and the detection;
 * the data streams to run it on are the logsource entry's `source`.
 *
 * Case: Elasticsearch `keyword` and `wildcard` fields (the ECS types) compare case-sensitively,
 * and the query-string syntax has no case-insensitive flag. This backend therefore assumes no
 * lowercase normaliser and stays exact: a case-insensitive value (Sigma's default) with cased
 * letters becomes a regular expression that accepts either case of each letter
 * (`process.name:/[cC][mM][dD]\.[eE][xX][eE]/`); a value without cased letters, a `cased`
 * value and encoded (`base64`, `utf16…`) values stay plain terms: `field:"text"` when literal,
 * `field:te\ xt*` (reserved characters and whitespace escaped) with wildcards.
 *
 * Other constructs:
 * - regular expressions are translated to Lucene syntax (`field:/…/`, whole-value, so search
 *   semantics get `.*` around; the `i` flag expands letters to both cases), or refused;
 * - `cidr` is `field:"10.0.0.0/8"`, which assumes the field is of type `ip` (ECS `source.ip`,
 *   `destination.ip` are);
 * - `gt`…`lte` are ranges `field:>5`, numeric on numeric fields (ECS `*.port`, `*.pid`);
 * - `null` is `NOT _exists_:field`, `exists` is `_exists_:field` (a field present but null
 *   reads as absent, as Elasticsearch does not index nulls);
 * - keywords are field-less terms (the index's default fields: every field);
 * - `minute`…`year` and `fieldref` have no query-string form: refused.
 *
 * Limits: a `keyword` field does not index values longer than its `ignore_above` (ECS command
 * lines are `wildcard` fields, which have no such limit); a regular expression's `.` without the
 * `s` flag is a class of the line-terminator characters themselves (the Lucene syntax has no
 * `\n` escape), so such queries hold raw line breaks.
 *
 * @module
 */
import { ANY, type SigmaPattern } from '../../sigma-string.js';
import { ECS_WINDOWS_MAPPING } from '../mappings/ecs-windows.js';
import { renderTree, type SigmaLeafRenderer } from '../render-tree.js';
import type { SigmaBackendContext, SigmaMappingScalar, SigmaQueryBackend } from '../types.js';
import { LuceneRegexError, patternToLuceneRegex, toLuceneRegex } from './lucene-regex.js';

/** The query-string reserved characters (`&&`, `||` escaped per character) and whitespace. */
const RESERVED = /[+\-=&|><!(){}[\]^"~*?:\\/\s]/g;

/** Escapes text for an unquoted query-string term: every reserved character and whitespace. */
export function luceneEscape(text: string): string {
  return text.replace(RESERVED, '\\$&');
}

/** A quoted query-string phrase: `"…"` with `"` and `\` escaped. */
export function luceneQuote(text: string): string {
  return `"${text.replace(/["\\]/g, '\\$&')}"`;
}

/**
 * A `/…/` regular-expression term. The query-string lexer reads `\/` as an escaped slash, so
 * a regex ending in a (literal, escaped) backslash gets an empty group `()` before the slash.
 */
function regexTerm(regex: string): string {
  return `/${regex}${regex.endsWith('\\') ? '()' : ''}/`;
}

const hasCase = (text: string): boolean => text.toLowerCase() !== text.toUpperCase();

/** What the renderer knows about an expression it wrote. */
type Kind = 'and' | 'or' | 'not' | 'atom';

function leaves(context: SigmaBackendContext) {
  const kinds = new Map<string, Kind>();
  // What a NOT wrote it from: `NOT NOT x` is `x`.
  const negated = new Map<string, string>();
  const note = (text: string, kind: Kind): string => {
    kinds.set(text, kind);
    return text;
  };
  // Compound children are parenthesised, but for AND and NOT inside AND (`a AND b AND NOT c`
  // is what it says); a NOT inside OR is (`a OR NOT b` would not mean "a, or not b" in the
  // query-string syntax).
  const group = (text: string, inside?: 'and'): string => {
    const kind = kinds.get(text) ?? 'atom';
    return kind === 'atom' || (kind !== 'or' && inside === 'and') ? text : `(${text})`;
  };
  const term = (field: string | undefined, value: string): string =>
    field === undefined ? value : `${luceneEscape(field)}:${value}`;
  const regex = (
    field: string | undefined,
    source: string,
    flags: Parameters<SigmaLeafRenderer['regex']>[2],
  ) => {
    try {
      return term(field, regexTerm(toLuceneRegex(source, flags, 'both').regex));
    } catch (error) {
      if (error instanceof LuceneRegexError) {
        return context.unsupported(`re '${source}'`, `Lucene regexp: ${error.message}`);
      }
      throw error;
    }
  };
  const pattern = (field: string | undefined, value: SigmaPattern, folded: boolean): string => {
    const literals = value.filter((part): part is string => typeof part === 'string');
    if (folded && literals.some(hasCase)) {
      return term(field, regexTerm(patternToLuceneRegex(value, 'both')));
    }
    if (value.every((part) => typeof part === 'string')) {
      return term(field, luceneQuote(literals.join('')));
    }
    return term(field, wildcard(value));
  };
  const renderer: SigmaLeafRenderer = {
    and: (parts) => note(parts.map((part) => group(part, 'and')).join(' AND '), 'and'),
    or: (parts) => note(parts.map((part) => group(part)).join(' OR '), 'or'),
    not: (part) => {
      const inner = negated.get(part);
      if (inner !== undefined) return inner;
      const text = note(`NOT ${group(part)}`, 'not');
      negated.set(text, part);
      return text;
    },
    constant: (value) => (value ? '*:*' : note('NOT *:*', 'not')),
    pattern: (field, value, folded) => pattern(field, value, folded),
    keyword: (value, folded) => pattern(undefined, value, folded),
    isNull: (field) => renderer.not(`_exists_:${luceneEscape(field)}`),
    exists: (field) => `_exists_:${luceneEscape(field)}`,
    regex: (field, source, flags) => regex(field, source, flags),
    cidr: (field, text) => term(field, luceneQuote(text)),
    compare(field, op, value, part) {
      if (part !== undefined) {
        return context.unsupported(
          `${field}|${part}`,
          'the query-string syntax cannot read a part of a date',
        );
      }
      const number = String(value);
      if (op === 'eq') return term(field, luceneEscape(number));
      const operator = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[op];
      return term(field, `${operator}${number}`);
    },
    fieldref: (field, other) =>
      context.unsupported(
        `${field}|fieldref`,
        `the query-string syntax cannot compare field '${field}' with field '${other}'`,
      ),
  };
  return { renderer, group };
}

function wildcard(pattern: SigmaPattern): string {
  return pattern
    .map((part) => (typeof part === 'string' ? luceneEscape(part) : part === ANY ? '*' : '?'))
    .join('');
}

/** A logsource condition: `field:"v"` or `field:("a" OR "b")`. */
function condition(field: string, value: SigmaMappingScalar | readonly SigmaMappingScalar[]) {
  const values = (typeof value === 'object' ? value : [value]) as readonly SigmaMappingScalar[];
  const literal = (scalar: SigmaMappingScalar) => luceneQuote(String(scalar));
  const body =
    values.length === 1
      ? literal(values[0] as SigmaMappingScalar)
      : `(${values.map(literal).join(' OR ')})`;
  return `${luceneEscape(field)}:${body}`;
}

/**
 * The Lucene query-string backend: `<logsource conditions> AND (<detection>)`, or the
 * detection alone with `predicateOnly`; run it on the logsource's `source` (data streams).
 * Default mapping: {@link ECS_WINDOWS_MAPPING}.
 */
export const luceneBackend: SigmaQueryBackend = {
  target: 'lucene',
  defaultMapping: ECS_WINDOWS_MAPPING,
  render(tree, context) {
    const { renderer, group } = leaves(context);
    const predicate = renderTree(tree, context, renderer);
    if (context.predicateOnly) return predicate;
    const conditions = Object.entries(context.logsource?.conditions ?? {}).map(([field, value]) =>
      condition(field, value),
    );
    return conditions.length === 0
      ? predicate
      : [...conditions, group(predicate, 'and')].join(' AND ');
  },
};
