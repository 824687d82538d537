import { describe, expect, it } from 'vitest';
import { AcknowledgementTracker } from '../src/index.js';

describe('AcknowledgementTracker', () => {
  it('moves only to the lowest fully acknowledged position when batches finish out of order', () => {
    const tracker = new AcknowledgementTracker<number>();
    const tickets = [10, 20, 30, 40].map((position) => tracker.open(position));
    expect(tracker.complete(tickets[2]!)).toBeUndefined();
    expect(tracker.complete(tickets[1]!)).toBeUndefined();
    expect(tracker.inFlight).toBe(4);
    expect(tracker.complete(tickets[0]!)).toBe(30);
    expect(tracker.inFlight).toBe(1);
    expect(tracker.complete(tickets[3]!)).toBe(40);
    expect(tracker.inFlight).toBe(0);
  });

  it('refuses to complete a ticket twice', () => {
    const tracker = new AcknowledgementTracker();
    const ticket = tracker.open('a');
    tracker.complete(ticket);
    expect(() => tracker.complete(ticket)).toThrow(RangeError);
  });
});
