import { describe, expect, it } from 'vitest';
import { DeliveryCounter } from '../src/delivery-counter.js';

describe('the delivery counter', () => {
  it('counts redeliveries of the same offsets and forgets acknowledged ones', () => {
    const counter = new DeliveryCounter();
    expect(counter.deliver('t', 0, [10n, 11n, 12n])).toEqual([1, 1, 1]);
    // the batch was rejected and comes back with one more entry
    expect(counter.deliver('t', 0, [10n, 11n, 12n, 13n])).toEqual([2, 2, 2, 1]);
    expect(counter.deliver('t', 1, [10n])).toEqual([1]);
    counter.acknowledge('t', 0, 12n);
    expect(counter.size).toBe(3);
    expect(counter.deliver('t', 0, [12n, 13n])).toEqual([3, 2]);
  });

  it('restarts at 1 for a partition that moved away and back', () => {
    const counter = new DeliveryCounter();
    counter.deliver('t', 0, [1n]);
    counter.deliver('t', 0, [1n]);
    counter.release('t', 0);
    expect(counter.deliver('t', 0, [1n])).toEqual([1]);
  });
});
