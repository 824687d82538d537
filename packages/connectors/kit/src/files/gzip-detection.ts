import type { FileHandle } from 'node:fs/promises';

/** The two bytes every gzip member starts with (RFC 1952: ID1, ID2). */
const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** True for a gzip file, told by its name. */
export function isGzipPath(path: string): boolean {
  return path.endsWith('.gz');
}

/**
 * Whether a file is gzip, told by its first bytes (`1f 8b`) and, while it is too short to hold
 * them (a gzip file being created), by its name. The content wins over the name: an inode, a
 * checkpoint or a path says nothing reliable about what a file holds now.
 */
export function isGzipContent(path: string, head: Uint8Array): boolean {
  if (head.length < GZIP_MAGIC.length) return isGzipPath(path);
  return head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}

/** Reads a file's first bytes (raw, from byte 0) and tells whether it is gzip. */
export async function detectGzip(path: string, handle: FileHandle): Promise<boolean> {
  const head = Buffer.alloc(GZIP_MAGIC.length);
  let filled = 0;
  while (filled < head.length) {
    const { bytesRead } = await handle.read(head, filled, head.length - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return isGzipContent(path, head.subarray(0, filled));
}
