import { type FileHandle, open } from 'node:fs/promises';
import { ConnectorStateError } from '../errors/connector-errors.js';
import type { VersionedState } from '../state/stream-state.js';
import { BatchSink } from './batch-sink.js';
import {
  type FileCheckpoint,
  type FileTailState,
  parseFileTailState,
  type RetiredFile,
} from './file-checkpoint.js';
import { discoverFiles, type FoundFiles, isMissing } from './file-discovery.js';
import { byAge } from './file-order.js';
import type { FileTailBatch } from './file-tail-batch.js';
import { FileCorruptError, FileUnreadableError } from './file-tail-errors.js';
import type { FileTailOptions } from './file-tail-options.js';
import { type FileTailSettings, settingsOf } from './file-tail-settings.js';
import { gunzipChunks, isTruncatedGzip, readGzipPrefix, readPlainPrefix } from './fingerprint.js';
import { detectGzip, isGzipContent } from './gzip-detection.js';
import { LineSplitter } from './line-splitter.js';
import { FilePrefix, findCopied, findRetired, retiredOf } from './rotation.js';
import { fileIdOf, TrackedFile } from './tracked-file.js';

/** Most bytes read from a file's start to find its header again after a restart. */
const HEADER_BYTES = 64 * 1024;

/**
 * A file tail: follows the files of a glob across passes, keeping plain files open between
 * passes so that a file renamed away or deleted is finished. Create one with
 * {@link createFileTail}; {@link tailFiles} wraps it for one-shot and follow reads.
 */
export interface FileTail {
  /**
   * One pass from a committed `state` (undefined on a first run): finds the files, reads each
   * to its current end (oldest first) and yields batches, at least one (the last carries the
   * state after the pass). Positions held in memory that differ from `state` are dropped, so a
   * consumer that did not commit a batch reads it again.
   *
   * @throws ConnectorStateError when `state` is not a file tail state, or a pass is running.
   */
  read(state: VersionedState | undefined): AsyncGenerator<FileTailBatch, void, undefined>;
  /**
   * One more pass from where the last one stopped (the state of the last batch yielded). It
   * yields only batches with lines or dead letters, or a changed state.
   */
  poll(): AsyncGenerator<FileTailBatch, void, undefined>;
  /** The state after the last batch yielded. */
  readonly state: FileTailState;
  /** Closes the files kept open. The tail can read again afterwards. */
  close(): Promise<void>;
}

/**
 * Creates a {@link FileTail} over the files of `options.glob`.
 *
 * Files are told apart by identity (device, inode) and by a fingerprint of their first bytes:
 * a file renamed (logrotate's default, Zeek's rotation into dated names) is finished from its
 * open handle and, when the rotated name matches the glob, from its checkpoint after a restart;
 * a file truncated in place or replaced (a reused inode) is read again from its start; a file
 * that appears with the content of a retired one (the gzip of a rotated file, the copy of a
 * copy-truncate rotation) resumes at the retired offset; a copy of a followed file waits until
 * the original leaves the glob. Whether a file is gzip is told by its first bytes (`1f 8b`) each
 * time it is opened, not by its checkpoint: a gzip file on the inode of a plain file (or the
 * reverse) is another file, identified afresh.
 */
export function createFileTail(options: FileTailOptions): FileTail {
  return new FileTailReader(options);
}

function sameCheckpoint(a: FileCheckpoint, b: FileCheckpoint): boolean {
  return (
    a.offset === b.offset &&
    a.fingerprint === b.fingerprint &&
    a.fingerprintBytes === b.fingerprintBytes &&
    (a.complete ?? false) === (b.complete ?? false)
  );
}

class FileTailReader implements FileTail {
  readonly #settings: FileTailSettings;
  readonly #files = new Map<string, TrackedFile>();
  readonly #sink: BatchSink;
  readonly #reported = new Set<string>();
  #retired: RetiredFile[] = [];
  #lastYielded: FileTailState = { version: 1, files: [], retired: [] };
  #consistent = true;
  #dirty = false;
  #running = false;
  #yields = 0;
  #sequence = 0;
  #buffer: Buffer | undefined;

  constructor(options: FileTailOptions) {
    this.#settings = settingsOf(options);
    this.#sink = new BatchSink(options.headerPrefix, this.#settings.maxLineBytes);
  }

