/**
 * The Elastic ES|QL backend: `FROM <data streams> METADATA _id, _index, _version | WHERE …`.
 *
 * How each Sigma construct reads in ES|QL:
 * - case-insensitive equality (Sigma's default) lowercases the field, `TO_LOWER(f) == "x"`,
 *   wildcards use `LIKE` (`*`, `?`; `\` escapes them and itself, written `\\` in the string);
 *   a value without cased letters skips `TO_LOWER`, and a whole-number value compares the
 *   field's text (`TO_STRING(f) == "4688"`, so numeric fields match too); `cased` values and
 *   encodings compare as they are;
 * - regular expressions are translated to Lucene syntax for `RLIKE` (whole-value, so search
 *   semantics get `.*` around; the `i` flag lowercases field and pattern), or refused;
 * - `cidr` is `CIDR_MATCH(TO_IP(f), "net")`; `gt`…`lte` are `TO_DOUBLE(f) > n` (a non-numeric
 *   value is null, no match); `minute`, `hour`, `day`, `month`, `year` are
 *   `DATE_EXTRACT("…", TO_DATETIME(f))` in UTC; `week` (ISO) has no ES|QL date part: refused;
 * - `null` is `f IS NULL`, `exists` is `f IS NOT NULL` (a field present but null reads as
 *   absent);
 * - `fieldref` compares the fields' values, `LOCATE`, `STARTS_WITH`, `ENDS_WITH` for
 *   `contains`/`startswith`/`endswith`;
 * - keywords search the mapping's `keywordField` (`message` in the ECS mapping); a mapping
 *   without one makes keyword rules unconvertible.
 *
 * ES|QL comparisons are null when a field is missing, and `NOT null` is null: every negation
 * is written `NOT COALESCE(x, false)` unless `x` is never null, so `not` means what the
 * streaming engine means (a missing field does not match, its negation does).
 *
 * Limits: a multi-valued field makes single-value functions null (the row does not match,
 * where the engine matches any element); ES|QL rejects a query naming a field no queried
 * index maps.
 *
 * @module
 */
import { ANY, ONE, type SigmaPattern } from '../../sigma-string.js';
import { ECS_WINDOWS_MAPPING } from '../mappings/ecs-windows.js';
import { renderTree, type SigmaLeafRenderer } from '../render-tree.js';
import type { SigmaBackendContext, SigmaMappingScalar, SigmaQueryBackend } from '../types.js';
import { type LuceneRegex, LuceneRegexError, toLuceneRegex } from './lucene-regex.js';

/** An ES|QL string literal: `"…"` with `\`, `"`, newline, return and tab escaped. */
export function esqlString(text: string): string {
  const escaped = text.replace(/[\\"\n\r\t]/g, (char) => {
    switch (char) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\${char}`;
    }
  });
  return `"${escaped}"`;
}

/** An ES|QL field name, quoted with backticks unless every dotted part is a plain identifier. */
export function esqlField(name: string): string {
  if (/^[A-Za-z_@][A-Za-z0-9_]*(\.[A-Za-z_@][A-Za-z0-9_]*)*$/.test(name)) return name;
  return `\`${name.replace(/`/g, '``')}\``;
}

/** A `LIKE` pattern: `*`, `?`, `\` escaped in literals, wildcards as `*` and `?`. */
function likePattern(pattern: SigmaPattern, fold: boolean): string {
  return pattern
    .map((part) => {
      if (part === ANY) return '*';
      if (part === ONE) return '?';
      const text = fold ? part.toLowerCase() : part;
      return text.replace(/[\\*?]/g, '\\$&');
    })
    .join('');
}

const hasCase = (text: string): boolean => text.toLowerCase() !== text.toUpperCase();
const COMPARE = { gt: '>', gte: '>=', lt: '<', lte: '<=', eq: '==' } as const;
const DATE_PARTS = {
  minute: 'minute_of_hour',
  hour: 'hour_of_day',
  day: 'day_of_month',
  month: 'month_of_year',
  year: 'year',
} as const;

function numberLiteral(value: number): string {
  return String(value);
}

/** What the renderer knows about an expression it wrote. */
interface Written {
  /** `or` and `and` need parentheses in tighter contexts. */
  readonly kind: 'or' | 'and' | 'atom';
  /** True when the expression is never null (so `NOT` needs no `COALESCE`). */
  readonly nullSafe: boolean;
}

