import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';

/** The fingerprint of a file's first bytes: SHA-256, hex, first 128 bits. */
export function fingerprintOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 32);
}

/** Reads up to `bytes` bytes from the start of a plain file (fewer when the file is shorter). */
export async function readPlainPrefix(handle: FileHandle, bytes: number): Promise<Buffer> {
  const buffer = Buffer.alloc(bytes);
  let filled = 0;
  while (filled < bytes) {
    const { bytesRead } = await handle.read(buffer, filled, bytes - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

/**
 * The decompressed chunks of a gzip file (all members), from its start, reading `readBytes` at a
 * time. Throws zlib's errors: a `Z_BUF_ERROR` ({@link isTruncatedGzip}) when the file ends early
 * (still being written).
 */
export async function* gunzipChunks(
  handle: FileHandle,
  readBytes = 64 * 1024,
): AsyncGenerator<Buffer> {
  const source = handle.createReadStream({ start: 0, autoClose: false, highWaterMark: readBytes });
  const gunzip = createGunzip({ chunkSize: Math.max(16 * 1024, Math.min(readBytes, 256 * 1024)) });
  source.on('error', (error) => gunzip.destroy(error));
  source.pipe(gunzip);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } finally {
    source.unpipe(gunzip);
    source.destroy();
    gunzip.destroy();
  }
}

/** True when a zlib error says the compressed data ended early (a file still being written). */
export function isTruncatedGzip(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'Z_BUF_ERROR';
}

/** The result of {@link readGzipPrefix}. */
export interface GzipPrefix {
  /** Up to the bytes asked for, decompressed. */
  prefix: Buffer;
  /**
   * True when `prefix` is reliable: it holds the bytes asked for, or the whole file. False when
   * the compressed data ended early (a file still being written) or is corrupt.
   */
  complete: boolean;
  /** The zlib error when the data is corrupt. */
  corrupt?: unknown;
}

/** Decompresses up to `bytes` bytes from the start of a gzip file. */
export async function readGzipPrefix(handle: FileHandle, bytes: number): Promise<GzipPrefix> {
  const chunks: Buffer[] = [];
  let filled = 0;
  try {
    for await (const chunk of gunzipChunks(handle)) {
      chunks.push(chunk);
      filled += chunk.length;
      if (filled >= bytes) break;
    }
  } catch (error) {
    const prefix = Buffer.concat(chunks).subarray(0, bytes);
    if (isTruncatedGzip(error)) return { prefix, complete: false };
    return { prefix, complete: false, corrupt: error };
  }
  return { prefix: Buffer.concat(chunks).subarray(0, bytes), complete: true };
}
