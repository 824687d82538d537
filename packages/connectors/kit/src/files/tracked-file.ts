import type { BigIntStats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { FileCheckpoint } from './file-checkpoint.js';
import { LineSplitter } from './line-splitter.js';

/** The identity of a file from its stats: `<device>:<inode>`. */
export function fileIdOf(stats: BigIntStats): string {
  return `${stats.dev}:${stats.ino}`;
}

/** True for a gzip file, told by its name. */
export function isGzipPath(path: string): boolean {
  return path.endsWith('.gz');
}

/** What a file tail knows of one file between passes (in memory; the checkpoint is the durable part). */
export class TrackedFile {
  /** `<device>:<inode>`. */
  readonly id: string;
  /** The path it was last seen at. */
  path: string;
  /** Read as gzip. */
  readonly gzip: boolean;
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
