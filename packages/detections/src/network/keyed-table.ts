/**
 * A bounded key–value table for analytic state: plain JSON (so it can be written to any store
 * and read back), replaced rather than modified (so a step never changes the state it was
 * given) and cheap to update at 10⁵ keys.
 *
 * Keys are spread by an FNV-1a hash over a three-level trie of 16-slot arrays (4 096 leaves); a
 * leaf is a flat `[key, value, key, value, …]` array. An update copies the three arrays on the
 * key's path and its leaf (about 50 slots plus `2 × size / 4096` leaf slots), never the whole
 * table. Within a {@link TableBatch} (several events stepped at once) the arrays a batch has
 * already copied are updated in place: the input state is still never modified, but the
 * copying happens once per batch instead of once per event.
 *
 * `maintainTable` keeps a table bounded: an idle horizon swept at a fixed event-time
 * interval, and a cap enforced by evicting the lowest-ranked entries down to 90 % of it.
 */

const BITS = 4;
const FANOUT = 1 << BITS;
const MASK = FANOUT - 1;

/** A leaf: keys and values, alternating. */
export type TableLeaf<V> = readonly (string | V)[];

/** An inner node: 16 slots, each `null` or a node of the next level (leaves at the third). */
export type TableNode<V> = readonly (TableNode<V> | TableLeaf<V> | null)[];

/** The table: plain JSON. Treat as read-only; use the functions of this module. */
export interface KeyedTable<V> {
  /** Number of keys held. */
  readonly size: number;
  /** The trie, `null` when empty. */
  readonly root: TableNode<V> | null;
}

/**
 * Arrays created during one batch of steps, which later steps of the same batch may update in
 * place. Create one per batch with {@link createTableBatch}; never reuse it across batches.
 */
export interface TableBatch {
  readonly owned: WeakSet<object>;
}

/** Bounds of a table. */
export interface TableLimits {
  /** Most keys held; passing it evicts the lowest-ranked entries down to 90 % of it. */
  readonly maxEntries: number;
  /** Entries not seen for this long (event time) are dropped at the next sweep. */
  readonly idleMs: number;
  /** Event time between two idle sweeps. */
  readonly sweepEveryMs: number;
}

/** A new batch. */
export function createTableBatch(): TableBatch {
  return { owned: new WeakSet() };
}

function hash(key: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < key.length; index += 1) {
    value ^= key.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return value >>> 0;
}

/** An empty table. */
export function emptyTable<V>(): KeyedTable<V> {
  return { size: 0, root: null };
}

type Mutable = (unknown | null)[];

/** The value of `key`, if held. */
export function tableGet<V>(table: KeyedTable<V>, key: string): V | undefined {
  const code = hash(key);
  const middle = table.root?.[code & MASK] as TableNode<V> | null | undefined;
  const inner = middle?.[(code >>> BITS) & MASK] as TableNode<V> | null | undefined;
  const leaf = inner?.[(code >>> (2 * BITS)) & MASK] as TableLeaf<V> | null | undefined;
  if (leaf == null) return undefined;
  for (let index = 0; index < leaf.length; index += 2)
    if (leaf[index] === key) return leaf[index + 1] as V;
  return undefined;
}

function own(node: readonly unknown[] | null | undefined, batch: TableBatch | undefined): Mutable {
  if (node != null && batch?.owned.has(node)) return node as Mutable;
  const copy: Mutable = node == null ? new Array<null>(FANOUT).fill(null) : node.slice();
  batch?.owned.add(copy);
  return copy;
}

function isEmptyNode(node: Mutable): boolean {
  for (const slot of node) if (slot !== null) return false;
  return true;
}

/**
 * A table with `key` set to `value` (removed when `value` is `undefined`). The input table is
 * not modified; with a `batch`, arrays that batch created are updated in place.
 */
export function tableSet<V>(
  table: KeyedTable<V>,
  key: string,
  value: V | undefined,
  batch?: TableBatch,
): KeyedTable<V> {
  const code = hash(key);
  const first = code & MASK;
  const second = (code >>> BITS) & MASK;
  const third = (code >>> (2 * BITS)) & MASK;
  const middle = table.root?.[first] as TableNode<V> | null | undefined;
  const inner = middle?.[second] as TableNode<V> | null | undefined;
  const leaf = inner?.[third] as TableLeaf<V> | null | undefined;
  let at = -1;
  if (leaf != null)
    for (let index = 0; index < leaf.length; index += 2)
      if (leaf[index] === key) {
        at = index;
        break;
      }
  if (value === undefined && at < 0) return table;
  let nextLeaf: Mutable | null;
  if (leaf != null && batch?.owned.has(leaf)) nextLeaf = leaf as Mutable;
  else {
    nextLeaf = leaf == null ? [] : leaf.slice();
    batch?.owned.add(nextLeaf);
  }
  if (value === undefined) {
    nextLeaf.splice(at, 2);
    if (nextLeaf.length === 0) nextLeaf = null;
  } else if (at >= 0) nextLeaf[at + 1] = value;
  else nextLeaf.push(key, value);
  const nextInner = own(inner, batch);
  nextInner[third] = nextLeaf;
  const nextMiddle = own(middle, batch);
  nextMiddle[second] = isEmptyNode(nextInner) ? null : nextInner;
  const root = own(table.root, batch);
  root[first] = isEmptyNode(nextMiddle) ? null : nextMiddle;
  const size = table.size + (value === undefined ? -1 : at >= 0 ? 0 : 1);
  return { size, root: isEmptyNode(root) ? null : (root as TableNode<V>) };
}

