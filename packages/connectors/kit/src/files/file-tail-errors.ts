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
 */
export class FileLineTooLongError extends OpenMdrError {
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

  /** True when `error` is a {@link FileLineTooLongError}. */
  static override isInstance(error: unknown): error is FileLineTooLongError {
    return OpenMdrError.isInstance(error) && error.code === 'FILE_LINE_TOO_LONG';
  }
}

/**
 * A compressed file could not be decompressed (bad gzip data, not a truncated file still being
 * written: that one is retried on the next pass). What was read before the damage is kept; the
 * file is marked complete and not read again.
 *
 * Code: `FILE_CORRUPT`.
 */
export class FileCorruptError extends OpenMdrError {
  constructor(location: FileLocation, options: { cause?: unknown } = {}) {
    super('FILE_CORRUPT', `${location.path} is corrupt after byte ${location.offset}`, {
      ...options,
      details: { ...location },
    });
    this.name = 'FileCorruptError';
  }

  /** True when `error` is a {@link FileCorruptError}. */
  static override isInstance(error: unknown): error is FileCorruptError {
    return OpenMdrError.isInstance(error) && error.code === 'FILE_CORRUPT';
  }
}

/**
 * A file matched the glob but could not be opened or read (permissions, I/O error). It is
 * reported once per tail and retried on every pass; the other files are read meanwhile.
 *
 * Code: `FILE_UNREADABLE`; retryable.
 */
export class FileUnreadableError extends OpenMdrError {
  constructor(location: FileLocation, options: { cause?: unknown } = {}) {
    super('FILE_UNREADABLE', `cannot read ${location.path}`, {
      ...options,
      isRetryable: true,
      details: { ...location },
    });
    this.name = 'FileUnreadableError';
  }

  /** True when `error` is a {@link FileUnreadableError}. */
  static override isInstance(error: unknown): error is FileUnreadableError {
    return OpenMdrError.isInstance(error) && error.code === 'FILE_UNREADABLE';
  }
}

/** The errors a tail reports as dead letters. */
export type FileTailError = FileLineTooLongError | FileCorruptError | FileUnreadableError;
