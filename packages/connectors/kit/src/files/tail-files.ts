import { realSleep, type Sleep } from '../http/sleep.js';
import type { VersionedState } from '../state/stream-state.js';
import { createFileTail } from './file-tail.js';
import type { FileTailBatch } from './file-tail-batch.js';
import type { FileTailOptions } from './file-tail-options.js';

/** How {@link tailFiles} keeps following the files once it has read them to their end. */
export interface FollowOptions {
  /** Wait between passes, in ms. Default 1 000. */
  pollIntervalMs?: number | undefined;
  /** Injectable wait (tests step passes with it). Default a real timer. */
  sleep?: Sleep | undefined;
}

/** Options of {@link tailFiles}. */
export interface TailFilesOptions extends FileTailOptions {
  /** The state committed after the last batch accepted, or undefined on a first run. */
  state: VersionedState | undefined;
  /**
   * Keep following: poll every `pollIntervalMs` until `signal` aborts. Without it (the
   * default), read every file to its current end and stop: one pass, for batch jobs, a
   * stream's `read` and tests.
   */
  follow?: boolean | FollowOptions | undefined;
}

/**
 * Reads the lines of the files matching `glob` from a committed state, at least once: each batch
 * carries the state covering its lines and those before, so a restart from the last state
 * committed neither loses nor repeats a line. Survives rotation by rename and by copy-truncate,
 * truncation, deletion, inode reuse, gzip-rotated files and restarts (see
 * {@link createFileTail}); over-long lines are dead-lettered, never fatal.
 *
 * One-shot by default (the shape of a connector stream's `read`); with `follow` it polls until
 * `signal` aborts, yielding a batch only when lines arrive or the state changes.
 *
 * @example
 * ```ts
 * streams: {
 *   conn: {
 *     read: (session, state) => tailFiles({ glob: session.config.paths, state, signal: session.signal }),
 *     normalize: (line: FileLine) => normalizeConn(JSON.parse(line.text)),
 *   },
 * }
 * ```
 * @throws ConnectorStateError when `state` is not a file tail state.
 */
export async function* tailFiles(
  options: TailFilesOptions,
): AsyncGenerator<FileTailBatch, void, undefined> {
  const tail = createFileTail(options);
  const follow = options.follow === true ? {} : options.follow || undefined;
  const signal = options.signal;
  try {
    yield* tail.read(options.state);
    if (!follow) return;
    const sleep = follow.sleep ?? realSleep;
    const interval = follow.pollIntervalMs ?? 1_000;
    while (!signal?.aborted) {
      try {
        await sleep(interval, signal);
      } catch (error) {
        if (signal?.aborted) return;
        throw error;
      }
      if (signal?.aborted) return;
      yield* tail.poll();
    }
  } finally {
    await tail.close();
  }
}
