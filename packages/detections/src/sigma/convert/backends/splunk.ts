/**
 * The Splunk SPL backend.
 *
 * A query is `<source> <logsource conditions> <search>`, then `| regex` and `| where` commands
 * for what the search command cannot say. Reading of Splunk's languages (documented choices):
 *
 * - **Search terms** (`Image="*\\cmd.exe"`) compare whole field values, case-insensitively,
 *   with `*` as the only wildcard; a backslash and a double quote are escaped with `\`. A
 *   literal `*` cannot be escaped in a search term, and `?` is no wildcard there, so a value
 *   holding a literal `*`, a `?` wildcard or a control character is matched by a regex in
 *   `| where` instead. The search command matches CIDR networks (`DestinationIp="10.0.0.0/8"`),
 *   `NOT field=*` is "absent or null", `field=*` is "present".
 * - **Case**: search terms are case-insensitive, so `cased` values, and encoded values
 *   (`base64`, `utf16…`, matched exactly as encoded) go to `| where` with a case-sensitive regex;
 *   when the conjunct holds no negation, the same terms, case-insensitive, stay in the search
 *   as a prefilter (a superset the index can narrow; `| where` keeps the exact matches).
 * - **`| regex field="…"`** is used for a regex that is a top-level AND conjunct (one field,
 *   one expression, not negated); every other regex is rendered with the whole conjunct that
 *   holds it in `| where`.
 * - **`| where`** (eval) expressions are built never to be null, so that `NOT` keeps its
 *   meaning on events without the field (eval's `NOT null` is null, and `where` drops the
 *   event): a value test is `isnotnull(mvfind(field, "regex"))` (true when any value of a
 *   multivalue field matches, false when the field is absent), a comparison is guarded by
 *   `isnotnull(tonumber(field))`, a field reference by `isnotnull(…)` of both fields.
 * - **Numbers** (`gt`…`lte`) compare `tonumber(field)` in `| where`: the search command would
 *   compare non-numeric values lexicographically, which Sigma does not.
 * - **Keywords** are quoted raw-text terms with `*` at both ends (`"*mimikatz*"`), case-insensitive;
 *   otherwise a regex on the mapping's `keywordField` (default `_raw`).
 * - **Not expressible**: time parts (`minute`…`year`): SPL formats `_time` in the searching
 *   user's time zone, not UTC, and the format of another timestamp field is unknown.
 *
 * @module
 */
import type { CidrNetwork } from '../../cidr.js';
import type { SigmaStringPosition, SigmaTimePart } from '../../item-semantics.js';
import { ANY, type SigmaPattern } from '../../sigma-string.js';
import { SPLUNK_WINDOWS_MAPPING } from '../mappings/splunk-windows.js';
import type { SigmaQueryNode } from '../query-tree.js';
import { renderTree, type SigmaLeafRenderer } from '../render-tree.js';
import type { SigmaBackendContext, SigmaMappingScalar, SigmaQueryBackend } from '../types.js';
import { cidrText, patternRegex, plainLiterals, regexFlagPrefix } from './pattern-regex.js';

/** An SPL double-quoted string: `\` and `"` escaped with a backslash. */
export function splString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A field name in a search term: double-quoted unless word characters and dots only. */
export function splSearchField(field: string): string {
  return /^[\w.]+$/.test(field) ? field : splString(field);
}

/** A field name in an eval expression: single-quoted unless a plain identifier. */
export function splEvalField(field: string): string {
  return /^[A-Za-z_]\w*$/.test(field) ? field : `'${field.replace(/'/g, "\\'")}'`;
}

/** Thrown by the search leaves when a predicate needs `| where`. */
class NeedsEval extends Error {}

/** Parenthesises compound expressions when they become an operand. */
function connectives(andWord: string): Pick<SigmaLeafRenderer, 'and' | 'or' | 'not'> & {
  compound: Set<string>;
  wrap(part: string): string;
} {
  const compound = new Set<string>();
  const wrap = (part: string): string => (compound.has(part) ? `(${part})` : part);
  const join = (parts: readonly string[], word: string): string => {
    const text = parts.map(wrap).join(word);
    compound.add(text);
    return text;
  };
  return {
    compound,
    wrap,
    and: (parts) => join(parts, andWord),
    or: (parts) => join(parts, ' OR '),
    not: (part) => `NOT ${wrap(part)}`,
  };
}

/** Search-command leaves; throw {@link NeedsEval} for what only `| where` can say. */
/** Search leaves, and the switch that relaxes cased values for a prefilter. */
type SearchLeaves = SigmaLeafRenderer & {
  wrap(part: string): string;
  /** Render cased values case-insensitively (a superset: a prefilter for `| where`). */
  relaxCased: boolean;
};

