/**
 * The Kusto (KQL) backend, for Microsoft Sentinel and Defender XDR advanced hunting.
 *
 * A query is `<table>\n| where <logsource conditions>\n| where <predicate>`. Reading of KQL
 * (documented choices):
 *
 * - **Strings**: `=~` (case-insensitive) and `==` (cased) for equality; `contains`,
 *   `startswith`, `endswith` and their `_cs` variants for one literal with `*` at the ends;
 *   anything else (a `?` wildcard, a `*` inside, a control character) is `matches regex` with
 *   an RE2 expression anchored as the engine anchors it, `(?s)` so wildcards cross line
 *   breaks, `(?i)` unless cased. `has` is never used: it matches whole terms, which no Sigma
 *   string form means.
 * - **Absent fields**: KQL string columns hold `""` where an event has no value, so absent and
 *   empty are one: `null` is `isempty(field)`, `exists: true` and a lone `*` are
 *   `isnotempty(field)`, an empty value is `isempty(field)`.
 * - **Numbers**: a value of digits only (`EventID: 4688`) compares as text,
 *   `tostring(field) == "4688"`, which holds for int and string columns alike; `gt`…`lte`
 *   compare `todouble(field)` (non-numeric text is null: no match).
 * - **Time parts** read `datetime_part()` (`week_of_year()` for `week`, ISO 8601 like the
 *   engine) of `todatetime(field)`, in UTC as all KQL datetimes.
 * - **Null**: a comparison of non-numeric text, a time part of a non-date, a range test of a
 *   non-address are null, which `where` drops, as the engine does not match them; under a
 *   negation they are `coalesce(…, false)` first, because `not(null)` is null, not true.
 * - **Regex** values run as written (RE2, which Sigma's regex subset is), with `(?i)`, `(?m)`,
 *   `(?s)` for the flags; `cidr` is `ipv4_is_in_range()` / `ipv6_is_in_range()`.
 * - **Field references** compare columns (`=~`, `contains`, …, `_cs` when cased), guarded by
 *   `isnotempty()` of the referenced field (the engine needs it present).
 * - **Keywords** are `* contains "…"` (`contains_cs` when cased) over every column; a keyword
 *   with a wildcard inside or a `?`, or a keyword regex, cannot be said and is unsupported.
 * - **Dynamic properties**: a mapped field with a dot (`EventData.Image`) is a property of a
 *   dynamic column and is read as `tostring(EventData.Image)`. A logsource entry's
 *   `'*'` field template (`'*': 'EventData.*'`, see `mappedFields`) renames every field it
 *   does not list.
 *
 * @module
 */
import type { SigmaStringPosition, SigmaTimePart } from '../../item-semantics.js';
import { SENTINEL_MAPPING } from '../mappings/sentinel.js';
import type { SigmaQueryNode } from '../query-tree.js';
import { renderTree, type SigmaLeafRenderer } from '../render-tree.js';
import type { SigmaBackendContext, SigmaMappingScalar, SigmaQueryBackend } from '../types.js';
import {
  cidrText,
  patternRegex,
  plainLiterals,
  regexFlagPrefix,
  simplePattern,
} from './pattern-regex.js';

