/**
 * The SQL leaves shared by the DuckDB and PostgreSQL backends, over the hunting event table.
 *
 * ## The event table
 *
 * One table (default name `events`), one row per input event:
 * - `_line` (integer): the event's 0-based line in its input;
 * - `_logsources` (text list, `VARCHAR[]`/`text[]`): the logsources the input's field mapping
 *   routes the event to, each as `product|category|service` (an absent key is empty); `NULL`
 *   when the mapping routes nothing (the event then reaches every rule, as in the engine), an
 *   empty list when no rule applies;
 * - `_keywords` (text list): every string value of the event, as the engine collects them for
 *   keyword (field-less) searches;
 * - `_nulls` (text list): the field paths whose value is a JSON `null` (present, so `exists`
 *   holds, but `null` too);
 * - one text column per field path (nested objects flattened to dotted paths; a flat dotted
 *   key wins over the nested path), holding the value as the engine reads it as text: strings
 *   as they are, numbers and booleans stringified (`String(value)`), arrays as their JSON text.
 *
 * A rendered query selects `_line` from the table where the rule's logsource fits one of
 * `_logsources` (or `_logsources` is `NULL`) and the detection holds. Every leaf is `NULL`-safe:
 * a missing value makes a leaf false or unknown, and `NOT` reads unknown as false, so an
 * absent field behaves as in the engine.
 *
 * @module
 */
import type { CidrNetwork } from '../../cidr.js';
import type { SigmaStringPosition, SigmaTimePart } from '../../item-semantics.js';
import type { RegexFlags } from '../../regex-guard.js';
import { ANY, ONE, type SigmaPattern } from '../../sigma-string.js';
import type { SigmaQueryNode } from '../query-tree.js';
import { renderTree, type SigmaLeafRenderer } from '../render-tree.js';
import type { SigmaBackendContext } from '../types.js';
import {
  duckdbRegex,
  postgresRegex,
  RegexTranslationError,
  splitInlineFlags,
} from './sql-regex.js';

/** The SQL dialects. */
export type SqlDialect = 'duckdb' | 'postgres';

/** The reserved columns of the event table (see the module comment). */
export const SQL_EVENT_COLUMNS = {
  line: '_line',
  logsources: '_logsources',
  keywords: '_keywords',
  nulls: '_nulls',
  time: '_event_time',
} as const;

/** The default event table name. */
export const SQL_EVENT_TABLE = 'events';

/**
 * The SQL a PostgreSQL database needs before it runs rendered queries: `openmdr_inet6(text)`,
 * the IPv6 address of a text (`NULL` when it is none, never an error; IPv4 and IPv4-mapped
 * addresses are `NULL`, as the engine reads those as IPv4), and `openmdr_timestamp(text)`, a
 * UTC timestamp of an ISO 8601 date-time (`NULL` when it is not one).
 */
export const POSTGRES_SQL_SETUP = `CREATE OR REPLACE FUNCTION openmdr_inet6(value text) RETURNS inet
LANGUAGE plpgsql IMMUTABLE AS $fn$
DECLARE
  address inet;
  body text := btrim(value, E' \\t\\n\\r\\f\\v');
BEGIN
  IF body IS NULL OR body !~ '^\\[?[0-9A-Fa-f:.]+(%[^\\]]*)?\\]?$' OR position(':' in body) = 0 THEN
    RETURN NULL;
  END IF;
  body := regexp_replace(regexp_replace(body, '%.*$', ''), '^\\[(.*)\\]$', '\\1');
  address := body::inet;
  IF family(address) <> 6 OR masklen(address) <> 128 OR address <<= '::ffff:0:0/96'::inet THEN
    RETURN NULL;
  END IF;
  RETURN address;
EXCEPTION WHEN others THEN
  RETURN NULL;
END
$fn$;
CREATE OR REPLACE FUNCTION openmdr_timestamp(value text) RETURNS timestamp
LANGUAGE plpgsql IMMUTABLE AS $fn$
BEGIN
  IF value IS NULL OR value !~ '^\\s*\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?)?Z?\\s*$' THEN
    RETURN NULL;
  END IF;
  RETURN replace(replace(btrim(value), 'T', ' '), 'Z', '')::timestamp;
EXCEPTION WHEN others THEN
  RETURN NULL;
END
$fn$;
`;

