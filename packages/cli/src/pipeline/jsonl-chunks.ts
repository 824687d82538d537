/**
 * Fast JSON-lines input: large byte chunks split at newline bytes, never inside a line.
 *
 * @module
 */

/** Bytes gathered before a chunk is cut (at the last newline): about a few thousand lines. */
export const CHUNK_BYTES = 1 << 20;

/**
 * The input as chunks of whole lines: each ends with a newline byte (but the last, when the
 * input does not end with one) and owns its `ArrayBuffer`, so it can be transferred to a worker.
 */
export async function* lineChunks(
  input: AsyncIterable<unknown>,
  size = CHUNK_BYTES,
): AsyncGenerator<Uint8Array> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const piece of input) {
    const bytes =
      typeof piece === 'string' ? Buffer.from(piece, 'utf8') : Buffer.from(piece as Uint8Array);
    pending.push(bytes);
    pendingBytes += bytes.length;
    if (pendingBytes < size) continue;
    const cut = bytes.lastIndexOf(10);
    if (cut < 0) continue; // the line goes on: gather until it ends
    const whole = pendingBytes - (bytes.length - cut - 1);
    yield own(pending, whole);
    const rest = bytes.subarray(cut + 1);
    pending = rest.length > 0 ? [rest] : [];
    pendingBytes = rest.length;
  }
  if (pendingBytes > 0) yield own(pending, pendingBytes);
}

/** The first `length` bytes of `parts` in a fresh buffer of exactly that size. */
function own(parts: readonly Buffer[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    const take = Math.min(part.length, length - at);
    out.set(take === part.length ? part : part.subarray(0, take), at);
    at += take;
    if (at === length) break;
  }
  return out;
}
