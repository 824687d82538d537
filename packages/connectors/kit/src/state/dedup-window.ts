/** The serialised form of a {@link DedupWindow}: `[id, epoch ms]` pairs, oldest first. */
export type DedupEntries = Array<[string, number]>;

/** Options of {@link DedupWindow}. */
export interface DedupWindowOptions {
  /** Ids older than the watermark minus this many milliseconds are forgotten. */
  horizonMs: number;
  /** Most ids kept (oldest dropped first). Default 10 000. */
  maxEntries?: number;
}

/**
 * A bounded memory of recently seen record ids, for time-window reads with a look-back overlap:
 * records re-read inside the overlap are recognised and skipped, records that arrived late (behind
 * the cursor, within the look-back) are new and pass. Entries older than the horizon, or beyond
 * `maxEntries`, are dropped, so the state stays small. It serialises into the stream state.
 */
export class DedupWindow {
  readonly #seen = new Map<string, number>();
  readonly #horizonMs: number;
  readonly #maxEntries: number;

  constructor(options: DedupWindowOptions, entries: DedupEntries = []) {
    this.#horizonMs = options.horizonMs;
    this.#maxEntries = options.maxEntries ?? 10_000;
    for (const [id, time] of entries) this.#seen.set(id, time);
  }

  /** True when `id` was seen. */
  has(id: string): boolean {
    return this.#seen.has(id);
  }

  /** Records `id` (seen at `time`, epoch ms). Returns false when it was already there. */
  add(id: string, time: number): boolean {
    if (this.#seen.has(id)) return false;
    this.#seen.set(id, time);
    if (this.#seen.size > this.#maxEntries) {
      const oldest = this.#seen.keys().next();
      if (!oldest.done) this.#seen.delete(oldest.value);
    }
    return true;
  }

  /** Forgets ids older than `watermark - horizonMs`. */
  prune(watermark: number): void {
    const limit = watermark - this.#horizonMs;
    for (const [id, time] of this.#seen) {
      if (time < limit) this.#seen.delete(id);
    }
  }

  /** Number of ids remembered. */
  get size(): number {
    return this.#seen.size;
  }

  /** The entries, oldest first, for the stream state. */
  toJSON(): DedupEntries {
    return [...this.#seen.entries()].sort((a, b) => a[1] - b[1]);
  }
}
