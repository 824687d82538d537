import { describe, expect, it } from 'vitest';
import { compact, part, prune } from './compact.js';

describe('prune, compact and part', () => {
  const input = {
    name: 'x',
    empty: '',
    none: null,
    missing: undefined,
    zero: 0,
    no: false,
    list: ['', null, 'a', {}, [], { b: null }],
    nested: { inner: { deeper: null }, kept: 1 },
    gone: { a: undefined, b: [] },
  };
  const expected = { name: 'x', zero: 0, no: false, list: ['a'], nested: { kept: 1 } };

  it('drops undefined, null, empty strings, arrays and objects, recursively', () => {
    expect(prune(input)).toEqual(expected);
    expect(compact(input)).toEqual(expected);
    expect(part(input)).toEqual(expected);
  });

  it('gives undefined (prune, part) or {} (compact) when nothing is left', () => {
    const empty = { a: null, b: { c: '' } };
    expect(prune(empty)).toBeUndefined();
    expect(part(empty)).toBeUndefined();
    expect(compact(empty)).toEqual({});
    expect(prune([null, ''])).toBeUndefined();
    expect(prune('text')).toBe('text');
  });
});
