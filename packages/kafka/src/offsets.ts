/**
 * Offset arithmetic of the Kafka engine. Kafka's convention holds throughout: a group's committed
 * offset of a partition is the offset of the next entry to consume (the last processed + 1), and
 * `-1` means the group has committed nothing there yet.
 * @packageDocumentation
 */

/** The committed offset that acknowledges every entry up to `lastOffset` (inclusive). */
export function commitOffsetAfter(lastOffset: bigint): bigint {
  return lastOffset + 1n;
}

/**
 * Where a group starts reading a partition: its committed offset, or the partition's first
 * retained entry when it has committed nothing yet or its commit points at trimmed entries.
 */
export function startOffset(committed: bigint, logStart: bigint): bigint {
  return committed < 0n || committed < logStart ? logStart : committed;
}

/** An entry id (the offset as a decimal string, as `AppendedRecord.id` documents). */
export function entryIdOf(offset: bigint): string {
  return offset.toString(10);
}

/** The offset an entry id names. */
export function offsetOfEntryId(id: string): bigint {
  if (!/^(0|[1-9][0-9]*)$/.test(id))
    throw new RangeError(`not a Kafka entry id: ${JSON.stringify(id)}`);
  return BigInt(id);
}

/** The offsets of records appended in one produce request to one partition, from its base offset. */
export function offsetsFrom(baseOffset: bigint, count: number): bigint[] {
  return Array.from({ length: count }, (_, index) => baseOffset + BigInt(index));
}

/** A partition's offsets as one group sees it. */
export interface PartitionOffsets {
  /** The first retained offset (entries before it were trimmed or expired). */
  readonly logStart: bigint;
  /** The offset the next appended entry will get (the high watermark). */
  readonly logEnd: bigint;
  /** The group's committed offset, `-1` when it has none. */
  readonly committed: bigint;
  /**
   * The next offset this process will fetch, when a subscription of this process owns the
   * partition; it is past `committed` by the entries fetched but not yet acknowledged.
   */
  readonly position?: bigint | undefined;
}

/** Length, lag and pending entries of a partition, as `StreamPartitionMetrics` counts them. */
export interface PartitionFigures {
  /** Entries retained. */
  readonly length: number;
  /** Entries not yet delivered to the group. */
  readonly lag: number;
  /** Entries delivered (fetched by this process) but not yet acknowledged. */
  readonly pending: number;
}

/**
 * The figures of a partition: `length = logEnd − logStart`; without a local owner `lag` is
 * everything after the committed offset and `pending` is 0 (Kafka does not know what another
 * process has fetched); with one, `pending = position − committed` and `lag = logEnd − position`.
 */
export function partitionFigures(offsets: PartitionOffsets): PartitionFigures {
  const { logStart, logEnd } = offsets;
  const from = startOffset(offsets.committed, logStart);
  const position = offsets.position === undefined ? from : clamp(offsets.position, from, logEnd);
  return {
    length: toCount(logEnd - logStart),
    lag: toCount(logEnd - position),
    pending: toCount(position - from),
  };
}

/** The group's unacknowledged entries of a partition (lag plus pending): what back-pressure counts. */
export function unacknowledged(
  offsets: Pick<PartitionOffsets, 'logStart' | 'logEnd' | 'committed'>,
): number {
  return toCount(offsets.logEnd - startOffset(offsets.committed, offsets.logStart));
}

/** Options of {@link trimTarget}. */
export interface TrimTargetInput {
  /** The first retained offset. */
  readonly logStart: bigint;
  /** The high watermark. */
  readonly logEnd: bigint;
  /**
   * For trimming by age: the first offset whose timestamp is at or after the cut-off (Kafka's
   * ListOffsets by timestamp), `-1` when every entry is older.
   */
  readonly firstOffsetAtOrAfter?: bigint | undefined;
  /** For trimming by length: keep at most this many entries. */
  readonly maxLength?: number | undefined;
}

/**
 * The offset to delete records before (Kafka's DeleteRecords moves the log start there), and how
 * many entries that removes. Trimming by age and by length together removes what either would.
 */
export function trimTarget(input: TrimTargetInput): { before: bigint; removed: number } {
  let before = input.logStart;
  if (input.firstOffsetAtOrAfter !== undefined) {
    const byAge = input.firstOffsetAtOrAfter < 0n ? input.logEnd : input.firstOffsetAtOrAfter;
    if (byAge > before) before = byAge;
  }
  if (input.maxLength !== undefined) {
    const byLength = input.logEnd - BigInt(input.maxLength);
    if (byLength > before) before = byLength;
  }
  if (before > input.logEnd) before = input.logEnd;
  return { before, removed: toCount(before - input.logStart) };
}

function clamp(value: bigint, low: bigint, high: bigint): bigint {
  if (value < low) return low;
  if (value > high) return high;
  return value;
}

function toCount(value: bigint): number {
  return value <= 0n ? 0 : Number(value);
}
