/**
 * The candidate index: from the literals each rule requires (its needle groups), finds the
 * few rules an event can possibly match, reading each indexed field once.
 *
 * A rule's requirement is conjunctive ({@link NeedleGroups}): every group must have a hit, a
 * group being an OR of needles. A rule is a candidate when all its groups are hit, so that a
 * rule requiring `Company: Microsoft Corporation` *and* `Image|endswith: \csi.exe` is not a
 * candidate for every Microsoft binary.
 *
 * - `exact` needles: one hash lookup of the field's lowercase value.
 * - `basename` needles (an `endswith '\x.exe'`): one lookup of the text after the last `\`.
 * - `substring` needles of 4 code units or more: one pass over the value with a rolling hash
 *   of 4-character windows and a 64 Ki-bit filter; a hit is confirmed with `includes`. Each
 *   needle is indexed by its rarest window among the route's needles.
 * - shorter `substring` needles: 2–3 code units by a filter of their first two code units,
 *   single code units (non-ASCII, or rare punctuation from regular expressions) by a filter of
 *   code units.
 *
 * What a value hits is memoised per field (event values repeat a lot), keyed by the value as
 * it is, so that a repeated value is neither lowercased nor scanned again.
 *
 * @module
 */
import { KEYWORD_SLOT, type NeedleGroups } from './compile-item.js';
import type { EventContext } from './event-context.js';

const WINDOW = 4;
const MASK = 0xffff;
const P3 = (31 * 31 * 31) & MASK;

interface GramEntry {
  readonly needle: string;
  /** Where the indexed window starts in the needle. */
  readonly offset: number;
  readonly groups: number[];
}

interface SlotIndex {
  readonly slot: number;
  readonly exact: Map<string, number[]>;
  readonly basename: Map<string, number[]>;
  readonly grams: Map<number, GramEntry[]>;
  readonly bits: Uint8Array;
  hasGrams: boolean;
  /** Needles of 2–3 code units, by the hash of their first two units. */
  readonly short: Map<number, GramEntry[]>;
  readonly shortBits: Uint8Array;
  /** Needles of one code unit, by that unit. */
  readonly single: Map<number, number[]>;
  readonly singleBits: Uint8Array;
  /** The length of the shortest needle: shorter values hit nothing. */
  minLength: number;
  /** Groups found for recently seen values: value as read → groups. */
  readonly memo: Map<string, readonly number[]>;
}

/** Values longer than this are not memoised. */
const MEMO_VALUE_LIMIT = 1024;
/** The memo of a field is cleared when it holds this many values. */
const MEMO_SIZE = 8192;
const NO_GROUPS: readonly number[] = [];
const NO_ENTRIES: readonly GramEntry[] = [];

/** The hash of the two code units at `at` (the short-needle table's key). */
function pairHash(text: string, at: number): number {
  return (Math.imul(text.charCodeAt(at), 31) + text.charCodeAt(at + 1)) & MASK;
}

function setBit(bits: Uint8Array, bit: number): void {
  bits[bit >> 3] = (bits[bit >> 3] as number) | (1 << (bit & 7));
}

function addEntry(
  table: Map<number, GramEntry[]>,
  hash: number,
  needle: string,
  offset: number,
  group: number,
): void {
  let entries = table.get(hash);
  if (entries === undefined) {
    entries = [];
    table.set(hash, entries);
  }
  let entry = entries.find(
    (candidate) => candidate.needle === needle && candidate.offset === offset,
  );
  if (entry === undefined) {
    entry = { needle, offset, groups: [] };
    entries.push(entry);
  }
  if (entry.groups[entry.groups.length - 1] !== group) entry.groups.push(group);
}

function windowHash(text: string, start: number): number {
  let hash = 0;
  for (let index = start; index < start + WINDOW; index++) {
    hash = (hash * 31 + text.charCodeAt(index)) & MASK;
  }
  return hash;
}

/** Rules of one route, indexed by their needle groups. */
export class CandidateIndex {
  /** Rules without needles: always candidates. */
  readonly always: Int32Array;
  private readonly slots: SlotIndex[];
  /** The rule of each group. */
  private readonly ruleOfGroup: Int32Array;
  /** The number of groups of each rule. */
  private readonly required: Int32Array;
  private readonly groupStamps: Int32Array;
  private readonly ruleStamps: Int32Array;
  private readonly ruleHits: Int32Array;
  private epoch = 0;
  /** Scratch state of {@link CandidateIndex.scan}. */
  private readonly found: number[] = [];
  private readonly scanStamps: Int32Array;
  private scanEpoch = 0;