/** A KQL string literal: `\`, `"` escaped with a backslash. */
export function kqlString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A KQL verbatim string literal (`@"…"`, a `"` doubled), for regular expressions. */
export function kqlVerbatim(text: string): string {
  return `@"${text.replace(/"/g, '""')}"`;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A column reference: a plain name, `['odd name']`, or for a dotted name the property path
 * of a dynamic column read as a string (`tostring(EventData.Image)`).
 */
export function kqlField(field: string): string {
  const quote = (name: string) =>
    IDENTIFIER.test(name) ? name : `['${name.replace(/'/g, "\\'")}']`;
  if (!field.includes('.')) return quote(field);
  const [column, ...path] = field.split('.');
  const access = path.map((name) => (IDENTIFIER.test(name) ? `.${name}` : `[${kqlString(name)}]`));
  return `tostring(${quote(column as string)}${access.join('')})`;
}

const COMPARE_OPERATORS = { gt: '>', gte: '>=', lt: '<', lte: '<=', eq: '==' } as const;

function kqlLeaves(context: SigmaBackendContext): SigmaLeafRenderer {
  const compound = new Set<string>();
  // Expressions that may be null (a comparison of a non-number, a range test of a non-IP):
  // null is "no match" to `where`, but `not(null)` is null too, so a negation coalesces first.
  const nullable = new Set<string>();
  const wrap = (part: string): string => (compound.has(part) ? `(${part})` : part);
  const join = (parts: readonly string[], word: string): string => {
    const text = parts.map(wrap).join(word);
    compound.add(text);
    if (parts.some((part) => nullable.has(part))) nullable.add(text);
    return text;
  };
  const mayBeNull = (text: string): string => {
    nullable.add(text);
    return text;
  };
  const timePart = (part: SigmaTimePart, field: string): string =>
    part === 'week'
      ? `week_of_year(todatetime(${field}))`
      : `datetime_part(${kqlString(`${part[0]?.toUpperCase()}${part.slice(1)}`)}, todatetime(${field}))`;
  return {
    and: (parts) => join(parts, ' and '),
    or: (parts) => join(parts, ' or '),
    not: (part) => (nullable.has(part) ? `not(coalesce(${part}, false))` : `not(${part})`),
    constant: (value) => (value ? 'true' : 'false'),
    pattern(field, pattern, folded) {
      const column = kqlField(field);
      const simple = plainLiterals(pattern) ? simplePattern(pattern) : undefined;
      const cs = folded ? '' : '_cs';
      switch (simple?.kind) {
        case 'any':
          return `isnotempty(${column})`;
        case 'equals':
          if (simple.text === '') return `isempty(${column})`;
          if (/^\d+$/.test(simple.text)) {
            const text = column.startsWith('tostring(') ? column : `tostring(${column})`;
            return `${text} == ${kqlString(simple.text)}`;
          }
          return `${column} ${folded ? '=~' : '=='} ${kqlString(simple.text)}`;
        case 'contains':
        case 'startswith':
        case 'endswith':
          return `${column} ${simple.kind}${cs} ${kqlString(simple.text)}`;
        default:
          return `${column} matches regex ${kqlVerbatim(patternRegex(pattern, folded))}`;
      }
    },
    keyword(pattern, folded) {
      const simple = plainLiterals(pattern) ? simplePattern(pattern) : undefined;
      if (simple?.kind !== 'contains') {
        return context.unsupported(
          'keywords',
          'KQL searches every column only with contains/has: a keyword with a wildcard inside, a ? or a control character cannot be said',
        );
      }
      return `* contains${folded ? '' : '_cs'} ${kqlString(simple.text)}`;
    },
    isNull: (field) => `isempty(${kqlField(field)})`,
    exists: (field) => `isnotempty(${kqlField(field)})`,
    regex(field, source, flags) {
      if (field === undefined) {
        return context.unsupported('keywords|re', 'KQL cannot match a regex against every column');
      }
      return `${kqlField(field)} matches regex ${kqlVerbatim(regexFlagPrefix(flags) + source)}`;
    },
    cidr(field, text, network) {
      const fn = network.version === 4 ? 'ipv4_is_in_range' : 'ipv6_is_in_range';
      return mayBeNull(`${fn}(${kqlField(field)}, ${kqlString(cidrText(network, text))})`);
    },
    compare(field, op, value, part) {
      const column = kqlField(field);
      const left = part === undefined ? `todouble(${column})` : timePart(part, column);
      return mayBeNull(`${left} ${COMPARE_OPERATORS[op]} ${value}`);
    },
    fieldref(field, other, position: SigmaStringPosition | undefined, cased) {
      const operator =
        position === undefined ? (cased ? '==' : '=~') : `${position}${cased ? '_cs' : ''}`;
      return join(
        [`isnotempty(${kqlField(other)})`, `${kqlField(field)} ${operator} ${kqlField(other)}`],
        ' and ',
      );
    },
  };
}

function renderConditions(
  conditions: Readonly<Record<string, SigmaMappingScalar | readonly SigmaMappingScalar[]>>,
): string[] {
  const value = (scalar: SigmaMappingScalar): string =>
    typeof scalar === 'number' ? String(scalar) : kqlString(scalar);
  return Object.entries(conditions).map(([field, scalars]) => {
    const list: readonly SigmaMappingScalar[] = typeof scalars === 'object' ? scalars : [scalars];
    const numeric = list.every((scalar) => typeof scalar === 'number');
    if (list.length === 1) {
      return `${kqlField(field)} ${numeric ? '==' : '=~'} ${value(list[0] as SigmaMappingScalar)}`;
    }
    return `${kqlField(field)} ${numeric ? 'in' : 'in~'} (${list.map(value).join(', ')})`;
  });
}

/** Renders a rule's query tree as KQL (see the module documentation). */
export function renderKql(tree: SigmaQueryNode, context: SigmaBackendContext): string {
  const predicate = renderTree(tree, context, kqlLeaves(context));
  if (context.predicateOnly) return predicate;
  const conditions = renderConditions(context.logsource?.conditions ?? {});
  return [
    context.source ?? '',
    ...(conditions.length === 0 ? [] : [`where ${conditions.join(' and ')}`]),
    `where ${predicate}`,
  ].join('\n| ');
}

/** The KQL backend; its default mapping is {@link SENTINEL_MAPPING}. */
export const kqlBackend: SigmaQueryBackend = {
  target: 'kql',
  defaultMapping: SENTINEL_MAPPING,
  render: renderKql,
};
