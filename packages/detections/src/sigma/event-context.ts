import type { SigmaFieldGetter } from './field-access.js';

/** A field value as text: one string, several (an event-side array), or absent. */
export type FieldText = string | readonly string[] | undefined;

/**
 * Per-event caches shared by every compiled rule: each field is read once per event, and
 * turned into text and lowercase text at most once, lazily. One context is reused for every
 * event (an epoch counter invalidates the caches), so matching allocates little.
 */
export class EventContext {
  /** The event as the getters see it (after input preparation). */
  event: unknown = undefined;
  private epoch = 1;
  private readonly getters: SigmaFieldGetter[];
  private readonly rawValues: unknown[];
  private rawStamps: Int32Array;
  private readonly textValues: FieldText[];
  private textStamps: Int32Array;
  private readonly lowerValues: FieldText[];
  private lowerStamps: Int32Array;
  private keywordValues: readonly string[] = [];
  private keywordStamp = 0;
  private keywordRaw: readonly string[] = [];
  private keywordRawStamp = 0;
  private keywordJoined = '';
  private keywordJoinedStamp = 0;

  constructor(
    getters: readonly SigmaFieldGetter[],
    private readonly keywordSource: (event: unknown) => readonly string[],
  ) {
    this.getters = [...getters];
    const size = getters.length;
    this.rawValues = new Array<unknown>(size).fill(undefined);
    this.rawStamps = new Int32Array(size);
    this.textValues = new Array<FieldText>(size).fill(undefined);
    this.textStamps = new Int32Array(size);
    this.lowerValues = new Array<FieldText>(size).fill(undefined);
    this.lowerStamps = new Int32Array(size);
  }

  /**
   * Adds a field slot (for rules compiled after the context was made, see
   * `SigmaEngineOptions.compileOnDemand`); returns its number.
   */
  addSlot(getter: SigmaFieldGetter): number {
    const slot = this.getters.length;
    this.getters.push(getter);
    this.rawValues.push(undefined);
    this.textValues.push(undefined);
    this.lowerValues.push(undefined);
    if (slot >= this.rawStamps.length) {
      const grown = (stamps: Int32Array): Int32Array => {
        const next = new Int32Array(Math.max(16, stamps.length * 2));
        next.set(stamps);
        return next;
      };
      this.rawStamps = grown(this.rawStamps);
      this.textStamps = grown(this.textStamps);
      this.lowerStamps = grown(this.lowerStamps);
    }
    return slot;
  }

  /** Starts a new event. */
  reset(event: unknown): void {
    this.event = event;
    this.epoch = this.epoch === 0x7fffffff ? 1 : this.epoch + 1;
    if (this.epoch === 1) {
      this.rawStamps.fill(0);
      this.textStamps.fill(0);
      this.lowerStamps.fill(0);
      this.keywordStamp = 0;
      this.keywordRawStamp = 0;
      this.keywordJoinedStamp = 0;
    }
  }

  /** The raw value of slot `slot` (`undefined` when absent). */
  raw(slot: number): unknown {
    if (this.rawStamps[slot] === this.epoch) return this.rawValues[slot];
    const getter = this.getters[slot] as SigmaFieldGetter;
    const value = getter(this.event);
    this.rawValues[slot] = value;
    this.rawStamps[slot] = this.epoch;
    return value;
  }

  /** The value of slot `slot` as text (numbers and booleans stringified, arrays kept). */
  text(slot: number): FieldText {
    if (this.textStamps[slot] === this.epoch) return this.textValues[slot];
    const value = toText(this.raw(slot));
    this.textValues[slot] = value;
    this.textStamps[slot] = this.epoch;
    return value;
  }

  /** The lowercase text of slot `slot`. */
  lower(slot: number): FieldText {
    if (this.lowerStamps[slot] === this.epoch) return this.lowerValues[slot];
    const value = this.text(slot);
    const lowered =
      value === undefined
        ? undefined
        : typeof value === 'string'
          ? value.toLowerCase()
          : value.map((entry) => entry.toLowerCase());
    this.lowerValues[slot] = lowered;
    this.lowerStamps[slot] = this.epoch;
    return lowered;
  }

  /** Every string value of the event, lowercased, for keyword searches. */
  keywords(): readonly string[] {
    if (this.keywordStamp === this.epoch) return this.keywordValues;
    this.keywordValues = this.keywordsCased().map((value) => value.toLowerCase());
    this.keywordStamp = this.epoch;
    return this.keywordValues;
  }

  /** Every string value of the event, lowercased, joined by newlines (one substring search). */
  keywordText(): string {
    if (this.keywordJoinedStamp === this.epoch) return this.keywordJoined;
    this.keywordJoined = this.keywords().join('\n');
    this.keywordJoinedStamp = this.epoch;
    return this.keywordJoined;
  }

  /** Lowercase text of a slot, or of every string value for the keyword pseudo-slot (-1). */
  lowerOrKeywords(slot: number): FieldText {
    return slot < 0 ? this.keywordText() : this.lower(slot);
  }

  /** Every string value of the event as it is, for case-sensitive keyword searches. */
  keywordsCased(): readonly string[] {
    if (this.keywordRawStamp === this.epoch) return this.keywordRaw;
    this.keywordRaw = this.keywordSource(this.event);
    this.keywordRawStamp = this.epoch;
    return this.keywordRaw;
  }
}

/** Turns a field value into text: strings as they are, numbers/booleans stringified. */
export function toText(value: unknown): FieldText {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'bigint':
    case 'boolean':
      return String(value);
    case 'object': {
      if (!Array.isArray(value)) return undefined;
      const texts: string[] = [];
      for (const entry of value) {
        const text = toText(entry);
        if (typeof text === 'string') texts.push(text);
        else if (text !== undefined) texts.push(...text);
      }
      return texts;
    }
    default:
      return undefined;
  }
}

/** Every scalar value of a value, recursively, as strings (the default keyword source). */
export function collectStrings(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (typeof value === 'number' || typeof value === 'boolean') into.push(String(value));
  else if (Array.isArray(value)) for (const entry of value) collectStrings(entry, into);
  else if (typeof value === 'object' && value !== null) {
    for (const key in value) collectStrings((value as Record<string, unknown>)[key], into);
  }
  return into;
}
