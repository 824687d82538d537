import type { FileTailState } from './file-checkpoint.js';
import type { FileTailError } from './file-tail-errors.js';

/** One line read from a tailed file. */
export interface FileLine {
  /** The line, decoded as UTF-8, without its `\n` or `\r\n`. Never empty (blank lines are skipped). */
  readonly text: string;
  /** The path the file had when the line was read. */
  readonly path: string;
  /** The file's identity, `<device>:<inode>`. */
  readonly fileId: string;
  /** Byte offset of the line's first byte (in the decompressed stream for gzip files). */
  readonly offset: number;
  /**
   * The file's header: its leading lines starting with the tail's `headerPrefix` (Zeek's
   * `#fields`, W3C's `#Fields:`), read again from the file's start after a restart. Empty
   * without `headerPrefix`. Header lines are not delivered as lines.
   */
  readonly header: readonly string[];
}

/** What a dead-lettered piece of a file was. */
export interface FileDeadLetterRecord {
  /** The path the file had. */
  readonly path: string;
  /** The file's identity, `<device>:<inode>`. */
  readonly fileId: string;
  /** Byte offset of the line (or of the damage). */
  readonly offset: number;
  /** Length of the line in bytes (0 for file-level problems). */
  readonly bytes: number;
  /** The line's first 256 bytes, decoded (empty for file-level problems). */
  readonly head: string;
}

/**
 * A line or file the tail could not deliver, shaped as the kit's dead letters
 * (`{ record, error }`): an over-long line, a corrupt gzip file, an unreadable file.
 */
export interface FileDeadLetter {
  /** Where it was. */
  readonly record: FileDeadLetterRecord;
  /** Why: `FILE_LINE_TOO_LONG`, `FILE_CORRUPT` or `FILE_UNREADABLE`. */
  readonly error: FileTailError;
}

/**
 * One batch of a file tail, shaped as a stream's read batch (`{ records, state }`): the lines
 * read, in file order (files oldest first), and the state to commit once they are accepted.
 * The state covers exactly the lines of this batch and of the batches before it: reading again
 * from it neither skips nor repeats a line.
 */
export interface FileTailBatch {
  /** The lines read. */
  readonly records: FileLine[];
  /** The state after this batch. */
  readonly state: FileTailState;
  /** Lines and files skipped, with typed errors (covered by `state` as well). */
  readonly deadLetters: FileDeadLetter[];
}
