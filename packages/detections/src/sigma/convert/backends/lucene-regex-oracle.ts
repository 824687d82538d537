/**
 * A test oracle for the Lucene regex translation: reads a translated (Lucene-syntax, whole
 * value) expression back as a JavaScript expression, and compares it with the Sigma original
 * on generated strings. Used by the unit and corpus tests.
 *
 * @module
 */
import type { RegexFlags } from '../../regex-guard.js';
import { type LuceneRegexFold, toLuceneRegex } from './lucene-regex.js';

/**
 * The JavaScript reading of the Lucene syntax the translator writes: `\x` is the literal `x`,
 * `.` any character, `()` the empty string; the whole value must match.
 */
export function luceneRegexAsJs(lucene: string): RegExp {
  let source = '';
  let inClass = false;
  for (let index = 0; index < lucene.length; index++) {
    const char = lucene[index] as string;
    if (char === '\\') {
      const next = lucene[index + 1] as string;
      source += /[A-Za-z0-9]/.test(next) ? next : `\\${next}`;
      index++;
    } else if (inClass) {
      if (char === ']') inClass = false;
      source += char;
    } else if (char === '[') {
      inClass = true;
      source += char;
    } else if (char === '.') source += '[\\s\\S]';
    else source += char;
  }
  return new RegExp(`^(?:${source})$`);
}

/** A small seeded generator (mulberry32), so the samples are the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Strings to compare on: built from the expression's literal runs and its own characters
 * (both cases), line breaks, digits and a few others, so that matches and near-misses occur.
 */
export function sampleStrings(source: string, count: number, seed = 1): string[] {
  const next = random(seed);
  const alphabet = [
    ...new Set([
      ...source.replace(/\\[dDwWsSbB]/g, ''),
      ...source.toUpperCase(),
      ...source.toLowerCase(),
      '\n',
      '\r',
      ' ',
      '0',
      '7',
      'x',
      'Z',
      '_',
      '\u00e9',
    ]),
  ];
  const pieces = literalRuns(source);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const strings: string[] = [''];
  for (let index = 0; index < count; index++) {
    const length = Math.floor(next() * 12);
    let text = '';
    for (let position = 0; position < length; position++) {
      const roll = next();
      if (roll < 0.35 && pieces.length > 0) {
        const piece = pick(pieces);
        text += roll < 0.1 ? piece.toUpperCase() : roll < 0.2 ? piece.toLowerCase() : piece;
      } else text += pick(alphabet);
    }
    strings.push(text);
  }
  return strings;
}

/**
 * The strings on which the translation disagrees with the original (searching, with its
 * flags); for `lower`, the translation runs on the lowercased string, as `TO_LOWER` gives it.
 */
export function disagreements(
  source: string,
  flags: RegexFlags,
  fold: LuceneRegexFold,
  samples: readonly string[],
): string[] {
  const translated = toLuceneRegex(source, flags, fold);
  const lucene = luceneRegexAsJs(translated.regex);
  let jsSource = source;
  let jsFlags = `${flags.ignoreCase ? 'i' : ''}${flags.multiline ? 'm' : ''}${flags.dotAll ? 's' : ''}`;
  const inline = /^\(\?([ims]+)\)/.exec(jsSource);
  if (inline !== null) {
    jsSource = jsSource.slice(inline[0].length);
    jsFlags = [...new Set([...jsFlags, ...(inline[1] as string)])].join('');
  }
  const original = new RegExp(jsSource, jsFlags);
  return samples.filter((sample) => {
    const text = fold === 'lower' && translated.ignoreCase ? sample.toLowerCase() : sample;
    return original.test(sample) !== lucene.test(text);
  });
}

/** The literal runs of an expression (`\.` read as `.`), split at every operator. */
function literalRuns(source: string): string[] {
  const runs: string[] = [];
  let run = '';
  for (let index = 0; index < source.length; index++) {
    const char = source[index] as string;
    const next = source[index + 1];
    if (char === '\\' && next !== undefined && !/[A-Za-z0-9]/.test(next)) {
      run += next;
      index++;
    } else if ('\\^$.*+?()[]{}|'.includes(char)) {
      if (run !== '') runs.push(run);
      run = '';
    } else run += char;
  }
  if (run !== '') runs.push(run);
  return runs;
}
