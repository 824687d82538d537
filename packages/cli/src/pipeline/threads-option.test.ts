import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BYTES_PER_THREAD, defaultThreads, parseThreads } from './threads-option.js';

describe('--threads', () => {
  const directory = mkdtempSync(join(tmpdir(), 'openmdr-threads-'));

  it('defaults to one thread for a small file and every core for standard input', () => {
    const small = join(directory, 'small.jsonl');
    writeFileSync(small, '{"a":1}\n');
    expect(defaultThreads(small)).toBe(1);
    expect(defaultThreads('-')).toBe(availableParallelism());
    expect(defaultThreads(undefined)).toBe(availableParallelism());
    expect(defaultThreads(join(directory, 'missing.jsonl'))).toBe(availableParallelism());
  });

  it('gives a large file one thread per BYTES_PER_THREAD, up to every core', () => {
    const large = join(directory, 'large.jsonl');
    writeFileSync(large, '');
    truncateSync(large, BYTES_PER_THREAD * 2 + 1); // sparse: no disk used
    expect(defaultThreads(large)).toBe(Math.min(3, availableParallelism()));
    truncateSync(large, BYTES_PER_THREAD * 1000);
    expect(defaultThreads(large)).toBe(availableParallelism());
  });

  it('takes a positive integer and rejects anything else', () => {
    expect(parseThreads('3')).toBe(3);
    for (const bad of ['0', '-1', '1.5', 'two', undefined]) {
      expect(() => parseThreads(bad)).toThrow('--threads must be a positive integer');
    }
  });
});
