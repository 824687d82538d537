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

/**
 * `JSON.parse` that keeps integers beyond `Number.MAX_SAFE_INTEGER` exact by reading them as
 * strings: Falcon's process ids (`ProcessId: 1719309930613520072`) are such numbers in Event
 * Streams JSON, and rounding them would break the link to FDR's `TargetProcessId` strings.
 * Digits inside strings are left alone.
 */
export function parseJsonKeepingBigIntegers(text: string): unknown {
  let out = '';
  let inString = false;
  let index = 0;
  while (index < text.length) {
    const char = text[index] as string;
    if (inString) {
      out += char;
      if (char === '\\') {
        out += text[index + 1] ?? '';
        index += 2;
        continue;
      }
      if (char === '"') inString = false;
      index += 1;
      continue;
    }
    if (char === '"') {
      inString = true;
      out += char;
      index += 1;
      continue;
    }
    const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(index, index + 64));
    if (number && (char === '-' || (char >= '0' && char <= '9'))) {
      const literal = number[0];
      const isBigInteger =
        number[1] === undefined &&
        number[2] === undefined &&
        !Number.isSafeInteger(Number(literal));
      out += isBigInteger ? `"${literal}"` : literal;
      index += literal.length;
      continue;
    }
    out += char;
    index += 1;
  }
  return JSON.parse(out) as unknown;
}
