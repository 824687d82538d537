/**
 * Best-effort delivery counts of one consumer. Kafka keeps no per-entry delivery count, so the
 * consumer counts what it delivers itself: an entry delivered again after its batch was rejected
 * counts 2, 3, …; an entry first delivered by this consumer counts 1, even when another consumer
 * had delivered it before the partition moved here (the count restarts after a rebalance).
 * Only offsets at or after the partition's last acknowledgement are remembered.
 */
export class DeliveryCounter {
  readonly #counts = new Map<string, Map<bigint, number>>();

  /** Records a delivery of `offsets` of a topic's partition and returns each one's count. */
  deliver(topic: string, partition: number, offsets: readonly bigint[]): number[] {
    const key = `${topic}:${partition}`;
    let counts = this.#counts.get(key);
    if (counts === undefined) {
      counts = new Map();
      this.#counts.set(key, counts);
    }
    return offsets.map((offset) => {
      const count = (counts.get(offset) ?? 0) + 1;
      counts.set(offset, count);
      return count;
    });
  }

  /** Forgets the offsets before `committed` (acknowledged). */
  acknowledge(topic: string, partition: number, committed: bigint): void {
    const counts = this.#counts.get(`${topic}:${partition}`);
    if (counts === undefined) return;
    for (const offset of counts.keys()) if (offset < committed) counts.delete(offset);
  }

  /** Forgets a partition (it moved to another consumer). */
  release(topic: string, partition: number): void {
    this.#counts.delete(`${topic}:${partition}`);
  }

  /** How many offsets are remembered (for tests and metrics). */
  get size(): number {
    let size = 0;
    for (const counts of this.#counts.values()) size += counts.size;
    return size;
  }
}