function leaves(context: SigmaBackendContext): {
  renderer: SigmaLeafRenderer;
  group: (text: string, inside: 'and' | 'or') => string;
} {
  const written = new Map<string, Written>();
  // `f IS NULL` and `f IS NOT NULL` negate each other.
  const opposites = new Map<string, string>();
  const note = (text: string, kind: Written['kind'], nullSafe: boolean): string => {
    written.set(text, { kind, nullSafe });
    return text;
  };
  const info = (text: string): Written => written.get(text) ?? { kind: 'atom', nullSafe: false };
  const group = (text: string, inside: 'and' | 'or'): string => {
    const { kind } = info(text);
    return kind === 'or' || (kind === 'and' && inside === 'or') ? `(${text})` : text;
  };
  const regex = (
    field: string,
    source: string,
    flags: Parameters<SigmaLeafRenderer['regex']>[2],
  ) => {
    let lucene: LuceneRegex;
    try {
      lucene = toLuceneRegex(source, flags, 'lower');
    } catch (error) {
      if (error instanceof LuceneRegexError) {
        return context.unsupported(`re '${source}'`, `ES|QL RLIKE: ${error.message}`);
      }
      throw error;
    }
    const target = lucene.ignoreCase ? `TO_LOWER(${esqlField(field)})` : esqlField(field);
    return `${target} RLIKE ${esqlString(lucene.regex)}`;
  };
  const keywordField = (construct: string): string => {
    const field = context.mapping.keywordField;
    if (field === undefined) {
      return context.unsupported(
        construct,
        `ES|QL has no search over every field; mapping '${context.mapping.name}' names no keywordField`,
      );
    }
    return field;
  };
  const nullTest = (field: string, test: string, opposite: string): string => {
    const [text, negated] = [`${esqlField(field)} ${test}`, `${esqlField(field)} ${opposite}`];
    opposites.set(text, note(negated, 'atom', true));
    opposites.set(negated, text);
    return note(text, 'atom', true);
  };
  const renderer: SigmaLeafRenderer = {
    and: (parts) =>
      note(
        parts.map((part) => group(part, 'and')).join(' AND '),
        'and',
        parts.every((part) => info(part).nullSafe),
      ),
    or: (parts) =>
      note(
        parts.map((part) => group(part, 'or')).join(' OR '),
        'or',
        parts.every((part) => info(part).nullSafe),
      ),
    not: (part) =>
      opposites.get(part) ??
      note(info(part).nullSafe ? `NOT (${part})` : `NOT COALESCE(${part}, false)`, 'atom', true),
    constant: (value) => note(value ? 'true' : 'false', 'atom', true),
    pattern(field, pattern, folded) {
      const literals = pattern.filter((part): part is string => typeof part === 'string');
      const fold = folded && literals.some(hasCase);
      const name = esqlField(field);
      if (pattern.every((part) => typeof part === 'string')) {
        const text = literals.join('');
        if (/^-?[0-9]+$/.test(text)) return `TO_STRING(${name}) == ${esqlString(text)}`;
        if (!fold) return `${name} == ${esqlString(text)}`;
        return `TO_LOWER(${name}) == ${esqlString(text.toLowerCase())}`;
      }
      const target = fold ? `TO_LOWER(${name})` : name;
      return `${target} LIKE ${esqlString(likePattern(pattern, fold))}`;
    },
    keyword: (pattern, folded) => renderer.pattern(keywordField('keywords'), pattern, folded),
    isNull: (field) => nullTest(field, 'IS NULL', 'IS NOT NULL'),
    exists: (field) => nullTest(field, 'IS NOT NULL', 'IS NULL'),
    regex: (field, source, flags) =>
      regex(field ?? keywordField(`keywords|re '${source}'`), source, flags),
    cidr: (field, text) => `CIDR_MATCH(TO_IP(${esqlField(field)}), ${esqlString(text)})`,
    compare(field, op, value, part) {
      if (part === 'week') {
        return context.unsupported(
          `${field}|week`,
          'ES|QL DATE_EXTRACT has no ISO week-of-year part',
        );
      }
      const name = esqlField(field);
      const left =
        part === undefined
          ? `TO_DOUBLE(${name})`
          : `DATE_EXTRACT(${esqlString(DATE_PARTS[part])}, TO_DATETIME(${name}))`;
      return `${left} ${COMPARE[op]} ${numberLiteral(value)}`;
    },
    fieldref(field, other, position, cased) {
      const side = (name: string) => (cased ? esqlField(name) : `TO_LOWER(${esqlField(name)})`);
      const [left, right] = [side(field), side(other)];
      switch (position) {
        case undefined:
          return `${left} == ${right}`;
        case 'startswith':
          return `STARTS_WITH(${left}, ${right})`;
        case 'endswith':
          return `ENDS_WITH(${left}, ${right})`;
        case 'contains':
          return `LOCATE(${left}, ${right}) > 0`;
      }
    },
  };
  return { renderer, group };
}

/** A logsource condition: `f == "v"` or `f IN ("a", "b")`. */
function condition(field: string, value: SigmaMappingScalar | readonly SigmaMappingScalar[]) {
  const literal = (scalar: SigmaMappingScalar) =>
    typeof scalar === 'number' ? numberLiteral(scalar) : esqlString(scalar);
  if (typeof value === 'string' || typeof value === 'number') {
    return `${esqlField(field)} == ${literal(value)}`;
  }
  const values = value as readonly SigmaMappingScalar[];
  if (values.length === 1)
    return `${esqlField(field)} == ${literal(values[0] as SigmaMappingScalar)}`;
  return `${esqlField(field)} IN (${values.map(literal).join(', ')})`;
}

/** The source as ES|QL `FROM` takes it: index patterns, or a quoted string when unusual. */
function fromSource(source: string): string {
  return /^[A-Za-z0-9_.*,:-]+$/.test(source) ? source : esqlString(source);
}

/**
 * The ES|QL backend: `FROM <source> METADATA _id, _index, _version | WHERE <logsource
 * conditions> AND (<detection>)`, or the `WHERE` expression alone with `predicateOnly`.
 * Default mapping: {@link ECS_WINDOWS_MAPPING}.
 */
export const esqlBackend: SigmaQueryBackend = {
  target: 'esql',
  defaultMapping: ECS_WINDOWS_MAPPING,
  render(tree, context) {
    const { renderer, group } = leaves(context);
    const predicate = renderTree(tree, context, renderer);
    if (context.predicateOnly) return predicate;
    const conditions = Object.entries(context.logsource?.conditions ?? {}).map(([field, value]) =>
      condition(field, value),
    );
    const where =
      conditions.length === 0 ? predicate : [...conditions, group(predicate, 'and')].join(' AND ');
    return `FROM ${fromSource(context.source ?? '*')} METADATA _id, _index, _version | WHERE ${where}`;
  },
};