/** Calls `visit` for every entry. */
export function tableForEach<V>(
  table: KeyedTable<V>,
  visit: (key: string, value: V) => void,
): void {
  for (const middle of table.root ?? [])
    for (const inner of (middle as TableNode<V> | null) ?? [])
      for (const leaf of (inner as TableNode<V> | null) ?? []) {
        const entries = leaf as TableLeaf<V> | null;
        if (entries === null) continue;
        for (let index = 0; index < entries.length; index += 2)
          visit(entries[index] as string, entries[index + 1] as V);
      }
}

/** A table of the entries `keep` accepts; arrays without a removal are shared. */
export function tableRetain<V>(
  table: KeyedTable<V>,
  keep: (key: string, value: V) => boolean,
): KeyedTable<V> {
  let size = 0;
  const filterLeaf = (leaf: TableLeaf<V>): TableLeaf<V> | null => {
    let kept: (string | V)[] | undefined;
    for (let index = 0; index < leaf.length; index += 2) {
      const key = leaf[index] as string;
      const value = leaf[index + 1] as V;
      if (keep(key, value)) {
        size += 1;
        kept?.push(key, value);
      } else kept ??= leaf.slice(0, index);
    }
    if (kept === undefined) return leaf;
    return kept.length === 0 ? null : kept;
  };
  const filterNode = (node: TableNode<V>, depth: number): TableNode<V> | null => {
    let changed = false;
    const next = node.map((child) => {
      if (child === null) return null;
      const filtered =
        depth === 2
          ? filterLeaf(child as TableLeaf<V>)
          : filterNode(child as TableNode<V>, depth + 1);
      if (filtered !== child) changed = true;
      return filtered;
    });
    if (!changed) return node;
    return next.every((child) => child === null) ? null : next;
  };
  const root = table.root === null ? null : filterNode(table.root, 0);
  return root === table.root && size === table.size ? table : { size, root };
}

/** A table of at most `max` entries: the lowest `rank`s go first (ties: any order). */
export function tableEvict<V>(
  table: KeyedTable<V>,
  max: number,
  rank: (value: V) => number,
): KeyedTable<V> {
  if (table.size <= max) return table;
  const ranks: number[] = [];
  tableForEach(table, (_, value) => {
    ranks.push(rank(value));
  });
  ranks.sort((left, right) => left - right);
  // Drop everything ranked below the cut, then as many at the cut as needed.
  const excess = table.size - max;
  const cut = ranks[excess - 1] as number;
  let atCut = excess - ranks.indexOf(cut);
  return tableRetain(table, (_, value) => {
    const score = rank(value);
    if (score < cut) return false;
    if (score === cut && atCut > 0) {
      atCut -= 1;
      return false;
    }
    return true;
  });
}

/**
 * Applies `limits` after a step: every `sweepEveryMs` of event time, entries idle for `idleMs`
 * (by `lastSeen`) are dropped; when the table holds more than `maxEntries`, idle entries are
 * dropped and then the lowest-ranked (default: least recently seen) until 90 % of the cap is
 * left. Returns the table and the time of the last sweep.
 */
export function maintainTable<V>(
  table: KeyedTable<V>,
  limits: TableLimits,
  watermark: number,
  sweptAt: number,
  lastSeen: (value: V) => number,
  rank: (value: V) => number = lastSeen,
): { table: KeyedTable<V>; sweptAt: number } {
  if (watermark - sweptAt < limits.sweepEveryMs && table.size <= limits.maxEntries)
    return { table, sweptAt };
  const horizon = watermark - limits.idleMs;
  let next = tableRetain(table, (_, value) => lastSeen(value) > horizon);
  if (next.size > limits.maxEntries)
    next = tableEvict(next, Math.floor(limits.maxEntries * 0.9), rank);
  return { table: next, sweptAt: watermark };
}

function isNode(value: unknown, depth: number): { ok: boolean; count: number } {
  if (!Array.isArray(value)) return { ok: false, count: 0 };
  if (depth === 3) {
    const ok =
      value.length % 2 === 0 &&
      value.every((item, index) => index % 2 === 1 || typeof item === 'string');
    return { ok, count: value.length / 2 };
  }
  if (value.length !== FANOUT) return { ok: false, count: 0 };
  let count = 0;
  for (const child of value) {
    if (child === null) continue;
    const result = isNode(child, depth + 1);
    if (!result.ok) return result;
    count += result.count;
  }
  return { ok: true, count };
}

/** Whether `value` has the shape of a {@link KeyedTable} (values are not checked). */
export function isKeyedTable(value: unknown): value is KeyedTable<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const { size, root } = value as { size?: unknown; root?: unknown };
  if (typeof size !== 'number') return false;
  if (root === null) return size === 0;
  const result = isNode(root, 0);
  return result.ok && result.count === size;
}
