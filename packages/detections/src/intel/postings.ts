/**
 * Postings: the indicator slots filed under one key, as a single number or an array, so that
 * a million single-indicator keys cost no arrays.
 */

/** One slot or several. */
export type Postings = number | number[];

/** Adds `slot` to `postings` (no duplicates). */
export function addPosting(postings: Postings | undefined, slot: number): Postings {
  if (postings === undefined) return slot;
  if (typeof postings === 'number') return postings === slot ? postings : [postings, slot];
  if (!postings.includes(slot)) postings.push(slot);
  return postings;
}

/** Removes `slot`; `undefined` when nothing is left. */
export function removePosting(postings: Postings | undefined, slot: number): Postings | undefined {
  if (postings === undefined) return undefined;
  if (typeof postings === 'number') return postings === slot ? undefined : postings;
  const index = postings.indexOf(slot);
  if (index >= 0) postings.splice(index, 1);
  if (postings.length === 1) return postings[0] as number;
  return postings.length === 0 ? undefined : postings;
}

/** Calls `visit` for each slot. */
export function forEachPosting(
  postings: Postings | undefined,
  visit: (slot: number) => void,
): void {
  if (postings === undefined) return;
  if (typeof postings === 'number') visit(postings);
  else for (const slot of postings) visit(slot);
}

/** A map from key to postings. */
export class PostingMap {
  private readonly map = new Map<string, Postings>();

  /** Files `slot` under `key`. */
  add(key: string, slot: number): void {
    this.map.set(key, addPosting(this.map.get(key), slot));
  }

  /** Removes `slot` from `key`. */
  remove(key: string, slot: number): void {
    const left = removePosting(this.map.get(key), slot);
    if (left === undefined) this.map.delete(key);
    else this.map.set(key, left);
  }

  /** The postings of `key`. */
  get(key: string): Postings | undefined {
    return this.map.get(key);
  }

  /** Number of keys. */
  get size(): number {
    return this.map.size;
  }
}