/** A double-quoted SQL identifier. */
export function sqlIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A single-quoted SQL string literal (standard-conforming: backslashes are literal). */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** The `LIKE` text of a pattern (`%`, `_` and `\` escaped with `\`), or `undefined` without wildcards. */
export function likePattern(pattern: SigmaPattern, fold: boolean): string | undefined {
  if (!pattern.some((part) => part === ANY || part === ONE)) return undefined;
  let text = '';
  for (const part of pattern) {
    if (part === ANY) text += '%';
    else if (part === ONE) text += '_';
    else text += (fold ? part.toLowerCase() : part).replace(/[\\%_]/g, '\\$&');
  }
  return text;
}

/**
 * A pattern that is one literal with `*` before and/or after it, as DuckDB's string function
 * that tests it (`contains`, `starts_with`, `ends_with`: faster than `LIKE` with an escape).
 */
function affixShape(
  pattern: SigmaPattern,
): { function: 'contains' | 'starts_with' | 'ends_with'; text: string } | undefined {
  const [first, second, third] = pattern;
  if (pattern.length === 3 && first === ANY && typeof second === 'string' && third === ANY) {
    return { function: 'contains', text: second };
  }
  if (pattern.length === 2 && first === ANY && typeof second === 'string') {
    return { function: 'ends_with', text: second };
  }
  if (pattern.length === 2 && typeof first === 'string' && second === ANY) {
    return { function: 'starts_with', text: first };
  }
  return undefined;
}

/** The plain text of a pattern without wildcards. */
function literalText(pattern: SigmaPattern, fold: boolean): string {
  const text = pattern.join('');
  return fold ? text.toLowerCase() : text;
}

/** An IPv4 address with optional leading zeros per byte (as the engine reads them). */
const IPV4_BYTE = '(25[0-5]|2[0-4][0-9]|[01]?[0-9]?[0-9])';
const IPV4_TEXT = `${IPV4_BYTE}\\.${IPV4_BYTE}\\.${IPV4_BYTE}\\.${IPV4_BYTE}`;
/** A decimal number as JavaScript's `Number()` reads it (hex, binary and octal forms aside). */
const NUMBER_TEXT = '[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]{1,3})?';
/** An ISO 8601 UTC date-time (or date) the engine reads with `Date.parse`. */
const TIMESTAMP_TEXT =
  '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?)?Z?';

const COMPARE_OPERATORS = { gt: '>', gte: '>=', lt: '<', lte: '<=', eq: '=' } as const;

/** Leaves whose text depends on the dialect. */
interface DialectParts {
  /** True when any element of list column `column` satisfies `predicate(element)`. */
  anyElement(column: string, predicate: (element: string) => string): string;
  regex(value: string, source: string, flags: RegexFlags): string;
  /** The value trimmed of surrounding blanks. */
  trim(value: string): string;
  /** `value` holds a full match of the POSIX-compatible regex `source`. */
  fullMatch(value: string, source: string): string;
  /** The number `value` holds (guarded by {@link NUMBER_TEXT}); `NULL` otherwise. */
  number(value: string): string;
  /** The UTC timestamp `value` holds; `NULL` otherwise. */
  timestamp(value: string): string;
  ipv6(value: string, network: CidrNetwork): string;
  /** A text already known to hold digits only, as a big integer. */
  integer(value: string): string;
  endsWith(value: string, suffix: string): string;
}

const DUCKDB: DialectParts = {
  anyElement: (column, predicate) => `len(list_filter(${column}, _k -> ${predicate('_k')})) > 0`,
  regex: (value, source, flags) =>
    `regexp_matches(${value}, ${sqlString(duckdbRegex(splitInlineFlags(source, flags)))})`,
  trim: (value) => `trim(${value})`,
  fullMatch: (value, source) => `regexp_full_match(${value}, ${sqlString(source)})`,
  number: (value) =>
    `CASE WHEN regexp_full_match(trim(${value}), ${sqlString(NUMBER_TEXT)}) THEN TRY_CAST(trim(${value}) AS DOUBLE) END`,
  timestamp: (value) =>
    `CASE WHEN regexp_full_match(trim(${value}), ${sqlString(TIMESTAMP_TEXT)}) THEN TRY_CAST(replace(replace(trim(${value}), 'T', ' '), 'Z', '') AS TIMESTAMP) END`,
  ipv6: (value, network) => {
    const test = [
      `NOT starts_with(_s, '${IPV4_MAPPED_HEX}')`,
      ...ipv6HexTests(network).map((check) => check.replaceAll('$', '_s')),
    ].join(' AND ');
    return `coalesce(list_transform([${duckdbIpv6Hex(value)}], _s -> ${test})[1], false)`;
  },
  integer: (value) => `TRY_CAST(${value} AS BIGINT)`,
  endsWith: (value, suffix) => `ends_with(${value}, ${suffix})`,
};

const POSTGRES: DialectParts = {
  anyElement: (column, predicate) =>
    `EXISTS (SELECT 1 FROM unnest(${column}) AS _k WHERE ${predicate('_k')})`,
  regex: (value, source, flags) => {
    const translated = postgresRegex(splitInlineFlags(source, flags));
    return `${value} ${translated.operator} ${sqlString(translated.source)}`;
  },
  trim: (value) => `btrim(${value})`,
  fullMatch: (value, source) => `${value} ~ ${sqlString(`^(${source})$`)}`,
  number: (value) =>
    `CASE WHEN btrim(${value}) ~ ${sqlString(`^${NUMBER_TEXT}$`)} THEN btrim(${value})::numeric END`,
  timestamp: (value) => `openmdr_timestamp(${value})`,
  ipv6: (value, network) => `openmdr_inet6(${value}) <<= ${sqlString(ipv6Cidr(network))}::cidr`,
  integer: (value) => `CAST(${value} AS BIGINT)`,
  endsWith: (value, suffix) => `right(${value}, length(${suffix})) = ${suffix}`,
};

/** The 32 hex digits of an IPv4-mapped IPv6 address start with these. */
const IPV4_MAPPED_HEX = '00000000000000000000ffff';

/**
 * DuckDB: the 32 lowercase hex digits of the IPv6 address a text holds (trimmed, a `%zone`
 * and then `[…]` removed, `::` expanded), `NULL` when it is none. Addresses with a dotted IPv4
 * tail are not read (`NULL`).
 */
function duckdbIpv6Hex(value: string): string {
  const text = `lower(regexp_replace(regexp_replace(trim(${value}), '%.*$', ''), '^\\[(.*)\\]$', '\\1'))`;
  const groups = "'([0-9a-f]{1,4}(:[0-9a-f]{1,4})*)?'";
  const valid = `regexp_full_match(_a, '[0-9a-f:]+') AND len(_p) <= 2 AND regexp_full_match(_p[1], ${groups}) AND (len(_p) = 1 OR regexp_full_match(_p[2], ${groups}))`;
  const halves = `[CASE WHEN _p[1] = '' THEN [] ELSE string_split(_p[1], ':') END, CASE WHEN len(_p) = 1 OR _p[2] = '' THEN [] ELSE string_split(_p[2], ':') END]`;
  const counted =
    '(len(_p) = 1 AND len(_h[1]) = 8) OR (len(_p) = 2 AND len(_h[1]) + len(_h[2]) <= 7)';
  const expanded = `array_to_string(list_transform(list_concat(_h[1], list_transform(range(8 - len(_h[1]) - len(_h[2])), _z -> '0'), _h[2]), _g -> lpad(_g, 4, '0')), '')`;
  return `list_transform([${text}], _a -> list_transform([string_split(_a, '::')], _p -> CASE WHEN ${valid} THEN list_transform([${halves}], _h -> CASE WHEN ${counted} THEN ${expanded} END)[1] END)[1])[1]`;
}

/** Tests (over `$`, 32 hex digits) that an address lies in an IPv6 network. */
function ipv6HexTests(network: CidrNetwork): string[] {
  const hex = network.groups.map((group) => group.toString(16).padStart(4, '0')).join('');
  const whole = Math.floor(network.prefix / 4);
  const rest = network.prefix % 4;
  const tests: string[] = [];
  if (whole > 0) tests.push(`starts_with($, '${hex.slice(0, whole)}')`);
  if (rest > 0) {
    const span = 1 << (4 - rest);
    const low = Number.parseInt(hex[whole] as string, 16) & ~(span - 1) & 0xf;
    tests.push(
      `substr($, ${whole + 1}, 1) BETWEEN '${low.toString(16)}' AND '${(low + span - 1).toString(16)}'`,
    );
  }
  return tests;
}

/** An IPv6 network in `cidr` notation with the host bits cleared. */
function ipv6Cidr(network: CidrNetwork): string {
  let remaining = network.prefix;
  const groups = network.groups.map((group) => {
    const take = Math.max(0, Math.min(16, remaining));
    remaining -= take;
    const mask = take === 0 ? 0 : (0xffff << (16 - take)) & 0xffff;
    return (group & mask).toString(16);
  });
  return `${groups.join(':')}/${network.prefix}`;
}

/** The IPv4 range `[low, high]` of a network, as unsigned 32-bit numbers. */
function ipv4Range(network: CidrNetwork): [number, number] {
  const address = (((network.groups[0] as number) << 16) | (network.groups[1] as number)) >>> 0;
  const size = 2 ** (32 - network.prefix);
  const low = Math.floor(address / size) * size;
  return [low, low + size - 1];
}

/** The leaves of `dialect`; `unsupported` reports what the dialect cannot express. */
export function sqlLeafRenderer(
  dialect: SqlDialect,
  unsupported: (construct: string, why: string) => never,
): SigmaLeafRenderer {
  const parts = dialect === 'duckdb' ? DUCKDB : POSTGRES;
  const column = sqlIdentifier;
  const keywords = column(SQL_EVENT_COLUMNS.keywords);
  const fit = (value: string, pattern: SigmaPattern, folded: boolean): string => {
    const subject = folded ? `lower(${value})` : value;
    const like = likePattern(pattern, folded);
    if (like === undefined) return `${subject} = ${sqlString(literalText(pattern, folded))}`;
    const shape = dialect === 'duckdb' ? affixShape(pattern) : undefined;
    if (shape !== undefined) {
      const text = sqlString(folded ? shape.text.toLowerCase() : shape.text);
      return `${shape.function}(${subject}, ${text})`;
    }
    return like.includes('\\')
      ? `${subject} LIKE ${sqlString(like)} ESCAPE '\\'`
      : `${subject} LIKE ${sqlString(like)}`;
  };
  const regex = (value: string, source: string, flags: RegexFlags): string => {
    try {
      return parts.regex(value, source, flags);
    } catch (error) {
      if (error instanceof RegexTranslationError) {
        return unsupported('re', `${dialect} has no equivalent of ${error.message}`);
      }
      throw error;
    }
  };
  return {
    and: (items) => `(${items.join(' AND ')})`,
    or: (items) => `(${items.join(' OR ')})`,
    not: (item) => `NOT coalesce(${item}, false)`,
    constant: (value) => (value ? 'true' : 'false'),
    pattern: (field, pattern, folded) => fit(column(field), pattern, folded),
    keyword: (pattern, folded) =>
      parts.anyElement(keywords, (element) => fit(element, pattern, folded)),
    isNull: (field) => `${column(field)} IS NULL`,
    exists: (field) =>
      `(${column(field)} IS NOT NULL OR ${parts.anyElement(
        column(SQL_EVENT_COLUMNS.nulls),
        (element) => `${element} = ${sqlString(field)}`,
      )})`,
    regex: (field, source, flags) =>
      field === undefined
        ? parts.anyElement(keywords, (element) => regex(element, source, flags))
        : regex(column(field), source, flags),
    cidr: (field, _text, network) => {
      const value = column(field);
      if (network.version === 6) return parts.ipv6(value, network);
      // IPv4 (and IPv4-mapped `::ffff:a.b.c.d`): the address as a number, in the range.
      const address = `regexp_replace(${parts.trim(value)}, '^::[fF]{4}:', '')`;
      const [low, high] = ipv4Range(network);
      const byte = (index: number) => parts.integer(`split_part(${address}, '.', ${index})`);
      const number = `(${byte(1)} * 16777216 + ${byte(2)} * 65536 + ${byte(3)} * 256 + ${byte(4)})`;
      return `CASE WHEN ${parts.fullMatch(address, IPV4_TEXT)} THEN ${number} BETWEEN ${low} AND ${high} ELSE false END`;
    },
    compare: (field, op, value, part) => {
      const operator = COMPARE_OPERATORS[op];
      if (part === undefined) {
        return `${parts.number(column(field))} ${operator} ${numberLiteral(value)}`;
      }
      return `${datePart(dialect, part, parts.timestamp(column(field)))} ${operator} ${numberLiteral(value)}`;
    },
    fieldref: (field, other, position, cased) =>
      fieldref(parts, column(field), column(other), position, cased),
  };
}

function numberLiteral(value: number): string {
  return Object.is(value, -0) ? '0' : String(value);
}

function datePart(dialect: SqlDialect, part: SigmaTimePart, timestamp: string): string {
  return dialect === 'duckdb'
    ? `date_part('${part}', ${timestamp})`
    : `extract(${part} FROM ${timestamp})`;
}

function fieldref(
  parts: DialectParts,
  left: string,
  right: string,
  position: SigmaStringPosition | undefined,
  cased: boolean,
): string {
  const l = cased ? left : `lower(${left})`;
  const r = cased ? right : `lower(${right})`;
  switch (position) {
    case 'contains':
      return `strpos(${l}, ${r}) > 0`;
    case 'startswith':
      return `starts_with(${l}, ${r})`;
    case 'endswith':
      return parts.endsWith(l, r);
    default:
      return `${l} = ${r}`;
  }
}

/**
 * The condition that the rule's logsource fits one of the event's `_logsources`. DuckDB: one
 * multi-line RE2 search over the list joined by newlines (cheaper than a lambda per row).
 */
function logsourceCondition(dialect: SqlDialect, context: SigmaBackendContext): string {
  const logsources = sqlIdentifier(SQL_EVENT_COLUMNS.logsources);
  const keys = [
    context.rule.logsource.product,
    context.rule.logsource.category,
    context.rule.logsource.service,
  ];
  if (dialect === 'duckdb') {
    const line = keys
      .map((value) =>
        value === undefined ? '[^|\\n]*' : value.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&'),
      )
      .join('\\|');
    return `(${logsources} IS NULL OR regexp_matches(array_to_string(${logsources}, chr(10)), ${sqlString(`(?m)^${line}$`)}))`;
  }
  const checks = (element: string): string => {
    const tests = keys
      .map((value, index) =>
        value === undefined
          ? undefined
          : `split_part(${element}, '|', ${index + 1}) = ${sqlString(value)}`,
      )
      .filter((check): check is string => check !== undefined);
    return tests.length === 0 ? 'true' : tests.join(' AND ');
  };
  return `(${logsources} IS NULL OR ${POSTGRES.anyElement(logsources, checks)})`;
}

/** The mapping entry's own conditions (`field: value` or a list of values), as SQL. */
function mappingConditions(context: SigmaBackendContext): string[] {
  const conditions = context.logsource?.conditions ?? {};
  return Object.entries(conditions).map(([field, value]) => {
    const values = (Array.isArray(value) ? value : [value]) as readonly (string | number)[];
    const tests = values.map((entry) => `${sqlIdentifier(field)} = ${sqlString(String(entry))}`);
    return tests.length === 1 ? (tests[0] as string) : `(${tests.join(' OR ')})`;
  });
}

/** `lower("column")` occurrences outside string literals: their start, end and column. */
function loweredColumns(sql: string): { start: number; end: number; text: string }[] {
  const found: { start: number; end: number; text: string }[] = [];
  let index = 0;
  while (index < sql.length) {
    const char = sql[index];
    if (char === "'") {
      index++;
      while (index < sql.length) {
        if (sql[index] === "'" && sql[index + 1] === "'") index += 2;
        else if (sql[index] === "'") break;
        else index++;
      }
      index++;
      continue;
    }
    if (sql.startsWith('lower("', index)) {
      let end = index + 7;
      while (end < sql.length) {
        if (sql[end] === '"' && sql[end + 1] === '"') end += 2;
        else if (sql[end] === '"') break;
        else end++;
      }
      if (sql[end + 1] === ')') {
        found.push({ start: index, end: end + 2, text: sql.slice(index, end + 2) });
        index = end + 2;
        continue;
      }
    }
    index++;
  }
  return found;
}

/**
 * DuckDB evaluates `lower(col)` once per occurrence: a column lowered more than once is bound
 * once per row through a one-element list lambda (`list_transform([lower("col")], _l0 -> …)[1]`),
 * several times faster for rules with long value lists.
 */
export function bindLoweredColumns(predicate: string): string {
  const occurrences = loweredColumns(predicate);
  const counts = new Map<string, number>();
  for (const { text } of occurrences) counts.set(text, (counts.get(text) ?? 0) + 1);
  const bound = [...counts].filter(([, count]) => count > 1).map(([text]) => text);
  if (bound.length === 0) return predicate;
  const names = new Map(bound.map((text, index) => [text, `_l${index}`]));
  let body = '';
  let at = 0;
  for (const { start, end, text } of occurrences) {
    const name = names.get(text);
    if (name === undefined) continue;
    body += predicate.slice(at, start) + name;
    at = end;
  }
  body += predicate.slice(at);
  return bound.reduceRight(
    (inner, text) => `list_transform([${text}], ${names.get(text)} -> ${inner})[1]`,
    body,
  );
}

/**
 * Renders a rule for `dialect`: `SELECT "_line" FROM <source> WHERE <logsource> AND
 * (<detection>)`, or the detection alone when the context asks for the predicate only.
 */
export function renderSqlQuery(
  dialect: SqlDialect,
  tree: SigmaQueryNode,
  context: SigmaBackendContext,
): string {
  const rendered = renderTree(tree, context, sqlLeafRenderer(dialect, context.unsupported));
  const predicate = dialect === 'duckdb' ? bindLoweredColumns(rendered) : rendered;
  if (context.predicateOnly) return predicate;
  const source = context.source ?? SQL_EVENT_TABLE;
  const conditions = [
    logsourceCondition(dialect, context),
    ...mappingConditions(context),
    `(${predicate})`,
  ];
  return `SELECT ${sqlIdentifier(SQL_EVENT_COLUMNS.line)} FROM ${sqlIdentifier(source)} WHERE ${conditions.join(' AND ')}`;
}
