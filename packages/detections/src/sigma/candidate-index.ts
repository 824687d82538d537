/**
 * The candidate index: from the literals each rule requires (its "needles"), finds the few
 * rules an event can possibly match, reading each indexed field once.
 *
 * - `exact` needles: one hash lookup of the field's lowercase value.
 * - `basename` needles (an `endswith '\x.exe'`): one lookup of the text after the last `\`.
 * - `substring` needles: one pass over the value with a rolling hash of 4-character windows
 *   and a 64 Ki-bit filter; a hit is confirmed with `includes` before its rules become
 *   candidates. Each needle is indexed by its rarest window among the group's needles.
 *
 * @module
 */
import type { Needle } from './compile-item.js';
import type { EventContext } from './event-context.js';

const WINDOW = 4;
const MASK = 0xffff;
const P3 = (31 * 31 * 31) & MASK;

interface GramEntry {
  readonly needle: string;
  readonly rules: number[];
}

interface SlotIndex {
  readonly slot: number;
  readonly exact: Map<string, number[]>;
  readonly basename: Map<string, number[]>;
  readonly grams: Map<number, GramEntry[]>;
  readonly bits: Uint8Array;
  hasGrams: boolean;
  /** Needles shorter than a window (2–3 code units, non-ASCII), by their first two units. */
  readonly short: Map<number, GramEntry[]>;
  /** Rules found for recently seen values (event values repeat a lot): value → rules. */
  readonly memo: Map<string, readonly number[]>;
}

/** Values longer than this are not memoised. */
const MEMO_VALUE_LIMIT = 1024;
/** The memo of a field is cleared when it holds this many values. */
const MEMO_SIZE = 8192;

function pairHash(text: string, at: number): number {
  return (Math.imul(text.charCodeAt(at), 31) + text.charCodeAt(at + 1)) & MASK;
}

function addEntry(
  table: Map<number, GramEntry[]>,
  hash: number,
  needle: string,
  rule: number,
): void {
  let entries = table.get(hash);
  if (entries === undefined) {
    entries = [];
    table.set(hash, entries);
  }
  let entry = entries.find((candidate) => candidate.needle === needle);
  if (entry === undefined) {
    entry = { needle, rules: [] };
    entries.push(entry);
  }
  if (entry.rules[entry.rules.length - 1] !== rule) entry.rules.push(rule);
}

function windowHash(text: string, start: number): number {
  let hash = 0;
  for (let index = start; index < start + WINDOW; index++) {
    hash = (hash * 31 + text.charCodeAt(index)) & MASK;
  }
  return hash;
}

/** Rules of one route, indexed by their needles. */
export class CandidateIndex {
  /** Rules without needles: always candidates. */
  readonly always: Int32Array;
  private readonly slots: SlotIndex[];
  private readonly stamps: Int32Array;
  private epoch = 0;

