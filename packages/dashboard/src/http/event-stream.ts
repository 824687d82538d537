import type { ServerResponse } from 'node:http';
import type { Principal } from '../access/principal.js';
import type { LiveEvent, SocOperations } from '../operations/types.js';
import { SECURITY_HEADERS } from './responses.js';

/** The part of a writable stream an {@link EventStreamWriter} writes to (a `ServerResponse`). */
export interface EventSink {
  /** Writes a chunk; `false` means the buffer is full and `drain` will follow. */
  write(chunk: string): boolean;
  once(event: 'drain', listener: () => void): unknown;
  off(event: 'drain', listener: () => void): unknown;
}

/**
 * Server-Sent Events framing with bounded back-pressure. While the sink is full (`write` returned
 * `false`, no `drain` yet) events wait in a queue of at most `maxQueued`; beyond that the oldest
 * are dropped, and once the sink drains an `overflow` event (`data: {"dropped": n}`) goes out
 * before the queued ones, so the client knows to refetch. Comments (keep-alives) are skipped while
 * the sink is full.
 */
export class EventStreamWriter {
  readonly #sink: EventSink;
  readonly #maxQueued: number;
  readonly #queue: string[] = [];
  #waiting = false;
  #dropped = 0;
  #closed = false;

  /** @param maxQueued Events kept while the sink is full (at least 1). */
  constructor(sink: EventSink, maxQueued: number) {
    this.#sink = sink;
    this.#maxQueued = Math.max(1, Math.floor(maxQueued));
  }

  /** Events dropped since the last `overflow` was sent. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Events waiting for the sink to drain. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Sends `event: <type>` with `data` as JSON, or queues it while the sink is full. */
  send(type: string, data: unknown): void {
    if (this.#closed) return;
    const frame = formatEvent(type, data);
    if (!this.#waiting) {
      this.#write(frame);
      return;
    }
    this.#queue.push(frame);
    const excess = this.#queue.length - this.#maxQueued;
    if (excess > 0) {
      this.#queue.splice(0, excess);
      this.#dropped += excess;
    }
  }

  /** Sends a comment line (`: text`), unless the sink is full. */
  comment(text: string): void {
    if (this.#closed || this.#waiting) return;
    this.#write(`: ${text.replace(/[\r\n]+/g, ' ')}\n\n`);
  }

  /** Stops writing; queued events are discarded. */
  close(): void {
    this.#closed = true;
    this.#queue.length = 0;
    if (this.#waiting) this.#sink.off('drain', this.#flush);
    this.#waiting = false;
  }

  #write(chunk: string): void {
    if (this.#sink.write(chunk)) return;
    this.#waiting = true;
    this.#sink.once('drain', this.#flush);
  }

  readonly #flush = (): void => {
    this.#waiting = false;
    if (this.#closed) return;
    if (this.#dropped > 0) {
      const dropped = this.#dropped;
      this.#dropped = 0;
      this.#write(formatEvent('overflow', { dropped }));
    }
    while (!this.#waiting && this.#queue.length > 0) this.#write(this.#queue.shift() as string);
  };
}

/** One Server-Sent Events message: `event: <type>` and `data: <json>`. */
export function formatEvent(type: string, data: unknown): string {
  const name = type.replace(/[\r\n:]+/g, '') || 'message';
  return `event: ${name}\ndata: ${JSON.stringify(data ?? null)}\n\n`;
}

/** Settings of {@link openEventStream}. */
export interface EventStreamOptions {
  readonly keepAliveMs: number;
  readonly maxQueuedEvents: number;
  /** Told about a failure to format an event or to unsubscribe. */
  readonly onError: (error: unknown) => void;
}

/**
 * Subscribes to the principal's live events of `tenant` and streams them to `res`: `event: ready`
 * first, then each event, a `: keep-alive` comment every `keepAliveMs`. Unsubscribes when the
 * connection closes. A failing `subscribe` rejects before anything is written (the caller answers
 * with the error's status).
 */
export async function openEventStream(
  res: ServerResponse,
  operations: SocOperations,
  principal: Principal,
  tenant: string | undefined,
  options: EventStreamOptions,
): Promise<void> {
  let closed = false;
  let started = false;
  const early: LiveEvent[] = [];
  const writer = new EventStreamWriter(res, options.maxQueuedEvents);
  const deliver = (event: LiveEvent): void => {
    try {
      writer.send(event.type, event);
    } catch (error) {
      options.onError(error);
    }
  };
  const listener = (event: LiveEvent): void => {
    if (closed) return;
    if (started) deliver(event);
    else early.push(event);
  };
  const onClose = (): void => {
    closed = true;
  };
  res.once('close', onClose);

  let unsubscribe: () => void;
  try {
    unsubscribe = await operations.subscribe(principal, { tenant }, listener);
  } catch (error) {
    res.off('close', onClose);
    throw error;
  }
  let unsubscribed = false;
  const stop = (): void => {
    closed = true;
    clearInterval(keepAlive);
    writer.close();
    if (unsubscribed) return;
    unsubscribed = true;
    try {
      unsubscribe();
    } catch (error) {
      options.onError(error);
    }
  };
  const keepAlive = setInterval(() => writer.comment('keep-alive'), options.keepAliveMs);
  keepAlive.unref?.();
  if (closed || res.destroyed) {
    stop();
    return;
  }
  res.off('close', onClose);
  res.once('close', stop);

  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  writer.send('ready', { at: Date.now() });
  started = true;
  for (const event of early.splice(0)) deliver(event);
}