  get state(): FileTailState {
    return this.#lastYielded;
  }

  async *read(state: VersionedState | undefined): AsyncGenerator<FileTailBatch, void, undefined> {
    this.#begin();
    try {
      await this.#reconcile(parseFileTailState(state));
      yield* this.#pass(true);
    } finally {
      this.#end();
    }
  }

  async *poll(): AsyncGenerator<FileTailBatch, void, undefined> {
    this.#begin();
    try {
      if (!this.#consistent) await this.#reconcile(this.#lastYielded);
      yield* this.#pass(false);
    } finally {
      this.#end();
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.#files.values()].map((file) => file.close()));
  }

  #begin(): void {
    if (this.#running) throw new ConnectorStateError('a file tail reads one pass at a time');
    this.#running = true;
  }

  #end(): void {
    // Lines read but not yielded moved the positions in memory past the last state yielded.
    if (this.#sink.size > 0) {
      this.#sink.take();
      this.#consistent = false;
    }
    this.#running = false;
  }

  get #aborted(): boolean {
    return this.#settings.signal?.aborted ?? false;
  }

  /** Makes the files in memory follow `state`: its checkpoints and retired files win. */
  async #reconcile(state: FileTailState): Promise<void> {
    this.#retired = state.retired.map((retired) => ({ ...retired }));
    const checkpoints = new Map(state.files.map((checkpoint) => [checkpoint.id, checkpoint]));
    for (const file of [...this.#files.values()]) {
      const checkpoint = checkpoints.get(file.id);
      checkpoints.delete(file.id);
      if (checkpoint) {
        if (!file.checkpoint || !sameCheckpoint(file.checkpoint, checkpoint))
          file.restore(checkpoint);
      } else if (file.handle && !file.gzip) {
        file.forget();
      } else {
        this.#files.delete(file.id);
        await file.close();
      }
    }
    for (const checkpoint of checkpoints.values()) {
      // `gzip` is a guess here: the file's first bytes decide when it is checked.
      const file = new TrackedFile(
        checkpoint.id,
        checkpoint.path,
        this.#settings.maxLineBytes,
        this.#sequence++,
        checkpoint.gzip ?? false,
      );
      file.restore(checkpoint);
      this.#files.set(file.id, file);
    }
    this.#lastYielded = state;
    this.#consistent = true;
    this.#dirty = false;
  }

