/**
 * The shared walk of a query tree: boolean structure, `all`/any over values, `neq`, several
 * target fields per Sigma field, `exists: false`. A backend supplies the leaves: how its
 * language says "this field fits this pattern", "is null", "matches this regex", and so on.
 *
 * @module
 */
import type { CidrNetwork } from '../cidr.js';
import type { SigmaItemSemantics, SigmaStringPosition, SigmaTimePart } from '../item-semantics.js';
import type { RegexFlags } from '../regex-guard.js';
import type { SigmaPattern } from '../sigma-string.js';
import type { SigmaQueryNode } from './query-tree.js';
import type { SigmaBackendContext } from './types.js';

/** The leaves and connectives of one query language. Each returns an expression. */
export interface SigmaLeafRenderer {
  /** AND of at least two expressions (parenthesise as the language needs). */
  and(parts: readonly string[]): string;
  /** OR of at least two expressions. */
  or(parts: readonly string[]): string;
  not(part: string): string;
  /** An always-true (`true`) or always-false expression. */
  constant(value: boolean): string;
  /**
   * The whole value of `field` fits `pattern` (literal runs, `ANY` and `ONE` wildcards;
   * `contains` is already `*…*`), case-insensitively when `folded`.
   */
  pattern(field: string, pattern: SigmaPattern, folded: boolean): string;
  /** Any string value of the event fits `pattern` (a keyword search; always `*…*`). */
  keyword(pattern: SigmaPattern, folded: boolean): string;
  /** `field` is absent or null. */
  isNull(field: string): string;
  /** `field` is present (`exists: true`). */
  exists(field: string): string;
  /** `field` (or, for `undefined`, any value: a keyword search) matches the regex somewhere. */
  regex(field: string | undefined, source: string, flags: RegexFlags): string;
  /** `field` holds an IP address inside `network` (`text` as the rule wrote it). */
  cidr(field: string, text: string, network: CidrNetwork): string;
  /** `field` (or its UTC date `part`) compares with `value` numerically. */
  compare(
    field: string,
    op: 'gt' | 'gte' | 'lt' | 'lte' | 'eq',
    value: number,
    part: SigmaTimePart | undefined,
  ): string;
  /** `field` equals (or contains, starts or ends with) the value of field `other`. */
  fieldref(
    field: string,
    other: string,
    position: SigmaStringPosition | undefined,
    cased: boolean,
  ): string;
}

/** Renders a query tree with a backend's leaves. */
export function renderTree(
  tree: SigmaQueryNode,
  context: SigmaBackendContext,
  leaves: SigmaLeafRenderer,
): string {
  const join = (kind: 'and' | 'or', parts: readonly string[]): string => {
    if (parts.length === 0) return leaves.constant(kind === 'and');
    if (parts.length === 1) return parts[0] as string;
    return kind === 'and' ? leaves.and(parts) : leaves.or(parts);
  };
  const walk = (node: SigmaQueryNode): string => {
    switch (node.kind) {
      case 'and':
      case 'or':
        return join(node.kind, node.children.map(walk));
      case 'not':
        return leaves.not(walk(node.child));
      case 'item': {
        const text = renderItem(node.item, context, leaves, join);
        return node.item.negate ? leaves.not(text) : text;
      }
    }
  };
  return walk(tree);
}

function renderItem(
  item: SigmaItemSemantics,
  context: SigmaBackendContext,
  leaves: SigmaLeafRenderer,
  join: (kind: 'and' | 'or', parts: readonly string[]) => string,
): string {
  const values = (parts: readonly string[]): string => join(item.all ? 'and' : 'or', parts);
  if (item.field === undefined) {
    switch (item.kind) {
      case 'strings':
        return values(
          item.values.map((value) =>
            join(
              'or',
              value.patterns.map((pattern) => leaves.keyword(pattern, value.folded)),
            ),
          ),
        );
      case 'regex':
        return values(item.sources.map((source) => leaves.regex(undefined, source, item.flags)));
      default:
        return context.unsupported(`keywords|${item.kind}`, 'a keyword search needs string values');
    }
  }
  const fields = context.fields(item.field);
  // A predicate holds when any of the target fields holds it.
  const anyField = (leaf: (field: string) => string): string => join('or', fields.map(leaf));
  switch (item.kind) {
    case 'exists': {
      const exists = anyField((field) => leaves.exists(field));
      return item.exists ? exists : leaves.not(exists);
    }
    case 'strings':
      return values(
        item.values.map((value) =>
          value.isNull
            ? join(
                'and',
                fields.map((field) => leaves.isNull(field)),
              )
            : anyField((field) =>
                join(
                  'or',
                  value.patterns.map((pattern) => leaves.pattern(field, pattern, value.folded)),
                ),
              ),
        ),
      );
    case 'regex':
      return values(
        item.sources.map((source) => anyField((field) => leaves.regex(field, source, item.flags))),
      );
    case 'cidr':
      return values(
        item.networks.map(({ text, network }) =>
          anyField((field) => leaves.cidr(field, text, network)),
        ),
      );
    case 'compare':
      return values(
        item.values.map((value) =>
          anyField((field) => leaves.compare(field, item.op, value, item.part)),
        ),
      );
    case 'fieldref':
      return values(
        item.others.map((other) => {
          const others = context.fields(other);
          return anyField((field) =>
            join(
              'or',
              others.map((right) => leaves.fieldref(field, right, item.position, item.cased)),
            ),
          );
        }),
      );
  }
}
