import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startLogWriterTimers } from './log-writer-timers.js';

describe('startLogWriterTimers', () => {
  it('writes what is due at the pace, catching up after a slow write without overlapping', async () => {
    let clock = 0;
    const writes: number[] = [];
    let inFlight = 0;
    let overlapped = false;
    const timers = startLogWriterTimers({
      recordsPerSecond: 10,
      tickMs: 5,
      now: () => clock,
      write: async (count) => {
        inFlight += 1;
        if (inFlight > 1) overlapped = true;
        writes.push(count);
        await sleep(writes.length === 1 ? 40 : 1); // the first write is slow
        inFlight -= 1;
      },
      rotate: async () => {},
    });
    clock = 1_000; // 10 records due
    await sleep(20);
    clock = 3_000; // 20 more, due while the first write is still running
    await sleep(80);
    timers.stop();
    expect(overlapped).toBe(false);
    expect(writes.reduce((total, count) => total + count, 0)).toBe(30);
    expect(writes[0]).toBe(10);
  });

  it('rotates on its interval and writes nothing at rate 0', async () => {
    let rotations = 0;
    let writes = 0;
    const timers = startLogWriterTimers({
      recordsPerSecond: 0,
      rotateEveryMs: 10,
      write: async () => {
        writes += 1;
      },
      rotate: async () => {
        rotations += 1;
      },
    });
    await sleep(55);
    timers.stop();
    const after = rotations;
    await sleep(30);
    expect(after).toBeGreaterThanOrEqual(2);
    expect(rotations).toBe(after);
    expect(writes).toBe(0);
  });
});
