const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
/** Bytes of an over-long line kept to show in its dead letter. */
const HEAD_BYTES = 256;

/** Receives what a {@link LineSplitter} finds. */
export interface LineSink {
  /** A complete line (terminator and a trailing `\r` removed) starting at byte `offset`. */
  line(text: string, offset: number): void;
  /** A line longer than the limit, skipped: its offset, length in bytes and first bytes. */
  tooLong(offset: number, bytes: number, head: string): void;
}

/**
 * Splits a byte stream into UTF-8 lines ended by `\n` or `\r\n`, tracking the byte offset of
 * each line. Empty lines are skipped. A line without its newline yet is held until the newline
 * arrives (or {@link LineSplitter.flush}); a line longer than `maxLineBytes` is reported to
 * {@link LineSink.tooLong} and skipped without holding more than `maxLineBytes` of it.
 */
export class LineSplitter {
  readonly #maxLineBytes: number;
  #lineStart: number;
  #pending: Buffer | undefined;
  #discarding: { bytes: number; head: string; endsWithCr: boolean } | undefined;

  /**
   * @param maxLineBytes - the longest line delivered, in bytes without its terminator
   * @param start - the byte offset of the first byte pushed
   */
  constructor(maxLineBytes: number, start = 0) {
    this.#maxLineBytes = maxLineBytes;
    this.#lineStart = start;
  }

  /** The offset just after the last complete line: where reading resumes without loss. */
  get committed(): number {
    return this.#lineStart;
  }

  /** Bytes held after {@link LineSplitter.committed} (an incomplete last line). */
  get held(): number {
    return this.#discarding?.bytes ?? this.#pending?.length ?? 0;
  }

  /** Forgets any incomplete line and starts again at `start`. */
  reset(start: number): void {
    this.#lineStart = start;
    this.#pending = undefined;
    this.#discarding = undefined;
  }

  /**
   * Splits the next bytes of the stream. `chunk` may be reused by the caller afterwards: the
   * bytes held are copied.
   */
  push(chunk: Buffer, sink: LineSink): void {
    const length = chunk.length;
    let start = 0;
    if (this.#discarding) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline < 0) {
        this.#discarding.bytes += length;
        if (length > 0) this.#discarding.endsWithCr = chunk[length - 1] === CARRIAGE_RETURN;
        return;
      }
      this.#endDiscard(chunk, newline, sink);
      start = newline + 1;
    } else if (this.#pending) {
      const newline = chunk.indexOf(NEWLINE);
      const pending = this.#pending;
      this.#pending = undefined;
      if (newline < 0) {
        this.#hold(Buffer.concat([pending, chunk]), false);
        return;
      }
      const line = Buffer.concat([pending, chunk.subarray(0, newline)]);
      this.#emit(line, 0, line.length, sink);
      start = newline + 1;
    }
    let newline = chunk.indexOf(NEWLINE, start);
    while (newline >= 0) {
      this.#emit(chunk, start, newline, sink);
      start = newline + 1;
      newline = chunk.indexOf(NEWLINE, start);
    }
    if (start < length) this.#hold(chunk.subarray(start), true);
  }

  /**
   * Ends the stream: an incomplete last line is delivered as a line (or as too long), and
   * {@link LineSplitter.committed} moves to the end of the stream.
   */
  flush(sink: LineSink): void {
    const discarding = this.#discarding;
    if (discarding) {
      this.#discarding = undefined;
      const offset = this.#lineStart;
      this.#lineStart += discarding.bytes;
      sink.tooLong(offset, discarding.bytes - (discarding.endsWithCr ? 1 : 0), discarding.head);
      return;
    }
    const pending = this.#pending;
    if (!pending) return;
    this.#pending = undefined;
    const offset = this.#lineStart;
    this.#lineStart += pending.length;
    const stop =
      pending[pending.length - 1] === CARRIAGE_RETURN ? pending.length - 1 : pending.length;
    if (stop === 0) return;
    if (stop > this.#maxLineBytes)
      sink.tooLong(offset, stop, pending.toString('utf8', 0, HEAD_BYTES));
    else sink.line(pending.toString('utf8', 0, stop), offset);
  }

  /** Delivers `buffer[start, newline)`, the newline at `newline`. */
  #emit(buffer: Buffer, start: number, newline: number, sink: LineSink): void {
    const offset = this.#lineStart;
    this.#lineStart += newline - start + 1;
    const stop = newline > start && buffer[newline - 1] === CARRIAGE_RETURN ? newline - 1 : newline;
    const bytes = stop - start;
    if (bytes === 0) return;
    if (bytes > this.#maxLineBytes) {
      sink.tooLong(
        offset,
        bytes,
        buffer.toString('utf8', start, Math.min(stop, start + HEAD_BYTES)),
      );
      return;
    }
    sink.line(buffer.toString('utf8', start, stop), offset);
  }

  /** Keeps the start of an incomplete line, or starts skipping it when it is already too long. */
  #hold(rest: Buffer, copy: boolean): void {
    // One byte over the limit may be the `\r` of a `\r\n` split across reads.
    if (rest.length > this.#maxLineBytes + 1) {
      this.#discarding = {
        bytes: rest.length,
        head: rest.toString('utf8', 0, HEAD_BYTES),
        endsWithCr: rest[rest.length - 1] === CARRIAGE_RETURN,
      };
      return;
    }
    this.#pending = copy ? Buffer.from(rest) : rest;
  }

  /** Ends skipping an over-long line whose newline is at `chunk[newline]`. */
  #endDiscard(chunk: Buffer, newline: number, sink: LineSink): void {
    const discarding = this.#discarding;
    if (!discarding) return;
    this.#discarding = undefined;
    const raw = discarding.bytes + newline;
    const endsWithCr = newline > 0 ? chunk[newline - 1] === CARRIAGE_RETURN : discarding.endsWithCr;
    const offset = this.#lineStart;
    this.#lineStart += raw + 1;
    sink.tooLong(offset, raw - (endsWithCr ? 1 : 0), discarding.head);
  }
}