  /**
   * @param rules rule numbers of this route, in order
   * @param needlesOf the needle groups of a rule (`undefined`: always a candidate)
   * @param ruleCount the number of rules of the engine (stamp array size)
   */
  constructor(
    rules: readonly number[],
    needlesOf: (rule: number) => NeedleGroups,
    ruleCount: number,
  ) {
    this.required = new Int32Array(ruleCount);
    this.ruleStamps = new Int32Array(ruleCount);
    this.ruleHits = new Int32Array(ruleCount);
    const always: number[] = [];
    const ruleOfGroup: number[] = [];
    const bySlot = new Map<number, SlotIndex>();
    const slotIndex = (slot: number): SlotIndex => {
      let index = bySlot.get(slot);
      if (index === undefined) {
        index = {
          slot,
          exact: new Map(),
          basename: new Map(),
          grams: new Map(),
          bits: new Uint8Array((MASK + 1) >> 3),
          hasGrams: false,
          short: new Map(),
          shortBits: new Uint8Array((MASK + 1) >> 3),
          single: new Map(),
          singleBits: new Uint8Array((MASK + 1) >> 3),
          minLength: Number.POSITIVE_INFINITY,
          memo: new Map(),
        };
        bySlot.set(slot, index);
      }
      return index;
    };
    // Window frequencies over every substring needle of the route, to pick rare windows.
    const frequency = new Map<number, number>();
    const seen = new Set<number>();
    for (const rule of rules) {
      for (const group of needlesOf(rule) ?? []) {
        for (const needle of group) {
          if (needle.kind !== 'substring') continue;
          seen.clear();
          for (let at = 0; at + WINDOW <= needle.text.length; at++) {
            const hash = windowHash(needle.text, at);
            if (seen.has(hash)) continue;
            seen.add(hash);
            frequency.set(hash, (frequency.get(hash) ?? 0) + 1);
          }
        }
      }
    }
    const add = <K>(map: Map<K, number[]>, key: K, group: number): void => {
      const list = map.get(key);
      if (list === undefined) map.set(key, [group]);
      else if (list[list.length - 1] !== group) list.push(group);
    };
    for (const rule of rules) {
      const groups = needlesOf(rule);
      if (groups === undefined || groups.length === 0 || groups.some((g) => g.length === 0)) {
        always.push(rule);
        continue;
      }
      this.required[rule] = groups.length;
      for (const needles of groups) {
        const group = ruleOfGroup.length;
        ruleOfGroup.push(rule);
        for (const needle of needles) {
          const index = slotIndex(needle.slot);
          const text = needle.text;
          index.minLength = Math.min(index.minLength, text.length);
          if (needle.kind === 'exact') add(index.exact, text, group);
          else if (needle.kind === 'basename') add(index.basename, text, group);
          else if (text.length === 1) {
            const code = text.charCodeAt(0);
            add(index.single, code, group);
            setBit(index.singleBits, code);
          } else if (text.length < WINDOW) {
            const hash = pairHash(text, 0);
            addEntry(index.short, hash, text, 0, group);
            setBit(index.shortBits, hash);
          } else {
            let best = 0;
            let bestAt = 0;
            let bestCount = Number.POSITIVE_INFINITY;
            for (let at = 0; at + WINDOW <= text.length; at++) {
              const hash = windowHash(text, at);
              const count = frequency.get(hash) ?? 0;
              if (count < bestCount) {
                best = hash;
                bestAt = at;
                bestCount = count;
              }
            }
            addEntry(index.grams, best, text, bestAt, group);
            setBit(index.bits, best);
            index.hasGrams = true;
          }
        }
      }
    }
    this.always = Int32Array.from(always);
    this.ruleOfGroup = Int32Array.from(ruleOfGroup);
    this.groupStamps = new Int32Array(ruleOfGroup.length);
    this.scanStamps = new Int32Array(ruleOfGroup.length);
    this.slots = [...bySlot.values()];
  }

  /** The number of fields this index reads. */
  get fieldCount(): number {
    return this.slots.length;
  }

  /**
   * Appends to `out` the rules that may match the event in `context` (always-candidates
   * first, then indexed ones, each once). Returns `out`.
   */
  candidates(context: EventContext, out: number[]): number[] {
    this.epoch = this.epoch === 0x7fffffff ? 1 : this.epoch + 1;
    if (this.epoch === 1) {
      this.groupStamps.fill(0);
      this.ruleStamps.fill(0);
    }
    const always = this.always;
    for (let at = 0; at < always.length; at++) out.push(always[at] as number);
    const slots = this.slots;
    for (let at = 0; at < slots.length; at++) {
      const index = slots[at] as SlotIndex;
      const value =
        index.slot === KEYWORD_SLOT ? context.keywordsCased() : context.text(index.slot);
      if (value === undefined) continue;
      if (typeof value === 'string') this.hit(this.lookup(index, value), out);
      else for (const entry of value) this.hit(this.lookup(index, entry), out);
    }
    return out;
  }

