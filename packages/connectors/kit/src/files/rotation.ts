import type { FileCheckpoint, RetiredFile } from './file-checkpoint.js';
import { fingerprintOf } from './fingerprint.js';

/**
 * Fingerprints shorter than this never identify a file by content alone: a short common
 * start (a CSV header, a banner) must not make a new file look like a copy of another.
 */
export const MIN_MATCH_BYTES = 64;

/** A file's first bytes, with their fingerprints by length computed once. */
export class FilePrefix {
  readonly #bytes: Buffer;
  readonly #fingerprints = new Map<number, string>();

  constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }

  /** How many bytes are known. */
  get length(): number {
    return this.#bytes.length;
  }

  /** The fingerprint of the first `bytes` bytes (all known bytes by default). */
  fingerprint(bytes = this.#bytes.length): string {
    let fingerprint = this.#fingerprints.get(bytes);
    if (fingerprint === undefined) {
      fingerprint = fingerprintOf(this.#bytes.subarray(0, bytes));
      this.#fingerprints.set(bytes, fingerprint);
    }
    return fingerprint;
  }

  /** True when these bytes start with the bytes `fingerprint` was taken of. */
  startsLike(fingerprint: Pick<RetiredFile, 'fingerprint' | 'fingerprintBytes'>): boolean {
    return (
      fingerprint.fingerprintBytes <= this.#bytes.length &&
      this.fingerprint(fingerprint.fingerprintBytes) === fingerprint.fingerprint
    );
  }

  /** True when these bytes are a copy of the start of a file: a long enough fingerprint matches. */
  copies(fingerprint: Pick<RetiredFile, 'fingerprint' | 'fingerprintBytes'>): boolean {
    return fingerprint.fingerprintBytes >= MIN_MATCH_BYTES && this.startsLike(fingerprint);
  }
}

/**
 * The retired file a new file is a copy of (the longest fingerprint wins, then the newest), or
 * undefined: the gzip of a rotated file, the copy of a copy-truncate, a moved file.
 */
export function findRetired(
  prefix: FilePrefix,
  retired: readonly RetiredFile[],
): RetiredFile | undefined {
  let best: RetiredFile | undefined;
  for (const candidate of retired) {
    if (!prefix.copies(candidate)) continue;
    if (!best || candidate.fingerprintBytes >= best.fingerprintBytes) best = candidate;
  }
  return best;
}

/** The followed file a new file is a copy of, if any: the new file waits while it is there. */
export function findCopied(
  prefix: FilePrefix,
  id: string,
  followed: Iterable<FileCheckpoint>,
): FileCheckpoint | undefined {
  for (const checkpoint of followed) {
    if (checkpoint.id !== id && prefix.copies(checkpoint)) return checkpoint;
  }
  return undefined;
}

/** A retired record of a checkpoint, or undefined when it could never be matched or resumed. */
export function retiredOf(checkpoint: FileCheckpoint): RetiredFile | undefined {
  if (checkpoint.offset === 0 || checkpoint.fingerprintBytes < MIN_MATCH_BYTES) return undefined;
  return {
    path: checkpoint.path,
    offset: checkpoint.offset,
    fingerprint: checkpoint.fingerprint,
    fingerprintBytes: checkpoint.fingerprintBytes,
  };
}
