import type { FileDeadLetter, FileLine } from './file-tail-batch.js';
import { FileLineTooLongError, type FileTailError } from './file-tail-errors.js';
import type { LineSink } from './line-splitter.js';
import type { TrackedFile } from './tracked-file.js';

const NO_HEADER: readonly string[] = Object.freeze([]);

/**
 * Collects the lines and dead letters of the batch being built, for the file being read: header
 * lines go to the file's header, lines before `skipBefore` (a gzip file read again from its
 * start) are dropped.
 */
export class BatchSink implements LineSink {
  /** The file being read. */
  file: TrackedFile | undefined;
  /** Lines starting before this offset were delivered already. */
  skipBefore = 0;
  /** Lines of the batch. */
  records: FileLine[] = [];
  /** Dead letters of the batch. */
  deadLetters: FileDeadLetter[] = [];
  /** Leading lines starting with it are header lines. */
  readonly headerPrefix: string | undefined;
  readonly #maxLineBytes: number;

  constructor(headerPrefix: string | undefined, maxLineBytes: number) {
    this.headerPrefix = headerPrefix;
    this.#maxLineBytes = maxLineBytes;
  }

  /** Lines plus dead letters collected. */
  get size(): number {
    return this.records.length + this.deadLetters.length;
  }

  /** Hands the collected lines and dead letters over and starts a new batch. */
  take(): { records: FileLine[]; deadLetters: FileDeadLetter[] } {
    const taken = { records: this.records, deadLetters: this.deadLetters };
    this.records = [];
    this.deadLetters = [];
    return taken;
  }

  /** A line of the file being read: to its header, dropped (already delivered) or collected. */
  line(text: string, offset: number): void {
    const file = this.file;
    if (!file) return;
    const prefix = this.headerPrefix;
    if (prefix !== undefined && file.inHeader) {
      if (text.startsWith(prefix)) {
        file.header.push(text);
        return;
      }
      file.inHeader = false;
    }
    if (offset < this.skipBefore) return;
    this.records.push({
      text,
      path: file.path,
      fileId: file.id,
      offset,
      header: prefix === undefined ? NO_HEADER : file.header,
    });
  }

  /** An over-long line of the file being read: collected as a dead letter. */
  tooLong(offset: number, bytes: number, head: string): void {
    const file = this.file;
    if (!file) return;
    file.inHeader = false;
    if (offset < this.skipBefore) return;
    const location = { path: file.path, fileId: file.id, offset };
    this.deadLetters.push({
      record: { ...location, bytes, head },
      error: new FileLineTooLongError(location, bytes, this.#maxLineBytes),
    });
  }

  /** Adds a file-level dead letter (corrupt, unreadable). */
  fileProblem(path: string, fileId: string, offset: number, error: FileTailError): void {
    this.deadLetters.push({ record: { path, fileId, offset, bytes: 0, head: '' }, error });
  }
}