function searchLeaves(context: SigmaBackendContext): SearchLeaves {
  const base = connectives(' ');
  const searchValue = (pattern: SigmaPattern): string | undefined => {
    if (pattern.length === 0 || !plainLiterals(pattern)) return undefined;
    let text = '';
    for (const part of pattern) {
      if (part === ANY) text += '*';
      else if (typeof part !== 'string' || part.includes('*')) return undefined;
      else text += part.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
    }
    return `"${text}"`;
  };
  const leaves: SearchLeaves = {
    relaxCased: false,
    wrap: base.wrap,
    and: base.and,
    or: base.or,
    not: base.not,
    constant: (value) => (value ? '*' : 'NOT *'),
    pattern(field, pattern, folded) {
      const value = folded || leaves.relaxCased ? searchValue(pattern) : undefined;
      if (value === undefined) throw new NeedsEval();
      return `${splSearchField(field)}=${value}`;
    },
    keyword(pattern, folded) {
      const value = folded || leaves.relaxCased ? searchValue(pattern) : undefined;
      if (value === undefined) throw new NeedsEval();
      return value;
    },
    isNull(field) {
      const text = `NOT ${splSearchField(field)}=*`;
      base.compound.add(text);
      return text;
    },
    exists: (field) => `${splSearchField(field)}=*`,
    regex() {
      throw new NeedsEval();
    },
    cidr: (field, text, network) =>
      `${splSearchField(field)}=${splString(cidrText(network, text))}`,
    compare(_field, _op, _value, part) {
      if (part !== undefined) timePartUnsupported(context, part);
      throw new NeedsEval();
    },
    fieldref() {
      throw new NeedsEval();
    },
  };
  return leaves;
}

function timePartUnsupported(context: SigmaBackendContext, part: SigmaTimePart): never {
  return context.unsupported(
    `|${part}`,
    "SPL cannot read a UTC date part: strftime() formats in the searching user's time zone, and the format of a timestamp field other than _time is unknown",
  );
}

const COMPARE_OPERATORS = { gt: '>', gte: '>=', lt: '<', lte: '<=', eq: '==' } as const;

/** Eval (`| where`) leaves: every expression is true or false, never null. */
function evalLeaves(context: SigmaBackendContext): SigmaLeafRenderer {
  const base = connectives(' AND ');
  const keywordName = context.mapping.keywordField ?? '_raw';
  // `_raw` is never null; another keyword field may be, so it is read like any field.
  const keywordTest = (regex: string): string =>
    keywordName === '_raw'
      ? `match(_raw, ${splString(regex)})`
      : `isnotnull(mvfind(${splEvalField(keywordName)}, ${splString(regex)}))`;
  const guarded = (parts: readonly string[]): string => {
    const text = parts.join(' AND ');
    base.compound.add(text);
    return text;
  };
  const lower = (field: string, cased: boolean): string =>
    cased ? splEvalField(field) : `lower(${splEvalField(field)})`;
  return {
    and: base.and,
    or: base.or,
    not: base.not,
    constant: (value) => (value ? 'true()' : 'false()'),
    pattern: (field, pattern, folded) =>
      `isnotnull(mvfind(${splEvalField(field)}, ${splString(patternRegex(pattern, folded))}))`,
    keyword: (pattern, folded) => keywordTest(patternRegex(pattern, folded)),
    isNull: (field) => `isnull(${splEvalField(field)})`,
    exists: (field) => `isnotnull(${splEvalField(field)})`,
    regex: (field, source, flags) =>
      field === undefined
        ? keywordTest(regexFlagPrefix(flags) + source)
        : `isnotnull(mvfind(${splEvalField(field)}, ${splString(regexFlagPrefix(flags) + source)}))`,
    cidr: (field, text, network: CidrNetwork) =>
      guarded([
        `isnotnull(${splEvalField(field)})`,
        `cidrmatch(${splString(cidrText(network, text))}, ${splEvalField(field)})`,
      ]),
    compare(field, op, value, part) {
      if (part !== undefined) timePartUnsupported(context, part);
      const number = `tonumber(${splEvalField(field)})`;
      return guarded([`isnotnull(${number})`, `${number}${COMPARE_OPERATORS[op]}${value}`]);
    },
    fieldref(field, other, position: SigmaStringPosition | undefined, cased) {
      const left = lower(field, cased);
      const right = lower(other, cased);
      const both = [`isnotnull(${splEvalField(field)})`, `isnotnull(${splEvalField(other)})`];
      const otherLength = `len(${splEvalField(other)})`;
      switch (position) {
        case undefined:
          return guarded([...both, `${left}==${right}`]);
        case 'startswith':
          return guarded([...both, `substr(${left}, 1, ${otherLength})==${right}`]);
        case 'endswith':
          return guarded([
            ...both,
            `len(${splEvalField(field)})>=${otherLength}`,
            `substr(${left}, len(${splEvalField(field)})-${otherLength}+1)==${right}`,
          ]);
        case 'contains':
          return guarded([...both, `(${otherLength}==0 OR mvcount(split(${left}, ${right}))>1)`]);
      }
    },
  };
}

