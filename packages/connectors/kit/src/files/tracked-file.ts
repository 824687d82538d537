import type { BigIntStats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { FileCheckpoint } from './file-checkpoint.js';
import { isGzipPath } from './gzip-detection.js';
import { LineSplitter } from './line-splitter.js';

/** The identity of a file from its stats: `<device>:<inode>`. */
export function fileIdOf(stats: BigIntStats): string {
  return `${stats.dev}:${stats.ino}`;
}

/** What a file tail knows of one file between passes (in memory; the checkpoint is the durable part). */
export class TrackedFile {
  /** `<device>:<inode>`. */
  readonly id: string;
  /** The path it was last seen at. */
  path: string;
  /**
   * Read as gzip. A guess (from the name, or a checkpoint) until the file is opened: its first
   * bytes decide, and a file whose kind changed is another file under the same identity.
   */
  gzip: boolean;
  /** The durable position; undefined until the file is identified. */
  checkpoint: FileCheckpoint | undefined;
  /** Kept open between passes (plain files), so a file renamed away or deleted can be finished. */
  handle: FileHandle | undefined;
  /** Its latest stats. */
  stats: BigIntStats | undefined;
  /** Found by the glob in this pass. */
  present = false;
  /** Not read in this pass (a copy waiting for its original to go, a gzip still being written). */
  skip = false;
  /** Size when the content was last checked against the fingerprint; -1 before. */
  checkedSize = -1;
  /**
   * Status change time (ns) when the content was last checked: with the size, tells a gzip file
   * (not kept open) from another file of the same size that got its inode between two passes.
   */
  checkedChange: bigint | undefined;
  /** Next byte to read (plain files): the checkpoint's offset plus the bytes held by the splitter. */
  readPosition = 0;
  /** Splits the plain file's bytes, holding an incomplete last line between passes. */
  readonly splitter: LineSplitter;
  /** Header lines (with a header prefix). */
  header: string[] = [];
  /** Whether `header` is known (after a restart it is read again from the file's start). */
  headerKnown = true;
  /** No line other than header lines was met yet. */
  inHeader = true;

  /** The order the tail met its files in: a file followed earlier is older on a tie. */
  readonly sequence: number;

  constructor(
    id: string,
    path: string,
    maxLineBytes: number,
    sequence: number,
    gzip = isGzipPath(path),
  ) {
    this.id = id;
    this.sequence = sequence;
    this.path = path;
    this.gzip = gzip;
    this.splitter = new LineSplitter(maxLineBytes);
  }

  /** Records that the content was checked at this size and the current status change time. */
  markChecked(size: number): void {
    this.checkedSize = size;
    this.checkedChange = this.stats?.ctimeNs;
  }

  /** Continues from a checkpoint: what was held in memory beyond it is forgotten. */
  restore(checkpoint: FileCheckpoint): void {
    this.checkpoint = { ...checkpoint, path: this.path };
    this.readPosition = checkpoint.offset;
    this.splitter.reset(checkpoint.offset);
    this.checkedSize = -1;
    this.header = [];
    this.headerKnown = checkpoint.offset === 0;
    this.inHeader = true;
  }

  /** Starts over from byte 0 with new content of the given fingerprint. */
  restart(fingerprint: string, fingerprintBytes: number): void {
    this.restore({
      id: this.id,
      path: this.path,
      offset: 0,
      fingerprint,
      fingerprintBytes,
      ...(this.gzip ? { gzip: true } : {}),
    });
  }

  /** Forgets the checkpoint (the file is identified again). */
  forget(): void {
    this.checkpoint = undefined;
    this.readPosition = 0;
    this.splitter.reset(0);
    this.checkedSize = -1;
    this.header = [];
    this.headerKnown = true;
    this.inHeader = true;
  }

  /** Closes the handle, if open. */
  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close().catch(() => undefined);
  }
}
