/**
 * A Sigma rule's detection as one boolean tree over analysed items: the condition resolved
 * (`1 of`, `all of`, `them`), searches expanded (a map is AND, a list of maps OR), each item
 * read by {@link analyseItem} exactly as the streaming engine reads it. Query backends render
 * this tree.
 *
 * @module
 */
import { type ConditionNode, parseCondition, resolveSelector } from '../condition.js';
import {
  analyseItem,
  type ItemSemanticsContext,
  type SigmaItemSemantics,
} from '../item-semantics.js';
import type { SigmaDetection, SigmaDetectionItem, SigmaSearch } from '../types.js';

/** A node of a rule's query tree. */
export type SigmaQueryNode =
  | { readonly kind: 'and' | 'or'; readonly children: readonly SigmaQueryNode[] }
  | { readonly kind: 'not'; readonly child: SigmaQueryNode }
  | {
      readonly kind: 'item';
      readonly item: SigmaItemSemantics;
      /** The item as written, for error messages. */
      readonly source: SigmaDetectionItem;
      /** The search identifier it belongs to. */
      readonly search: string;
    };

/** Thrown when a detection cannot be made a tree (the caller adds rule and location). */
export class QueryTreeError extends Error {
  constructor(
    message: string,
    readonly key: string,
    readonly item?: SigmaDetectionItem,
  ) {
    super(message);
  }
}

/** Builds the query tree of a detection section. Throws {@link QueryTreeError}. */
export function buildQueryTree(
  detection: SigmaDetection,
  context: ItemSemanticsContext,
): SigmaQueryNode {
  const names = [...detection.searches.keys()];
  const cache = new Map<string, SigmaQueryNode>();
  const search = (name: string): SigmaQueryNode => {
    const cached = cache.get(name);
    if (cached !== undefined) return cached;
    const definition = detection.searches.get(name);
    if (definition === undefined) {
      throw new QueryTreeError(`condition names '${name}', which is not defined`, 'condition');
    }
    const node = searchTree(name, definition, context);
    cache.set(name, node);
    return node;
  };
  const build = (node: ConditionNode): SigmaQueryNode => {
    switch (node.type) {
      case 'identifier':
        return search(node.name);
      case 'not':
        return { kind: 'not', child: build(node.child) };
      case 'and':
      case 'or':
        return { kind: node.type, children: node.children.map(build) };
      case 'of': {
        const matched = resolveSelector(node.pattern, names);
        if (matched.length === 0) {
          throw new QueryTreeError(`'${node.pattern}' matches no search identifier`, 'condition');
        }
        return join(node.quantifier === 'all' ? 'and' : 'or', matched.map(search));
      }
    }
  };
  const trees = detection.conditions.map((condition) => {
    try {
      return build(parseCondition(condition));
    } catch (error) {
      if (error instanceof QueryTreeError) throw error;
      throw new QueryTreeError(
        `condition '${condition}': ${(error as Error).message}`,
        'condition',
      );
    }
  });
  return join('or', trees);
}

function join(kind: 'and' | 'or', children: readonly SigmaQueryNode[]): SigmaQueryNode {
  return children.length === 1 ? (children[0] as SigmaQueryNode) : { kind, children };
}

function searchTree(
  name: string,
  definition: SigmaSearch,
  context: ItemSemanticsContext,
): SigmaQueryNode {
  const items = (list: readonly SigmaDetectionItem[]): SigmaQueryNode =>
    join(
      'and',
      list.map((item) => {
        try {
          return { kind: 'item', item: analyseItem(item, context), source: item, search: name };
        } catch (error) {
          throw new QueryTreeError((error as Error).message, `${name}.${item.key}`, item);
        }
      }),
    );
  if (definition.kind === 'maps') return join('or', definition.maps.map(items));
  return items(definition.items);
}