  async *#pass(always: boolean): AsyncGenerator<FileTailBatch, void, undefined> {
    const yieldsBefore = this.#yields;
    const found = await discoverFiles(this.#settings, (path, error) =>
      this.#unreadable(path, '', error),
    );
    await this.#check(found);
    await this.#identify(found);
    const order = [...this.#files.values()]
      .filter((file) => file.checkpoint && !file.skip && !file.checkpoint.complete)
      .sort(byAge);
    for (const file of order) {
      if (this.#aborted) return;
      try {
        if (file.gzip) yield* this.#readGzip(file);
        else yield* this.#readPlain(file);
      } catch (error) {
        this.#unreadable(file.path, file.id, error);
        file.checkedSize = -1;
        await file.close();
        continue;
      }
      if (this.#aborted) return;
      if (!file.present && !file.gzip) await this.#finish(file);
    }
    if (this.#aborted) return;
    if (this.#sink.size > 0 || this.#dirty || (always && this.#yields === yieldsBefore))
      yield this.#take();
  }

  #take(): FileTailBatch {
    const { records, deadLetters } = this.#sink.take();
    const state = this.#snapshot();
    this.#lastYielded = state;
    this.#dirty = false;
    this.#yields += 1;
    return { records, deadLetters, state };
  }

  #snapshot(): FileTailState {
    const files: FileCheckpoint[] = [];
    for (const file of this.#files.values())
      if (file.checkpoint) files.push({ ...file.checkpoint });
    files.sort((a, b) => (a.path === b.path ? (a.id < b.id ? -1 : 1) : a.path < b.path ? -1 : 1));
    return { version: 1, files, retired: this.#retired.map((retired) => ({ ...retired })) };
  }

  /**
   * Matches the files followed with those found (what is left in `found` is new), retires the
   * ones gone, and checks the content of each against its fingerprint.
   */
  async #check(found: FoundFiles): Promise<void> {
    for (const file of [...this.#files.values()]) {
      file.skip = false;
      const hit = found.get(file.id);
      if (hit) {
        found.delete(file.id);
        file.present = true;
        file.stats = hit.stats;
        file.path = hit.path;
      } else {
        file.present = false;
        // Gone, and not open: nothing more can be read from it.
        if (!file.handle || file.gzip) {
          await this.#retire(file);
          continue;
        }
      }
      if (!file.checkpoint) continue;
      if (file.gzip) await this.#checkGzip(file);
      else await this.#checkPlain(file);
      // After the check: a checkpoint retired because another file has the identity keeps the
      // path its own content was seen at.
      if (file.checkpoint && file.checkpoint.path !== file.path) {
        file.checkpoint.path = file.path;
        this.#dirty = true;
      }
    }
  }

  async #checkPlain(file: TrackedFile): Promise<void> {
    const checkpoint = file.checkpoint;
    const handle = await this.#open(file);
    if (!handle || !checkpoint) {
      file.skip = true;
      return;
    }
    const stats = await handle.stat({ bigint: true });
    file.stats = stats;
    const size = Number(stats.size);
    if (size === file.checkedSize) return;
    const bytes = await readPlainPrefix(handle, Math.min(size, this.#settings.fingerprintBytes));
    if (bytes.length >= 2 && isGzipContent(file.path, bytes)) {
      // A gzip file under a plain file's identity (the inode reused): another file.
      await this.#replaced(file, true);
      return;
    }
    const prefix = new FilePrefix(bytes);
    if (size < file.readPosition || !prefix.startsLike(checkpoint)) {
      // Truncated, or rewritten: new content from byte 0; the old one may reappear as a copy.
      this.#retireCheckpoint(checkpoint);
      file.restart(prefix.fingerprint(), prefix.length);
      this.#dirty = true;
    } else if (prefix.length > checkpoint.fingerprintBytes) {
      checkpoint.fingerprint = prefix.fingerprint();
      checkpoint.fingerprintBytes = prefix.length;
      this.#dirty = true;
    }
    file.markChecked(size);
  }

  async #checkGzip(file: TrackedFile): Promise<void> {
    const checkpoint = file.checkpoint;
    const size = Number(file.stats?.size ?? -1n);
    const unchanged = size === file.checkedSize && file.stats?.ctimeNs === file.checkedChange;
    if (!checkpoint || unchanged) return;
    const handle = await this.#openOnce(file);
    if (!handle) {
      file.skip = true;
      return;
    }
    let gzip: boolean;
    try {
      gzip = await detectGzip(file.path, handle);
    } catch (error) {
      await handle.close();
      throw error;
    }
    if (!gzip) {
      // A plain file under a gzip file's identity (the inode reused): another file.
      await handle.close();
      await this.#replaced(file, false);
      return;
    }
    const result = await readGzipPrefix(handle, this.#settings.fingerprintBytes).finally(() =>
      handle.close(),
    );
    if (new FilePrefix(result.prefix).startsLike(checkpoint)) {
      file.markChecked(size);
      return;
    }
    // Another file under the same inode: identify it afresh.
    this.#retireCheckpoint(checkpoint);
    file.forget();
    this.#dirty = true;
  }

  /**
   * The file under a followed identity is not of the kind its checkpoint was taken of (plain or
   * gzip): another file got the inode. The checkpoint retires (its content may come back, as
   * the gzip of a rotated file) and the file is identified afresh, read as `gzip` says.
   */
  async #replaced(file: TrackedFile, gzip: boolean): Promise<void> {
    if (file.checkpoint) this.#retireCheckpoint(file.checkpoint);
    await file.close();
    file.forget();
    file.gzip = gzip;
    this.#dirty = true;
  }

  /** Gives a checkpoint to each new file: a retired one's offset for a copy, else 0. */
  async #identify(found: FoundFiles): Promise<void> {
    for (const [id, { path, stats }] of found) {
      const file = new TrackedFile(id, path, this.#settings.maxLineBytes, this.#sequence++);
      file.present = true;
      file.stats = stats;
      this.#files.set(id, file);
    }
    for (const file of [...this.#files.values()]) {
      if (!file.checkpoint && !file.skip) await this.#identifyOne(file);
    }
  }

  async #identifyOne(file: TrackedFile): Promise<void> {
    const { fingerprintBytes } = this.#settings;
    let prefix: FilePrefix;
    let size: number;
    // A plain file forgotten by a reconcile is still open: the same file, of the same kind.
    const handle = file.handle ?? (await this.#openOnce(file));
    if (!handle) {
      file.skip = true;
      return;
    }
    file.handle = undefined;
    try {
      // The first bytes decide, not the name: a gzip rotation may keep a plain name.
      file.gzip = await detectGzip(file.path, handle);
    } catch (error) {
      await handle.close();
      throw error;
    }
    if (file.gzip) {
      const result = await readGzipPrefix(handle, fingerprintBytes).finally(() => handle.close());
      size = Number(file.stats?.size ?? 0n);
      if (result.corrupt !== undefined) {
        const location = { path: file.path, fileId: file.id, offset: result.prefix.length };
        this.#sink.fileProblem(
          file.path,
          file.id,
          location.offset,
          new FileCorruptError(location, { cause: result.corrupt }),
        );
        file.restart(new FilePrefix(result.prefix).fingerprint(), result.prefix.length);
        if (file.checkpoint) file.checkpoint.complete = true;
        file.markChecked(size);
        this.#dirty = true;
        return;
      }
      // Still being written: identified once it is whole (or long enough).
      if (!result.complete) {
        file.skip = true;
        return;
      }
      prefix = new FilePrefix(result.prefix);
    } else {
      file.handle = handle;
      file.stats = await handle.stat({ bigint: true });
      size = Number(file.stats.size);
      prefix = new FilePrefix(await readPlainPrefix(handle, Math.min(size, fingerprintBytes)));
    }
    const followed: FileCheckpoint[] = [];
    for (const other of this.#files.values())
      if (other !== file && other.checkpoint) followed.push(other.checkpoint);
    if (findCopied(prefix, file.id, followed)) {
      // A copy of a file still followed: it waits until the original is gone.
      file.skip = true;
      return;
    }
    const retired = findRetired(prefix, this.#retired);
    file.restart(prefix.fingerprint(), prefix.length);
    if (retired && file.checkpoint) {
      this.#retired = this.#retired.filter((entry) => entry !== retired);
      file.restore({ ...file.checkpoint, offset: retired.offset });
    }
    file.markChecked(size);
    this.#dirty = true;
  }

  async *#readPlain(file: TrackedFile): AsyncGenerator<FileTailBatch, void, undefined> {
    const checkpoint = file.checkpoint;
    const handle = file.handle;
    if (!checkpoint || !handle) return;
    const sink = this.#sink;
    if (!file.headerKnown) await this.#loadHeader(file, handle, checkpoint.offset);
    sink.file = file;
    sink.skipBefore = 0;
    // A file gone from the glob is read to its very end; others to the size checked.
    const limit = file.present ? file.checkedSize : Number.POSITIVE_INFINITY;
    this.#buffer ??= Buffer.allocUnsafe(this.#settings.readBytes);
    const buffer = this.#buffer;
    while (file.readPosition < limit) {
      if (this.#aborted) return;
      const length = Math.min(buffer.length, limit - file.readPosition);
      const { bytesRead } = await handle.read(buffer, 0, length, file.readPosition);
      if (bytesRead === 0) break;
      sink.file = file;
      sink.skipBefore = 0;
      file.splitter.push(buffer.subarray(0, bytesRead), sink);
      file.readPosition += bytesRead;
      if (checkpoint.offset !== file.splitter.committed) {
        checkpoint.offset = file.splitter.committed;
        this.#dirty = true;
      }
      if (sink.size >= this.#settings.batchLines) yield this.#take();
    }
  }

  async *#readGzip(file: TrackedFile): AsyncGenerator<FileTailBatch, void, undefined> {
    const checkpoint = file.checkpoint;
    if (!checkpoint) return;
    const handle = await this.#openOnce(file);
    if (!handle) return;
    const sink = this.#sink;
    const start = checkpoint.offset;
    const splitter = new LineSplitter(this.#settings.maxLineBytes, 0);
    file.header = [];
    file.inHeader = true;
    file.headerKnown = true;
    let total = 0;
    try {
      for await (const chunk of gunzipChunks(handle, this.#settings.readBytes)) {
        if (this.#aborted) return;
        sink.file = file;
        sink.skipBefore = start;
        splitter.push(chunk, sink);
        total += chunk.length;
        if (splitter.committed > checkpoint.offset) {
          checkpoint.offset = splitter.committed;
          this.#dirty = true;
        }
        if (sink.size >= this.#settings.batchLines) yield this.#take();
      }
      sink.file = file;
      sink.skipBefore = start;
      if (this.#settings.deliverPartial) splitter.flush(sink);
      if (splitter.committed > checkpoint.offset) checkpoint.offset = splitter.committed;
      checkpoint.complete = true;
      this.#dirty = true;
    } catch (error) {
      // Ended early: still being written, read again on the next pass.
      if (isTruncatedGzip(error)) return;
      const location = { path: file.path, fileId: file.id, offset: total };
      sink.fileProblem(file.path, file.id, total, new FileCorruptError(location, { cause: error }));
      checkpoint.complete = true;
      this.#dirty = true;
    } finally {
      sink.skipBefore = 0;
      await handle.close();
    }
  }

  /** The header of a file resumed mid-way, read again from its start. */
  async #loadHeader(file: TrackedFile, handle: FileHandle, offset: number): Promise<void> {
    const bytes = await readPlainPrefix(handle, Math.min(offset, HEADER_BYTES));
    const header: string[] = [];
    const prefix = this.#sink.headerPrefix;
    let inHeader = prefix !== undefined;
    new LineSplitter(this.#settings.maxLineBytes).push(bytes, {
      line(text) {
        if (!inHeader || prefix === undefined) return;
        if (text.startsWith(prefix)) header.push(text);
        else inHeader = false;
      },
      tooLong() {
        inHeader = false;
      },
    });
    file.header = header;
    file.inHeader = inHeader && offset <= HEADER_BYTES;
    file.headerKnown = true;
  }

  /** A file read to its end after it left the glob: its last line is delivered, then it retires. */
  async #finish(file: TrackedFile): Promise<void> {
    const checkpoint = file.checkpoint;
    if (checkpoint && this.#settings.deliverPartial && file.splitter.held > 0) {
      this.#sink.file = file;
      this.#sink.skipBefore = 0;
      file.splitter.flush(this.#sink);
      checkpoint.offset = file.splitter.committed;
    }
    await this.#retire(file);
  }

  async #retire(file: TrackedFile): Promise<void> {
    this.#files.delete(file.id);
    await file.close();
    if (!file.checkpoint) return;
    this.#retireCheckpoint(file.checkpoint);
    this.#dirty = true;
  }

  #retireCheckpoint(checkpoint: FileCheckpoint): void {
    const retired = retiredOf(checkpoint);
    if (!retired) return;
    this.#retired.push(retired);
    if (this.#retired.length > this.#settings.maxRetired)
      this.#retired.splice(0, this.#retired.length - this.#settings.maxRetired);
    this.#dirty = true;
  }

  /** The file's handle, opened (and its identity checked) if it was not. */
  async #open(file: TrackedFile): Promise<FileHandle | undefined> {
    if (file.handle) return file.handle;
    const handle = await this.#openOnce(file);
    file.handle = handle;
    return handle;
  }

  /** Opens the file at its path, checking it still is the same file; undefined when not. */
  async #openOnce(file: TrackedFile): Promise<FileHandle | undefined> {
    let handle: FileHandle;
    try {
      handle = await open(file.path, 'r');
    } catch (error) {
      if (!isMissing(error)) this.#unreadable(file.path, file.id, error);
      return undefined;
    }
    const stats = await handle.stat({ bigint: true });
    if (fileIdOf(stats) !== file.id) {
      // Replaced between the glob and the open: sorted out on the next pass.
      await handle.close();
      return undefined;
    }
    return handle;
  }

  /** Reports a file that cannot be read, once per tail. */
  #unreadable(path: string, fileId: string, error: unknown): void {
    const key = `${fileId}|${path}`;
    if (this.#reported.has(key)) return;
    this.#reported.add(key);
    const location = { path, fileId, offset: 0 };
    this.#sink.fileProblem(path, fileId, 0, new FileUnreadableError(location, { cause: error }));
  }
}
