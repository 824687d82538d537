import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { InvestigationError } from '../error-codes.js';
import { compareEntries } from '../timeline/build-timeline.js';
import type { TimelineEntry } from '../timeline/timeline-types.js';
import { parseTimelineJsonLine, timelineJsonLine } from './timeline-jsonl.js';

/** Options of {@link sortTimelineExternally}. */
export interface ExternalSortOptions {
  /** Entries held in memory at once (one sorted run); default 100 000. */
  chunkSize?: number;
  /** Where the temporary directory of runs is made; default the OS temporary directory. */
  tmpDir?: string;
}

interface Sequenced {
  entry: TimelineEntry;
  order: number;
}

async function writeRun(path: string, run: Sequenced[]): Promise<void> {
  const handle = await open(path, 'w');
  try {
    let buffer = '';
    for (const { entry, order } of run) {
      buffer += `${order}\t${timelineJsonLine(entry)}`;
      if (buffer.length > 1 << 20) {
        await handle.write(buffer);
        buffer = '';
      }
    }
    if (buffer.length > 0) await handle.write(buffer);
  } finally {
    await handle.close();
  }
}

function parseRunLine(line: string): Sequenced {
  const tab = line.indexOf('\t');
  return { order: Number(line.slice(0, tab)), entry: parseTimelineJsonLine(line.slice(tab + 1)) };
}

/** A min-heap of run heads, in timeline order. */
class RunHeap {
  readonly #items: { head: Sequenced; run: number }[] = [];
  get size(): number {
    return this.#items.length;
  }
  #less(i: number, j: number): boolean {
    const a = this.#items[i] as { head: Sequenced };
    const b = this.#items[j] as { head: Sequenced };
    return compareEntries(a.head.entry, b.head.entry, a.head.order, b.head.order) < 0;
  }
  #swap(i: number, j: number): void {
    const items = this.#items;
    [items[i], items[j]] = [items[j] as (typeof items)[0], items[i] as (typeof items)[0]];
  }
  push(item: { head: Sequenced; run: number }): void {
    this.#items.push(item);
    let i = this.#items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(i, parent)) break;
      this.#swap(i, parent);
      i = parent;
    }
  }
  pop(): { head: Sequenced; run: number } | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && this.#less(left, smallest)) smallest = left;
        if (right < items.length && this.#less(right, smallest)) smallest = right;
        if (smallest === i) break;
        this.#swap(i, smallest);
        i = smallest;
      }
    }
    return top;
  }
}

/**
 * Sorts a timeline too large for memory into timeline order (corrected time, source, input
 * order — the order of `buildTimeline`): entries are read `chunkSize` at a time, each chunk is
 * sorted and written as a JSON-lines run in a temporary directory, and the runs are merged
 * k-way with a heap, reading each line by line. Memory holds one chunk while reading, then one
 * entry per run. The temporary directory is removed when the iteration ends, fails or is
 * stopped early. A chunk that fits (the whole input below `chunkSize`) is sorted in memory.
 * @throws {InvestigationError} (`INVESTIGATION_INVALID`) for a `chunkSize` below 1.
 */
export async function* sortTimelineExternally(
  entries: AsyncIterable<TimelineEntry> | Iterable<TimelineEntry>,
  options: ExternalSortOptions = {},
): AsyncGenerator<TimelineEntry> {
  const chunkSize = options.chunkSize ?? 100_000;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new InvestigationError(
      'INVESTIGATION_INVALID',
      `chunkSize must be a positive integer, not ${chunkSize}`,
    );
  }
  const byOrder = (a: Sequenced, b: Sequenced) =>
    compareEntries(a.entry, b.entry, a.order, b.order);
  let directory: string | undefined;
  const runs: string[] = [];
  try {
    let chunk: Sequenced[] = [];
    let order = 0;
    for await (const entry of entries) {
      chunk.push({ entry, order: order++ });
      if (chunk.length >= chunkSize) {
        directory ??= await mkdtemp(join(options.tmpDir ?? tmpdir(), 'openmdr-timeline-'));
        chunk.sort(byOrder);
        const path = join(directory, `run-${runs.length}.jsonl`);
        await writeRun(path, chunk);
        runs.push(path);
        chunk = [];
      }
    }
    chunk.sort(byOrder);
    if (runs.length === 0) {
      for (const { entry } of chunk) yield entry;
      return;
    }
    if (chunk.length > 0) {
      const path = join(directory as string, `run-${runs.length}.jsonl`);
      await writeRun(path, chunk);
      runs.push(path);
    }
    chunk = [];
    const readers = runs.map((path) =>
      createInterface({
        input: createReadStream(path, { encoding: 'utf8' }),
        crlfDelay: Number.POSITIVE_INFINITY,
      })[Symbol.asyncIterator](),
    );
    try {
      const heap = new RunHeap();
      for (const [run, reader] of readers.entries()) {
        const next = await reader.next();
        if (!next.done) heap.push({ head: parseRunLine(next.value), run });
      }
      while (heap.size > 0) {
        const top = heap.pop() as { head: Sequenced; run: number };
        yield top.head.entry;
        const next = await (readers[top.run] as AsyncIterator<string>).next();
        if (!next.done) heap.push({ head: parseRunLine(next.value), run: top.run });
      }
    } finally {
      for (const reader of readers) await reader.return?.();
    }
  } finally {
    if (directory !== undefined) await rm(directory, { recursive: true, force: true });
  }
}
