import { OpenMdrError } from '@openmdr/core';

/** Where in a tailed file a problem was found. */
export interface FileLocation {
  /** The path the file had when it was read. */
  path: string;
  /** The file's identity, `<device>:<inode>`. */
  fileId: string;
  /** Byte offset of the problem (in the decompressed stream for gzip files). */
  offset: number;
}

/**
 * A line was longer than the tail's `maxLineBytes`. The line is skipped (its bytes are never
 * held in memory beyond the limit) and reported as a dead letter; reading goes on after it.
 *
 * Code: `FILE_LINE_TOO_LONG`; `details` names the path, offset, length and limit.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#file_line_too_long | FILE_LINE_TOO_LONG} in the error reference
 */
export class FileLineTooLongError extends OpenMdrError {
  /** Marks line-too-long errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.connector-kit.FileLineTooLongError',
  );
  declare readonly code: 'FILE_LINE_TOO_LONG';
  /** Length of the line in bytes, without its terminator. */
  readonly bytes: number;
  /** The limit it broke. */
  readonly maxLineBytes: number;

  constructor(location: FileLocation, bytes: number, maxLineBytes: number) {
    super(
      'FILE_LINE_TOO_LONG',
      `line of ${bytes} bytes at ${location.path}:${location.offset} exceeds ${maxLineBytes} bytes`,
      { details: { ...location, bytes, maxLineBytes } },
    );
    this.name = 'FileLineTooLongError';
    this.bytes = bytes;
    this.maxLineBytes = maxLineBytes;
  }
}

/**
 * A compressed file could not be decompressed (bad gzip data, not a truncated file still being
 * written: that one is retried on the next pass). What was read before the damage is kept; the
 * file is marked complete and not read again.
 *
 * Code: `FILE_CORRUPT`.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#file_corrupt | FILE_CORRUPT} in the error reference
 */
export class FileCorruptError extends OpenMdrError {
  /** Marks corrupt-file errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.connector-kit.FileCorruptError',
  );
  declare readonly code: 'FILE_CORRUPT';
  constructor(location: FileLocation, options: { cause?: unknown } = {}) {
    super('FILE_CORRUPT', `${location.path} is corrupt after byte ${location.offset}`, {
      ...options,
      details: { ...location },
    });
    this.name = 'FileCorruptError';
  }
}

/**
 * A file matched the glob but could not be opened or read (permissions, I/O error). It is
 * reported once per tail and retried on every pass; the other files are read meanwhile.
 *
 * Code: `FILE_UNREADABLE`; retryable.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#file_unreadable | FILE_UNREADABLE} in the error reference
 */
export class FileUnreadableError extends OpenMdrError {
  /** Marks unreadable-file errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.connector-kit.FileUnreadableError',
  );
  declare readonly code: 'FILE_UNREADABLE';
  constructor(location: FileLocation, options: { cause?: unknown } = {}) {
    super('FILE_UNREADABLE', `cannot read ${location.path}`, {
      ...options,
      isRetryable: true,
      details: { ...location },
    });
    this.name = 'FileUnreadableError';
  }
}

/** The errors a tail reports as dead letters. */
export type FileTailError = FileLineTooLongError | FileCorruptError | FileUnreadableError;