/**
 * The top-level AND conjuncts of a tree; `NOT (a OR b)` is split into `NOT a`, `NOT b`
 * (De Morgan), so that a filter needing `| where` does not drag its siblings there.
 */
function conjuncts(node: SigmaQueryNode): SigmaQueryNode[] {
  if (node.kind === 'and') return node.children.flatMap(conjuncts);
  if (node.kind === 'not' && node.child.kind === 'or') {
    return node.child.children.flatMap((child) => conjuncts({ kind: 'not', child }));
  }
  if (node.kind === 'not' && node.child.kind === 'not') return conjuncts(node.child.child);
  return [node];
}

/** True when the tree holds no negation (replacing a leaf by a superset widens it). */
function monotone(node: SigmaQueryNode): boolean {
  if (node.kind === 'not') return false;
  if (node.kind === 'item') return !node.item.negate;
  return node.children.every(monotone);
}

/**
 * The search-term prefilter of a conjunct that needs `| where` only because of cased values
 * (`cased`, base64, utf16): the same terms matched case-insensitively select a superset, so
 * the index narrows the events and `| where` keeps the exact ones.
 */
function relaxedSearch(
  conjunct: SigmaQueryNode,
  context: SigmaBackendContext,
  search: SearchLeaves,
): string | undefined {
  search.relaxCased = true;
  try {
    return renderTree(conjunct, context, search);
  } catch (error) {
    if (error instanceof NeedsEval) return undefined;
    throw error;
  } finally {
    search.relaxCased = false;
  }
}

/** A positive regex item on one field with one expression: `| regex field="…"`. */
function regexCommand(node: SigmaQueryNode, context: SigmaBackendContext): string | undefined {
  if (node.kind !== 'item' || node.item.kind !== 'regex' || node.item.negate) return undefined;
  const [source, ...more] = node.item.sources;
  if (source === undefined || more.length > 0) return undefined;
  const fields =
    node.item.field === undefined
      ? [context.mapping.keywordField ?? '_raw']
      : context.fields(node.item.field);
  const [field, ...others] = fields;
  if (field === undefined || others.length > 0) return undefined;
  return `regex ${splSearchField(field)}=${splString(regexFlagPrefix(node.item.flags) + source)}`;
}

function renderConditions(
  conditions: Readonly<Record<string, SigmaMappingScalar | readonly SigmaMappingScalar[]>>,
): string[] {
  const value = (scalar: SigmaMappingScalar): string =>
    typeof scalar === 'number' ? String(scalar) : splString(scalar);
  return Object.entries(conditions).map(([field, scalars]) => {
    const list = typeof scalars === 'object' ? scalars : [scalars];
    return list.length === 1
      ? `${splSearchField(field)}=${value(list[0] as SigmaMappingScalar)}`
      : `${splSearchField(field)} IN (${list.map(value).join(', ')})`;
  });
}

/** Renders a rule's query tree as SPL (see the module documentation). */
export function renderSplunk(tree: SigmaQueryNode, context: SigmaBackendContext): string {
  const search = searchLeaves(context);
  const terms: string[] = [];
  const commands: string[] = [];
  for (const conjunct of conjuncts(tree)) {
    try {
      terms.push(renderTree(conjunct, context, search));
    } catch (error) {
      if (!(error instanceof NeedsEval)) throw error;
      const regex = regexCommand(conjunct, context);
      if (regex === undefined) {
        const prefilter = monotone(conjunct) ? relaxedSearch(conjunct, context, search) : undefined;
        if (prefilter !== undefined) terms.push(prefilter);
      }
      commands.push(regex ?? `where ${renderTree(conjunct, context, evalLeaves(context))}`);
    }
  }
  const prefix = context.predicateOnly
    ? []
    : [context.source ?? '', ...renderConditions(context.logsource?.conditions ?? {})].filter(
        (part) => part !== '',
      );
  let head: string;
  const command = prefix[0]?.startsWith('|') === true ? prefix.shift() : undefined;
  const filter = [...prefix, ...terms];
  // The search command binds OR before AND: a compound term beside others is parenthesised.
  const joined = filter.map((term) => (filter.length > 1 ? search.wrap(term) : term)).join(' ');
  if (command !== undefined) {
    head = filter.length === 0 ? command : `${command}\n| search ${joined}`;
  } else {
    head = filter.length === 0 ? '*' : joined;
  }
  return [head, ...commands].join('\n| ');
}

/** The Splunk SPL backend; its default mapping is {@link SPLUNK_WINDOWS_MAPPING}. */
export const splunkBackend: SigmaQueryBackend = {
  target: 'splunk',
  defaultMapping: SPLUNK_WINDOWS_MAPPING,
  render: renderSplunk,
};
