import { describe, expect, it } from 'vitest';
import { compareEntryIds, partitionOf } from '../src/index.js';

describe('compareEntryIds', () => {
  it('compares Redis ids part by part, numerically', () => {
    expect(compareEntryIds('9-0', '10-0')).toBeLessThan(0);
    expect(compareEntryIds('10-2', '10-10')).toBeLessThan(0);
    expect(compareEntryIds('10-10', '10-2')).toBeGreaterThan(0);
    expect(compareEntryIds('1700000000000-5', '1700000000000-5')).toBe(0);
    expect(compareEntryIds('5', '5-0')).toBe(0);
  });

  it('compares Kafka offsets of any length without losing precision', () => {
    expect(compareEntryIds('5', '12')).toBeLessThan(0);
    expect(compareEntryIds('9007199254740993', '9007199254740992')).toBeGreaterThan(0);
    expect(compareEntryIds('007', '7')).toBe(0);
  });

  it('sorts a list of ids as numbers', () => {
    expect(['10-0', '2-1', '2-0', '100-0'].sort(compareEntryIds)).toEqual([
      '2-0',
      '2-1',
      '10-0',
      '100-0',
    ]);
  });
});

describe('partitionOf', () => {
  it('is the FNV-1a 32-bit hash of the UTF-8 key modulo the partitions', () => {
    // FNV-1a("a") = 0xe40c292c, FNV-1a("foobar") = 0xbf9cf968 (published test vectors).
    expect(partitionOf('a', 1_000_003)).toBe(0xe40c292c % 1_000_003);
    expect(partitionOf('foobar', 97)).toBe(0xbf9cf968 % 97);
    expect(partitionOf('', 7)).toBe(0x811c9dc5 % 7);
  });

  it('spreads keys over every partition and keeps a key on one', () => {
    const counts = new Array<number>(8).fill(0);
    for (let index = 0; index < 800; index += 1) {
      const partition = partitionOf(`host:ws-${index}`, 8);
      expect(partitionOf(`host:ws-${index}`, 8)).toBe(partition);
      counts[partition] = (counts[partition] ?? 0) + 1;
    }
    expect(Math.min(...counts)).toBeGreaterThan(50);
  });

  it('hashes UTF-8 bytes, not UTF-16 units', () => {
    // "é" is 0xc3 0xa9 in UTF-8: two rounds of FNV-1a.
    let hash = 0x811c9dc5;
    for (const byte of [0xc3, 0xa9]) hash = Math.imul(hash ^ byte, 0x01000193);
    expect(partitionOf('é', 1_000_003)).toBe((hash >>> 0) % 1_000_003);
  });
});
