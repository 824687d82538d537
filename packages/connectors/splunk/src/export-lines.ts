import { ConnectorResponseError, LineSplitter } from '@openmdr/connector-kit';
import type { JsonRecord } from '@openmdr/connector-kit/normalize';

/** One line of a `output_mode=json` export stream, as the reader needs it. */
export interface SplunkExportLine {
  /** The row (`result`), absent on a messages-only line. */
  result?: JsonRecord;
  /** `preview: true`: a partial result of a search still running, not a final row. */
  preview: boolean;
  /** `offset`: the row's position among the search's results, when given. */
  offset?: number;
  /** `lastrow: true`: nothing follows. */
  lastRow: boolean;
  /** The line's `FATAL` and `ERROR` messages, as `TYPE: text` (`INFO`, `WARN`, `DEBUG` left out). */
  errors: string[];
}

const isRecord = (value: unknown): value is JsonRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Parses one line of an export stream: `{"preview":false,"offset":N,"result":{…}}`, perhaps with
 * `"lastrow":true`, or `{"messages":[{"type":"INFO","text":…}]}`.
 *
 * @throws {ConnectorResponseError} when the line is not a JSON object.
 */
export function parseExportLine(text: string): SplunkExportLine {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new ConnectorResponseError('Splunk export stream has a line that is not JSON', {
      cause,
      details: { length: text.length },
    });
  }
  if (!isRecord(parsed)) {
    throw new ConnectorResponseError('Splunk export stream has a line that is not an object');
  }
  const errors = (Array.isArray(parsed['messages']) ? parsed['messages'] : [])
    .filter(isRecord)
    .filter((message) => {
      const type = String(message['type'] ?? '').toUpperCase();
      return type === 'FATAL' || type === 'ERROR';
    })
    .map((message) => `${String(message['type']).toUpperCase()}: ${String(message['text'] ?? '')}`);
  const result = parsed['result'];
  const offset = Number(parsed['offset']);
  return {
    ...(isRecord(result) ? { result } : {}),
    preview: parsed['preview'] === true || parsed['preview'] === 'true',
    ...(parsed['offset'] !== undefined && Number.isInteger(offset) ? { offset } : {}),
    lastRow: parsed['lastrow'] === true || parsed['lastrow'] === 'true',
    errors,
  };
}

/** The body was cut before its end: a network error or a premature close. */
export class SplunkExportCut extends Error {
  constructor(cause: unknown) {
    super(`the export stream was cut: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'SplunkExportCut';
  }
}

/**
 * The lines of a streamed body, each as soon as its newline arrives; the body is never held
 * whole (at most one line of `maxLineBytes`). A line without its newline at the end of the body
 * is delivered; one cut off by a network error is not. Ending the iteration early cancels the
 * body, which releases the connection.
 *
 * @throws {SplunkExportCut} when reading the body fails (the connection was cut).
 * @throws {ConnectorResponseError} for a line longer than `maxLineBytes`.
 */
export async function* streamLines(
  body: AsyncIterable<Uint8Array>,
  maxLineBytes: number,
  signal?: AbortSignal,
): AsyncGenerator<string> {
  const splitter = new LineSplitter(maxLineBytes);
  const lines: string[] = [];
  const sink = {
    line: (text: string) => {
      lines.push(text);
    },
    tooLong: (_offset: number, bytes: number) => {
      throw new ConnectorResponseError(
        `Splunk export stream has a line of ${bytes} bytes, longer than ${maxLineBytes}`,
      );
    },
  };
  const chunks = body[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      let chunk: IteratorResult<Uint8Array>;
      try {
        chunk = await chunks.next();
      } catch (error) {
        signal?.throwIfAborted();
        throw new SplunkExportCut(error);
      }
      if (chunk.done) {
        finished = true;
        splitter.flush(sink);
      } else {
        splitter.push(
          Buffer.from(chunk.value.buffer, chunk.value.byteOffset, chunk.value.length),
          sink,
        );
      }
      for (const line of lines.splice(0)) yield line;
      if (finished) return;
    }
  } finally {
    // stopping early (or a bad line) releases the connection
    if (!finished) await chunks.return?.().catch(() => {});
  }
}