  /** Marks groups as hit; a rule whose groups are all hit becomes a candidate. */
  private hit(groups: readonly number[], out: number[]): void {
    const epoch = this.epoch;
    for (let at = 0; at < groups.length; at++) {
      const group = groups[at] as number;
      if (this.groupStamps[group] === epoch) continue;
      this.groupStamps[group] = epoch;
      const rule = this.ruleOfGroup[group] as number;
      let hits = 1;
      if (this.ruleStamps[rule] === epoch) hits = (this.ruleHits[rule] as number) + 1;
      else this.ruleStamps[rule] = epoch;
      this.ruleHits[rule] = hits;
      if (hits === this.required[rule]) out.push(rule);
    }
  }

  /** The groups a value hits (memoised per field). */
  private lookup(index: SlotIndex, value: string): readonly number[] {
    // A value shorter than every needle hits nothing. Lowercasing lengthens a string only
    // where it holds U+0130 (İ → i̇, two code units), never more than twofold.
    if (
      value.length < index.minLength &&
      (value.length * 2 < index.minLength || !value.includes('\u0130'))
    ) {
      return NO_GROUPS;
    }
    if (value.length > MEMO_VALUE_LIMIT) return this.scan(index, value.toLowerCase());
    const known = index.memo.get(value);
    if (known !== undefined) return known;
    const found = this.scan(index, value.toLowerCase());
    if (index.memo.size >= MEMO_SIZE) index.memo.clear();
    index.memo.set(value, found);
    return found;
  }

  /** Every group a lowercase value hits, each once (one pass over the value). */
  private scan(index: SlotIndex, value: string): readonly number[] {
    this.scanEpoch = this.scanEpoch === 0x7fffffff ? 1 : this.scanEpoch + 1;
    if (this.scanEpoch === 1) this.scanStamps.fill(0);
    const found = this.found;
    found.length = 0;
    if (index.exact.size > 0) {
      const groups = index.exact.get(value);
      if (groups !== undefined) this.collect(groups);
    }
    if (index.basename.size > 0) {
      const groups = index.basename.get(value.slice(value.lastIndexOf('\\') + 1));
      if (groups !== undefined) this.collect(groups);
    }
    const length = value.length;
    const singles = index.single.size > 0 ? index.singleBits : undefined;
    const pairs = index.short.size > 0 ? index.shortBits : undefined;
    const grams = index.hasGrams ? index.bits : undefined;
    if (singles !== undefined || pairs !== undefined || grams !== undefined) {
      let hash = length >= WINDOW ? windowHash(value, 0) : 0;
      let code = value.charCodeAt(0);
      for (let at = 0; at < length; at++) {
        const next = at + 1 < length ? value.charCodeAt(at + 1) : 0;
        if (singles !== undefined && ((singles[code >> 3] as number) & (1 << (code & 7))) !== 0) {
          const groups = index.single.get(code);
          if (groups !== undefined) this.collect(groups);
        }
        if (pairs !== undefined && at + 1 < length) {
          const pair = (Math.imul(code, 31) + next) & MASK;
          if (((pairs[pair >> 3] as number) & (1 << (pair & 7))) !== 0) {
            for (const entry of index.short.get(pair) ?? NO_ENTRIES) {
              if (value.startsWith(entry.needle, at)) this.collect(entry.groups);
            }
          }
        }
        if (grams !== undefined && at + WINDOW <= length) {
          if (((grams[hash >> 3] as number) & (1 << (hash & 7))) !== 0) {
            for (const entry of index.grams.get(hash) ?? NO_ENTRIES) {
              const start = at - entry.offset;
              if (start >= 0 && value.startsWith(entry.needle, start)) this.collect(entry.groups);
            }
          }
          if (at + WINDOW < length) {
            // Arithmetic modulo 2^16: small integers only (no heap numbers), same result as
            // the window hash of the next position.
            hash = (((hash - code * P3) & MASK) * 31 + value.charCodeAt(at + WINDOW)) & MASK;
          }
        }
        code = next;
      }
    }
    return found.length === 0 ? NO_GROUPS : found.slice();
  }

  /** Adds groups to the scan's result, each once. */
  private collect(groups: readonly number[]): void {
    const epoch = this.scanEpoch;
    for (let at = 0; at < groups.length; at++) {
      const group = groups[at] as number;
      if (this.scanStamps[group] === epoch) continue;
      this.scanStamps[group] = epoch;
      this.found.push(group);
    }
  }
}
