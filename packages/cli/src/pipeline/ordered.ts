/**
 * Ordered, bounded parallel processing: chunks go out as they are read, at most `inFlight` at
 * once; their results are handed on strictly in input order.
 *
 * @module
 */

/** Where output goes: a stream-like writer (back-pressure honoured when it has `once`). */
export interface OrderedWriter {
  write(chunk: string): unknown;
}

/**
 * Runs `work` over every chunk, at most `inFlight` pending at a time, and calls `done` with each
 * result in the order of `chunks`. A failure of `work` rejects (after the earlier results).
 */
export async function processInOrder<C, R>(
  chunks: AsyncIterable<C> | Iterable<C>,
  work: (chunk: C) => Promise<R>,
  done: (result: R) => void | Promise<void>,
  inFlight: number,
): Promise<void> {
  const pending: Promise<R>[] = [];
  try {
    for await (const chunk of chunks) {
      const next = work(chunk);
      next.catch(() => undefined); // awaited in order below
      pending.push(next);
      while (pending.length >= inFlight) await done(await (pending.shift() as Promise<R>));
    }
    while (pending.length > 0) await done(await (pending.shift() as Promise<R>));
  } finally {
    for (const left of pending) left.catch(() => undefined);
  }
}

/**
 * Writes `text` and, when the writer says its buffer is full (`write` returned `false`) and can
 * tell when it drains, waits for that.
 */
export async function writeWithDrain(writer: OrderedWriter, text: string): Promise<void> {
  if (text === '') return;
  const accepted = writer.write(text);
  const stream = writer as { once?: (event: string, listener: () => void) => unknown };
  if (accepted === false && typeof stream.once === 'function') {
    await new Promise<void>((resolve) => stream.once?.('drain', resolve));
  }
}
