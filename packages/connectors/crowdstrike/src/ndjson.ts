import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** Splits a byte stream into lines (UTF-8), the last one even without a newline. */
export async function* linesOf(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of chunks) {
    pending += decoder.decode(chunk, { stream: true });
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      yield pending.slice(0, newline).replace(/\r$/, '');
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
  }
  pending += decoder.decode();
  if (pending.length > 0) yield pending;
}

/** The chunks of `chunks`, gunzipped when they start with the gzip magic bytes. */
export async function* gunzipIfGzip(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  const rest: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]: () => iterator,
  };
  async function* all() {
    yield first.value;
    yield* rest;
  }
  const head = first.value;
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    const gunzip = createGunzip();
    // pipeline carries a source error to the gunzip stream, whose iteration then throws it
    pipeline(Readable.from(all()), gunzip, () => {});
    yield* gunzip as AsyncIterable<Uint8Array>;
    return;
  }
  yield* all();
}
