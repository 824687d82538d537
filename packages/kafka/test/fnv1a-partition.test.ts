import { describe, expect, it } from 'vitest';
import { fnv1a32, partitionOf } from '../src/internal/fnv1a-partition.js';

describe('the FNV-1a-32 partitioner', () => {
  it('hashes the published FNV-1a-32 test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('hashes the UTF-8 bytes of a key', () => {
    // 'é' is two UTF-8 bytes (0xc3 0xa9): the same as hashing them one by one
    let hash = 0x811c9dc5;
    for (const byte of [0xc3, 0xa9]) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
    expect(fnv1a32('é')).toBe(hash);
  });

  it('routes a key to hash mod partitions, always the same, within range', () => {
    expect(partitionOf('foobar', 7)).toBe(0xbf9cf968 % 7);
    const counts = new Array<number>(8).fill(0);
    for (let index = 0; index < 8000; index += 1) {
      const partition = partitionOf(`host:ws-${index}`, 8);
      expect(partition).toBe(partitionOf(`host:ws-${index}`, 8));
      counts[partition] = (counts[partition] ?? 0) + 1;
    }
    // every partition gets a fair share of 8,000 distinct keys
    for (const count of counts) expect(count).toBeGreaterThan(800);
    expect(partitionOf('anything', 1)).toBe(0);
  });
});
