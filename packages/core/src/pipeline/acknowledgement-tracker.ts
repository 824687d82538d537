import type { JsonValue } from '../storage/types.js';

/**
 * Tracks batches read from a source until they are fully processed, and says how far the
 * checkpoint may move: to the position of the last batch such that it and every batch read
 * before it are done. Batches finishing out of order (with concurrency) never move it past a
 * batch still in flight.
 */
export class AcknowledgementTracker<P extends JsonValue = JsonValue> {
  #nextTicket = 0;
  #lowestOpen = 0;
  readonly #positions = new Map<number, P>();
  readonly #done = new Set<number>();

  /** Registers a batch just read; returns its ticket. Tickets are issued in read order. */
  open(position: P): number {
    const ticket = this.#nextTicket++;
    this.#positions.set(ticket, position);
    return ticket;
  }

  /**
   * Marks a batch done. Returns the position the checkpoint may now move to, or `undefined` when
   * an earlier batch is still in flight.
   */
  complete(ticket: number): P | undefined {
    if (!this.#positions.has(ticket) || this.#done.has(ticket)) {
      throw new RangeError(`ticket ${ticket} is not open`);
    }
    this.#done.add(ticket);
    let position: P | undefined;
    while (this.#done.has(this.#lowestOpen)) {
      this.#done.delete(this.#lowestOpen);
      position = this.#positions.get(this.#lowestOpen);
      this.#positions.delete(this.#lowestOpen);
      this.#lowestOpen++;
    }
    return position;
  }

  /** How many batches are read but not done. */
  get inFlight(): number {
    return this.#positions.size;
  }
}
