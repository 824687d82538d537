import type { TrackedFile } from './tracked-file.js';

/**
 * Oldest first: by modification time, then (timestamps are coarse: a file rotated and its
 * successor often share one) by creation time where the file system records it, then files
 * followed before the newly found, then by path.
 */
export function byAge(a: TrackedFile, b: TrackedFile): number {
  const modified = compare(a.stats?.mtimeNs ?? 0n, b.stats?.mtimeNs ?? 0n);
  if (modified !== 0) return modified;
  const born = compare(a.stats?.birthtimeNs ?? 0n, b.stats?.birthtimeNs ?? 0n);
  if (born !== 0 && a.stats?.birthtimeNs && b.stats?.birthtimeNs) return born;
  if (a.sequence !== b.sequence) return a.sequence - b.sequence;
  return compare(a.path, b.path);
}

function compare<T extends bigint | string>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
