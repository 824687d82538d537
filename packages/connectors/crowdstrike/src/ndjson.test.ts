import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gunzipIfGzip, linesOf, parseJsonKeepingBigIntegers } from './ndjson.js';

async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? new TextEncoder().encode(part) : part;
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('linesOf', () => {
  it('splits lines across chunks, drops CR, keeps a last line without newline', async () => {
    const euro = new TextEncoder().encode('€');
    expect(
      await collect(
        linesOf(chunks('{"a":1}\r\n{"b"', ':2}\n\n', euro.slice(0, 1), euro.slice(1), 'x')),
      ),
    ).toEqual(['{"a":1}', '{"b":2}', '', '€x']);
  });
});

describe('gunzipIfGzip', () => {
  it('gunzips gzip data, passes plain data through, fails on a corrupt gzip', async () => {
    const text = (bytes: Uint8Array[]) => Buffer.concat(bytes).toString('utf8');
    const gz = gzipSync('line one\nline two\n');
    expect(text(await collect(gunzipIfGzip(chunks(gz.subarray(0, 5), gz.subarray(5)))))).toBe(
      'line one\nline two\n',
    );
    expect(text(await collect(gunzipIfGzip(chunks('plain\n'))))).toBe('plain\n');
    expect(await collect(gunzipIfGzip(chunks()))).toEqual([]);
    await expect(
      collect(gunzipIfGzip(chunks(new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3])))),
    ).rejects.toThrow();
  });
});

describe('parseJsonKeepingBigIntegers', () => {
  it('keeps integers beyond 2^53 exact as strings, leaves the rest and strings alone', () => {
    expect(
      parseJsonKeepingBigIntegers(
        '{"ProcessId":1719309930613520072,"Small":-42,"F":1.5e3,"S":"id 1719309930613520072 \\" x","A":[9007199254740993]}',
      ),
    ).toEqual({
      ProcessId: '1719309930613520072',
      Small: -42,
      F: 1500,
      S: 'id 1719309930613520072 " x',
      A: ['9007199254740993'],
    });
    expect(() => parseJsonKeepingBigIntegers('{not json')).toThrow(SyntaxError);
  });
});
