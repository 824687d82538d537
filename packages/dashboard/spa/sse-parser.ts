/**
 * A Server-Sent Events parser for a stream read with `fetch` (the dashboard cannot use
 * `EventSource`: it sends its token in a header). DOM-free, so it is unit-tested under Node.
 */

/** One dispatched event: its type (`message` when the server named none) and its data lines. */
export interface SseMessage {
  readonly event: string;
  readonly data: string;
  readonly id: string | undefined;
}

/**
 * Incremental parser: feed it decoded text as it arrives, in chunks of any size; it returns the
 * events completed by that chunk. Follows the WHATWG rules: lines end with CRLF, LF or CR;
 * `:` starts a comment (keep-alives); a blank line dispatches; `data` lines join with `\n`;
 * one space after the colon is dropped. Unlike `EventSource`, a named event with no data line
 * (`event: ready` alone) is dispatched too, with empty data; an unnamed one without data is not.
 */
export class SseParser {
  #buffer = '';
  #pendingCarriageReturn = false;
  #event = '';
  #data: string[] = [];
  #hasData = false;
  #id: string | undefined;
  #lastId: string | undefined;

  /** Parses `chunk` and returns the events it completes. */
  push(chunk: string): SseMessage[] {
    let text = chunk;
    // A CRLF split across chunks: the CR already ended the line, so drop the LF.
    if (this.#pendingCarriageReturn && text.startsWith('\n')) text = text.slice(1);
    this.#pendingCarriageReturn = false;
    this.#buffer += text;
    const messages: SseMessage[] = [];
    let start = 0;
    for (let index = 0; index < this.#buffer.length; index++) {
      const char = this.#buffer.charCodeAt(index);
      if (char !== 10 && char !== 13) continue;
      const line = this.#buffer.slice(start, index);
      if (char === 13) {
        if (index + 1 === this.#buffer.length) this.#pendingCarriageReturn = true;
        else if (this.#buffer.charCodeAt(index + 1) === 10) index++;
      }
      start = index + 1;
      const message = this.#line(line);
      if (message) messages.push(message);
    }
    this.#buffer = this.#buffer.slice(start);
    return messages;
  }

  /** The id of the last event dispatched (`id:` field), if the server sent one. */
  get lastEventId(): string | undefined {
    return this.#lastId;
  }

  #line(line: string): SseMessage | null {
    if (line === '') return this.#dispatch();
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.#event = value;
        break;
      case 'data':
        this.#data.push(value);
        this.#hasData = true;
        break;
      case 'id':
        if (!value.includes('\0')) this.#id = value;
        break;
      default:
        // `retry` and unknown fields: the dashboard keeps its own backoff.
        break;
    }
    return null;
  }

  #dispatch(): SseMessage | null {
    const message: SseMessage | null =
      this.#hasData || this.#event !== ''
        ? {
            event: this.#event === '' ? 'message' : this.#event,
            data: this.#data.join('\n'),
            id: this.#id,
          }
        : null;
    if (this.#id !== undefined) this.#lastId = this.#id;
    this.#event = '';
    this.#data = [];
    this.#hasData = false;
    return message;
  }
}
