/**
 * `--output FILE`: standard output of a command written to a file instead.
 *
 * @module
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { FileAccessError } from '../command.js';

/** A file written like standard output; {@link OutputFile.close} flushes and closes it. */
export interface OutputFile {
  write(chunk: string): boolean;
  close(): void;
}

/** Bytes buffered before a write to the file. */
const BUFFER_LIMIT = 1 << 16;

/**
 * Creates (or truncates) `path` for a command's output. Writes are buffered and flushed
 * synchronously, so that output never piles up in memory; {@link OutputFile.close} writes the
 * rest.
 *
 * @throws {FileAccessError} when the file cannot be created or written.
 */
export function openOutputFile(path: string): OutputFile {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (error) {
    throw new FileAccessError(`cannot write ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let pending: string[] = [];
  let size = 0;
  let closed = false;
  const flush = (): void => {
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    size = 0;
    try {
      writeSync(fd, text);
    } catch (error) {
      throw new FileAccessError(`cannot write ${path}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  };
  return {
    write(chunk) {
      if (closed) throw new FileAccessError(`cannot write ${path}: already closed`);
      pending.push(chunk);
      size += chunk.length;
      if (size >= BUFFER_LIMIT) flush();
      return true;
    },
    close() {
      if (closed) return;
      closed = true;
      try {
        flush();
      } finally {
        closeSync(fd);
      }
    },
  };
}
