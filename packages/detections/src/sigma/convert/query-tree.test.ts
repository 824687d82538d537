import { describe, expect, it } from 'vitest';
import { parseRules, ruleYaml } from '../../../test/sigma-helpers.js';
import { ANY } from '../sigma-string.js';
import { buildQueryTree, QueryTreeError, type SigmaQueryNode } from './query-tree.js';

const context = { placeholders: {}, unresolvedPlaceholders: 'error' as const };
const tree = (detection: string): SigmaQueryNode => {
  const [rule] = parseRules(ruleYaml(detection));
  if (rule === undefined) throw new Error('no rule');
  return buildQueryTree(rule.detection, context);
};
/** The tree as a compact string: items as `Field|kind`, searches by their identifiers. */
const shape = (node: SigmaQueryNode): string => {
  switch (node.kind) {
    case 'and':
    case 'or':
      return `${node.kind}(${node.children.map(shape).join(', ')})`;
    case 'not':
      return `not(${shape(node.child)})`;
    case 'item':
      return `${node.search}.${node.item.field ?? 'keywords'}`;
  }
};

describe('buildQueryTree', () => {
  it('ANDs the items of a map and ORs the maps of a list', () => {
    expect(
      shape(
        tree(`
selection:
  - Image|endswith: '\\a.exe'
    CommandLine|contains: x
  - User: bob
condition: selection`),
      ),
    ).toBe('or(and(selection.Image, selection.CommandLine), selection.User)');
  });

  it('resolves 1 of / all of patterns and them, leaving out _ identifiers', () => {
    expect(
      shape(
        tree(`
sel_a: { Image: a }
sel_b: { Image: b }
_hidden: { Image: c }
filter: { User: x }
condition: 1 of sel_* and not filter and all of them`),
      ),
    ).toBe(
      'and(or(sel_a.Image, sel_b.Image), not(filter.User), and(sel_a.Image, sel_b.Image, filter.User))',
    );
  });

  it('ORs several conditions', () => {
    const [rule] = parseRules(
      ruleYaml(`
a: { Image: a }
b: { Image: b }
condition:
  - a
  - b`),
    );
    expect(shape(buildQueryTree(rule?.detection ?? ({} as never), context))).toBe(
      'or(a.Image, b.Image)',
    );
  });

  it('keeps the expanded value patterns of the engine (windash, contains)', () => {
    const node = tree(`
selection:
  CommandLine|windash|contains: ' -enc '
condition: selection`);
    expect(node.kind).toBe('item');
    if (node.kind !== 'item' || node.item.kind !== 'strings') throw new Error('not a string item');
    const patterns = node.item.values[0]?.patterns ?? [];
    expect(patterns.length).toBe(5);
    expect(patterns[0]).toEqual([ANY, ' -enc ', ANY]);
    expect(patterns.map((p) => p[1])).toContain(' /enc ');
  });

  it('names the undefined identifier and the bad item', () => {
    expect(() => tree('selection: { Image: a }\ncondition: selection and other')).toThrow(
      /'other', which is not defined/,
    );
    let error: unknown;
    try {
      tree('selection:\n  Image|contains|startswith: a\ncondition: selection');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(QueryTreeError);
    expect((error as QueryTreeError).key).toBe('selection.Image|contains|startswith');
  });
});
