import type { IncomingMessage } from 'node:http';
import type { HttpFailure } from './responses.js';

/** What {@link readJsonBody} read: the parsed value (`undefined` for no body), or why not. */
export type BodyResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly failure: HttpFailure };

/** A request a framework may already have read, leaving the parsed body on it (Express). */
interface MaybeParsedRequest extends IncomingMessage {
  readonly body?: unknown;
}

const tooLarge = (limit: number): HttpFailure => ({
  status: 413,
  code: 'DASHBOARD_PAYLOAD_TOO_LARGE',
  message: `request body is larger than ${limit} bytes`,
  // the rest of the body is not read: the connection cannot carry another request
  headers: { connection: 'close' },
});

/**
 * Reads a JSON request body of at most `limit` bytes. Refuses another content type (415), a larger
 * body (413, before reading when `Content-Length` says so) and invalid JSON (400). When a framework
 * already consumed the stream and left the parsed body on `req.body` (Express's `express.json()`),
 * that value is used.
 */
export function readJsonBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const parsed = (req as MaybeParsedRequest).body;
  if (req.readableEnded) {
    if (parsed === undefined) return Promise.resolve({ ok: true, value: undefined });
    const size = Buffer.byteLength(JSON.stringify(parsed) ?? '');
    return Promise.resolve(
      size > limit ? { ok: false, failure: tooLarge(limit) } : { ok: true, value: parsed },
    );
  }
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  const hasBody =
    (Number.isFinite(declared) && declared > 0) || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody) {
    req.resume();
    return Promise.resolve({ ok: true, value: undefined });
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    req.resume();
    return Promise.resolve({
      ok: false,
      failure: {
        status: 415,
        code: 'DASHBOARD_UNSUPPORTED_MEDIA_TYPE',
        message: 'request body must be application/json',
        headers: { connection: 'close' },
      },
    });
  }
  if (declared > limit) {
    req.resume();
    return Promise.resolve({ ok: false, failure: tooLarge(limit) });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: BodyResult): void => {
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      finish({ ok: false, failure: tooLarge(limit) });
      // discard the rest rather than leave the client blocked on a full socket
      req.resume();
    };
    const onEnd = (error?: unknown): void => {
      if (settled) return;
      if (error !== undefined) {
        finish({
          ok: false,
          failure: {
            status: 400,
            code: 'DASHBOARD_INVALID',
            message: 'request body was cut short',
          },
        });
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        finish({ ok: true, value: text.trim() === '' ? undefined : JSON.parse(text) });
      } catch {
        finish({
          ok: false,
          failure: {
            status: 400,
            code: 'DASHBOARD_INVALID',
            message: 'request body is not valid JSON',
          },
        });
      }
    };
    req.on('data', onData);
    req.on('end', onEnd);
    // stays attached: an aborted upload after the answer must not become an uncaught error
    req.on('error', onEnd);
  });
}