  /**
   * @param rules rule numbers of this route, in order
   * @param needlesOf the needle set of a rule (`undefined`: always a candidate)
   * @param ruleCount the number of rules of the engine (stamp array size)
   */
  constructor(
    rules: readonly number[],
    needlesOf: (rule: number) => readonly Needle[] | undefined,
    ruleCount: number,
  ) {
    this.stamps = new Int32Array(ruleCount);
    const always: number[] = [];
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
          memo: new Map(),
        };
        bySlot.set(slot, index);
      }
      return index;
    };
    // Window frequencies over every substring needle of the route, to pick rare windows.
    const frequency = new Map<number, number>();
    for (const rule of rules) {
      for (const needle of needlesOf(rule) ?? []) {
        if (needle.kind !== 'substring') continue;
        const seen = new Set<number>();
        for (let at = 0; at + WINDOW <= needle.text.length; at++) {
          const hash = windowHash(needle.text, at) & MASK;
          if (seen.has(hash)) continue;
          seen.add(hash);
          frequency.set(hash, (frequency.get(hash) ?? 0) + 1);
        }
      }
    }
    const add = (map: Map<string, number[]>, key: string, rule: number): void => {
      const list = map.get(key);
      if (list === undefined) map.set(key, [rule]);
      else if (list[list.length - 1] !== rule) list.push(rule);
    };
    for (const rule of rules) {
      const needles = needlesOf(rule);
      if (needles === undefined || needles.length === 0) {
        always.push(rule);
        continue;
      }
      for (const needle of needles) {
        const index = slotIndex(needle.slot);
        if (needle.kind === 'exact') add(index.exact, needle.text, rule);
        else if (needle.kind === 'basename') add(index.basename, needle.text, rule);
        else if (needle.text.length < WINDOW) {
          addEntry(index.short, pairHash(needle.text, 0), needle.text, rule);
        } else {
          let best = 0;
          let bestCount = Number.POSITIVE_INFINITY;
          for (let at = 0; at + WINDOW <= needle.text.length; at++) {
            const hash = windowHash(needle.text, at) & MASK;
            const count = frequency.get(hash) ?? 0;
            if (count < bestCount) {
              best = hash;
              bestCount = count;
            }
          }
          addEntry(index.grams, best, needle.text, rule);
          index.bits[best >> 3] = (index.bits[best >> 3] as number) | (1 << (best & 7));
          index.hasGrams = true;
        }
      }
    }
    this.always = Int32Array.from(always);
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
    if (this.epoch === 1) this.stamps.fill(0);
    for (const rule of this.always) out.push(rule);
    for (const index of this.slots) {
      const value = context.lowerOrKeywords(index.slot);
      if (value === undefined) continue;
      if (typeof value === 'string') this.scan(index, value, out);
      else for (const entry of value) this.scan(index, entry, out);
    }
    return out;
  }

  private mark(rules: readonly number[], out: number[]): void {
    const epoch = this.epoch;
    for (const rule of rules) {
      if (this.stamps[rule] !== epoch) {
        this.stamps[rule] = epoch;
        out.push(rule);
      }
    }
  }

  private scan(index: SlotIndex, value: string, out: number[]): void {
    if (value.length > MEMO_VALUE_LIMIT) {
      const found: number[] = [];
      this.scanValue(index, value, found);
      this.mark(found, out);
      return;
    }
    const known = index.memo.get(value);
    if (known !== undefined) {
      this.mark(known, out);
      return;
    }
    const scanned: number[] = [];
    this.scanValue(index, value, scanned);
    const found = scanned.length < 2 ? scanned : [...new Set(scanned)];
    if (index.memo.size >= MEMO_SIZE) index.memo.clear();
    index.memo.set(value, found);
    this.mark(found, out);
  }

  private scanValue(index: SlotIndex, value: string, out: number[]): void {
    if (index.exact.size > 0) {
      const rules = index.exact.get(value);
      if (rules !== undefined) out.push(...rules);
    }
    if (index.basename.size > 0) {
      const rules = index.basename.get(value.slice(value.lastIndexOf('\\') + 1));
      if (rules !== undefined) out.push(...rules);
    }
    if (index.short.size > 0) {
      for (let at = 0; at + 1 < value.length; at++) {
        const entries = index.short.get(pairHash(value, at));
        if (entries === undefined) continue;
        for (const entry of entries) {
          if (value.startsWith(entry.needle, at)) out.push(...entry.rules);
        }
      }
    }
    if (!index.hasGrams || value.length < WINDOW) return;
    const bits = index.bits;
    let hash = windowHash(value, 0);
    const length = value.length;
    for (let at = 0; ; at++) {
      const masked = hash & MASK;
      if (((bits[masked >> 3] as number) & (1 << (masked & 7))) !== 0) {
        const entries = index.grams.get(masked);
        if (entries !== undefined) {
          for (const entry of entries) {
            if (value.includes(entry.needle)) out.push(...entry.rules);
          }
        }
      }
      const next = at + WINDOW;
      if (next >= length) break;
      // Arithmetic modulo 2^16: small integers only (no heap numbers), same result as the
      // window hash of the next position.
      hash = (((hash - value.charCodeAt(at) * P3) & MASK) * 31 + value.charCodeAt(next)) & MASK;
    }
  }
}
