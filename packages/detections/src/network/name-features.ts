/**
 * Lexical features of a DNS name (a label, or several labels joined): what separates names
 * that people chose (`windowsupdate`, `my-company-backups`) from names that algorithms made —
 * DGA domains (`kq3v9xw1pz`, `xjwqhfbmzt`) and data encoded into DNS tunnels (hex, base32).
 *
 * - **Shannon entropy** of the characters, in bits per character.
 * - **Digit and consonant ratios**: random strings over `a–z0–9` are 28 % digits and 77 % of
 *   their letters are consonants; English is mostly letters with about 60 % consonants.
 * - **Letter–digit alternation**: how often the character class changes (`7f3a9c` changes at
 *   every step, `office365` once).
 * - **Bigram surprisal**: the mean of −log₂ P(next | previous) over the letters, under an
 *   English letter-bigram model (word start and end included) built by
 *   `scripts/generate-bigrams.ts` from a public word list. English words of eight letters or
 *   more average 3.5 bits (99 % below 4.6); uniformly random letter strings of the same length
 *   average about 7 bits (99 % above 4.4 at eight letters, above 5.2 at sixteen).
 *
 * `randomness` (0–1) combines them as the larger of two scores, each documented on
 * {@link NameFeatures}; 0.5 is the analytics' default cut between "chosen" and "generated".
 * Names made of dictionary words (the `suppobox`/`matsnu` DGA families) look chosen: a
 * lexical test cannot see them.
 */
import { ENGLISH_BIGRAM_CENTIBITS } from './generated/english-bigrams.js';
import { clamp01 } from './robust-stats.js';

/** The lexical features of a name. */
export interface NameFeatures {
  /** Letters and digits counted (separators `.`, `-`, `_` left out). */
  readonly length: number;
  /** Shannon entropy of the letters and digits, bits per character. */
  readonly entropy: number;
  /** Digits / (letters and digits). */
  readonly digitRatio: number;
  /** Consonants / letters (`y` counts as a vowel). */
  readonly consonantRatio: number;
  /** Letter–digit class changes / (length − 1). */
  readonly alternation: number;
  /** Mean English-bigram surprisal over the letter runs of two or more letters, bits. */
  readonly bigramSurprisal: number;
  /** Letter transitions the surprisal was averaged over (run starts and ends included). */
  readonly letterTransitions: number;
  /**
   * 0–1: the larger of
   * - the **letters** score, `(bigramSurprisal − 4.2) / 1.2` clamped to 0–1, when there are at
   *   least 6 letter transitions (4.8 bits, the midpoint, is above 99 % of English words and
   *   below 95 % of random 8-letter strings); and
   * - the **mixed** score, `(alternation − 0.12) / 0.2` clamped, when the name has at least 8
   *   characters, 15–85 % digits, an entropy of at least 2.5 bits, and letters that are hex
   *   (`a`–`f` only) or do not read as English (bigram surprisal ≥ 4.8 bits): random
   *   alphanumerics and hex alternate between letters and digits 40–47 % of the time,
   *   `office365`-style names 10–15 %. Such text has too few letter pairs for the bigram
   *   test alone; the English condition keeps words with a hex or date suffix
   *   (`acme-logs-2026-03-7f3a9c`) out.
   */
  readonly randomness: number;
  /** Which score gave `randomness`. */
  readonly basis: 'letters' | 'mixed' | 'none';
}

const VOWELS = new Set([97, 101, 105, 111, 117, 121]);
const counts = new Int32Array(36);

/** Surprisal in bits of `next` (0–25 a letter, 26 end) after `previous` (0 start, 1–26 a letter). */
function surprisal(previous: number, next: number): number {
  return (ENGLISH_BIGRAM_CENTIBITS[previous * 27 + next] as number) / 100;
}

/** Computes the lexical features of `text` (lower-case expected; other characters separate runs). */
export function nameFeatures(text: string): NameFeatures {
  counts.fill(0);
  let length = 0;
  let digits = 0;
  let letters = 0;
  let hexLetters = 0;
  let consonants = 0;
  let changes = 0;
  let previousClass = -1; // 0 letter, 1 digit
  let bits = 0;
  let transitions = 0;
  let runStart = -1; // index in text of the current letter run
  let previousLetter = 0; // row of the previous letter (0 = run start)
  let runBits = 0;
  let runTransitions = 0;
  const closeRun = (end: number): void => {
    if (runStart >= 0 && end - runStart >= 2) {
      bits += runBits + surprisal(previousLetter, 26);
      transitions += runTransitions + 1;
    }
    runStart = -1;
    runBits = 0;
    runTransitions = 0;
    previousLetter = 0;
  };
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= 97 && code <= 122) {
      const letter = code - 97;
      counts[letter] = (counts[letter] as number) + 1;
      length += 1;
      letters += 1;
      if (code <= 102) hexLetters += 1;
      if (!VOWELS.has(code)) consonants += 1;
      if (previousClass === 1) changes += 1;
      previousClass = 0;
      if (runStart < 0) runStart = index;
      runBits += surprisal(previousLetter, letter);
      runTransitions += 1;
      previousLetter = letter + 1;
    } else if (code >= 48 && code <= 57) {
      closeRun(index);
      counts[26 + code - 48] = (counts[26 + code - 48] as number) + 1;
      length += 1;
      digits += 1;
      if (previousClass === 0) changes += 1;
      previousClass = 1;
    } else closeRun(index);
  }
  closeRun(text.length);
  let entropy = 0;
  if (length > 0)
    for (const count of counts)
      if (count > 0) {
        const share = count / length;
        entropy -= share * Math.log2(share);
      }
  const digitRatio = length === 0 ? 0 : digits / length;
  const bigramSurprisal = transitions === 0 ? 0 : bits / transitions;
  const alternation = length < 2 ? 0 : changes / (length - 1);
  const lettersScore = transitions >= 6 ? clamp01((bigramSurprisal - 4.2) / 1.2) : 0;
  const mixedScore =
    length >= 8 &&
    (hexLetters === letters || transitions === 0 || bigramSurprisal >= 4.8) &&
    digitRatio >= 0.15 &&
    digitRatio <= 0.85 &&
    entropy >= 2.5
      ? clamp01((alternation - 0.12) / 0.2)
      : 0;
  const randomness = Math.max(lettersScore, mixedScore);
  return {
    length,
    entropy,
    digitRatio,
    consonantRatio: letters === 0 ? 0 : consonants / letters,
    alternation,
    bigramSurprisal,
    letterTransitions: transitions,
    randomness,
    basis: randomness === 0 ? 'none' : lettersScore >= mixedScore ? 'letters' : 'mixed',
  };
}
