import { describe, expect, it } from 'vitest';
import { ANY, ONE } from '../../sigma-string.js';
import { LuceneRegexError, patternToLuceneRegex, toLuceneRegex } from './lucene-regex.js';
import { disagreements, luceneRegexAsJs, sampleStrings } from './lucene-regex-oracle.js';

const none = { ignoreCase: false, multiline: false, dotAll: false };

/** Expressions the translation must keep exact, with the flags they run under. */
const EXACT: readonly [string, Partial<typeof none>][] = [
  ['abc', {}],
  ['^abc', {}],
  ['abc$', {}],
  ['^a.c$', {}],
  ['a.c', { dotAll: true }],
  ['^a|b$', { multiline: true }],
  ['(^ab$)|(^cd$)', {}],
  ['a\\d{2,3}b?', {}],
  ['[^a-c\\s]x+?', {}],
  ['\\W\\S\\D', {}],
  ['Mi[mM]i.*Katz', { ignoreCase: true }],
  ['(?i)^[A-F0-9]{2}$', {}],
  ['a\\.b\\\\c\\/d', {}],
  ['x(?:ab|)y', {}],
  ['b[\\x41-\\u0043]', { ignoreCase: true }],
  ['<@#~&">', {}],
  ['\u00e9t\u00c9', { ignoreCase: true }],
];

describe('toLuceneRegex', () => {
  it('writes search semantics, classes and escapes in Lucene syntax', () => {
    expect(toLuceneRegex('abc', none, 'none')).toEqual({ regex: '.*abc.*', ignoreCase: false });
    expect(toLuceneRegex('^a\\d\\s$', none, 'none').regex).toBe(
      'a[0-9][\t-\r\\ \u00a0\u1680\u2000-\u200a\u2028-\u2029\u202f\u205f\u3000\ufeff]',
    );
    expect(toLuceneRegex('^(?:a|)$', none, 'both').regex).toBe('(a|())');
    expect(toLuceneRegex('^A[b-c]$', { ...none, ignoreCase: true }, 'both').regex).toBe(
      '[aA][b-cB-C]',
    );
    expect(toLuceneRegex('^A[B-c]$', { ...none, ignoreCase: true }, 'lower').regex).toBe(
      'a[B-cb-z]',
    );
  });

  it('agrees with the original on generated strings (JavaScript reading of the result)', () => {
    for (const [source, flags] of EXACT) {
      for (const fold of ['both', 'lower'] as const) {
        const samples = sampleStrings(source, 400);
        // The samples hold matches and non-matches of the original.
        const js = new RegExp(
          source.replace(/^\(\?i\)/, ''),
          `${flags.ignoreCase || source.startsWith('(?i)') ? 'i' : ''}${flags.multiline ? 'm' : ''}${flags.dotAll ? 's' : ''}`,
        );
        const matched = samples.filter((sample) => js.test(sample)).length;
        expect(matched, source).toBeGreaterThan(0);
        expect(matched, source).toBeLessThan(samples.length);
        expect(
          disagreements(source, { ...none, ...flags }, fold, samples),
          `${source} ${fold}`,
        ).toEqual([]);
      }
    }
  });

  it('refuses what has no exact Lucene form', () => {
    for (const source of [
      'a(?=b)',
      'a(?!b)',
      '(?<=a)b',
      '(?<!a)b',
      '(a)\\1',
      '\\k<x>',
      '\\bx',
      'a\\B',
      'a(?i:b)',
      'a^',
      '[\\S\\d]',
      '\\p{L}',
      '[]',
      '(a',
      'a)',
      '*a',
    ]) {
      expect(() => toLuceneRegex(source, none, 'both'), source).toThrow(LuceneRegexError);
    }
    expect(() => toLuceneRegex('a', { ...none, ignoreCase: true }, 'none')).toThrow(
      LuceneRegexError,
    );
  });
});

describe('patternToLuceneRegex', () => {
  it('writes wildcards as .* and ., literals escaped and folded', () => {
    expect(patternToLuceneRegex([ANY, 'C:\\a', ONE, 'B'], 'both')).toBe('.*[cC]\\:\\\\[aA].[bB]');
    expect(luceneRegexAsJs(patternToLuceneRegex([ANY, 'x.y', ANY], 'both')).test('ab\nX.Ycd')).toBe(
      true,
    );
  });
});
