/**
 * A binary trie of CIDR blocks over address bytes (IPv4: 32 levels, IPv6: 128), stored in
 * typed arrays: a lookup walks at most one node per address bit and collects every block that
 * contains the address. Not a linear scan: cost is independent of the number of blocks.
 */
import { addPosting, forEachPosting, type Postings, removePosting } from './postings.js';

const NONE = -1;

/** A binary prefix trie mapping CIDR blocks to indicator slots. */
export class PrefixTrie {
  private zero: Int32Array<ArrayBuffer> = new Int32Array(1024).fill(NONE);
  private one: Int32Array<ArrayBuffer> = new Int32Array(1024).fill(NONE);
  private payload: Int32Array<ArrayBuffer> = new Int32Array(1024).fill(NONE);
  private nodeCount = 1;
  private readonly postings: (Postings | undefined)[] = [];
  private readonly freePostings: number[] = [];
  private blockCount = 0;

  /** @param bits Address width: 32 (IPv4) or 128 (IPv6). */
  constructor(readonly bits: 32 | 128) {}

  /** Number of distinct blocks filed. */
  get size(): number {
    return this.blockCount;
  }

  /** Number of trie nodes (memory is about 12 bytes per node). */
  get nodes(): number {
    return this.nodeCount;
  }

  private grow(): void {
    const capacity = this.zero.length * 2;
    const extend = (array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
      const next = new Int32Array(capacity).fill(NONE);
      next.set(array);
      return next;
    };
    this.zero = extend(this.zero);
    this.one = extend(this.one);
    this.payload = extend(this.payload);
  }

  private static bit(bytes: Uint8Array, index: number): number {
    return ((bytes[index >> 3] as number) >> (7 - (index & 7))) & 1;
  }

  /** Files `slot` under the block `bytes/prefix`. */
  insert(bytes: Uint8Array, prefix: number, slot: number): void {
    let node = 0;
    for (let depth = 0; depth < prefix; depth += 1) {
      const branch = PrefixTrie.bit(bytes, depth) === 0 ? this.zero : this.one;
      let child = branch[node] as number;
      if (child === NONE) {
        if (this.nodeCount >= this.zero.length) this.grow();
        child = this.nodeCount;
        this.nodeCount += 1;
        (PrefixTrie.bit(bytes, depth) === 0 ? this.zero : this.one)[node] = child;
      }
      node = child;
    }
    let index = this.payload[node] as number;
    if (index === NONE) {
      index = this.freePostings.pop() ?? this.postings.length;
      this.payload[node] = index;
      this.blockCount += 1;
    }
    this.postings[index] = addPosting(this.postings[index], slot);
  }

  /** Removes `slot` from the block `bytes/prefix` (empty nodes are left for reuse by inserts). */
  remove(bytes: Uint8Array, prefix: number, slot: number): void {
    let node = 0;
    for (let depth = 0; depth < prefix && node !== NONE; depth += 1)
      node = (PrefixTrie.bit(bytes, depth) === 0 ? this.zero : this.one)[node] as number;
    if (node === NONE) return;
    const index = this.payload[node] as number;
    if (index === NONE) return;
    const left = removePosting(this.postings[index], slot);
    this.postings[index] = left;
    if (left === undefined) {
      this.payload[node] = NONE;
      this.freePostings.push(index);
      this.blockCount -= 1;
    }
  }

  /** Calls `visit` with every slot whose block contains `address`. */
  lookup(address: Uint8Array, visit: (slot: number) => void): void {
    let node = 0;
    const limit = this.bits;
    for (let depth = 0; ; depth += 1) {
      const index = this.payload[node] as number;
      if (index !== NONE) forEachPosting(this.postings[index], visit);
      if (depth >= limit) return;
      node = (PrefixTrie.bit(address, depth) === 0 ? this.zero : this.one)[node] as number;
      if (node === NONE) return;
    }
  }
}
