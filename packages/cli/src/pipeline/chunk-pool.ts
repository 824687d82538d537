/**
 * A pool of worker threads that each set up once (from `workerData`) and then turn tasks into
 * results; with one thread the same handler runs in-process. Results resolve per task, so a
 * caller keeps the input order by awaiting them in order (see `processInOrder`).
 *
 * @module
 */
import type { Worker } from 'node:worker_threads';
import { startSiblingWorker } from '@openmdr/core';
import { WorkerFailedError } from './worker-error.js';

/** Builds the task handler of a worker (or of the in-process fallback) from its setup data. */
export type ChunkHandlerFactory<T, R> = (setup: unknown) => Promise<(task: T) => R>;

/** A pool of chunk workers. */
export interface ChunkPool<T, R> {
  /** Worker threads (0 in-process). */
  readonly threads: number;
  /** Resolves once every worker has set up; rejects when one could not. */
  ready(): Promise<void>;
  run(task: T): Promise<R>;
  close(): Promise<void>;
}

/** Options of {@link createChunkPool}. */
export interface ChunkPoolOptions<T, R> {
  /** `import.meta.url` of a module beside the worker entry. */
  readonly base: string;
  /** The worker entry's file name without extension (a sibling of `base`). */
  readonly worker: string;
  readonly setup: unknown;
  readonly threads: number;
  /** The handler, for `threads: 1` (in-process). */
  readonly local: ChunkHandlerFactory<T, R>;
  /** Buffers a task may move to its worker instead of copying. */
  readonly transfer?: ((task: T) => ArrayBuffer[]) | undefined;
}

/** A worker failed: it crashed, could not set up, or threw on a task. */
function workerFailure(message: string, cause?: unknown): WorkerFailedError {
  return new WorkerFailedError(message, { cause });
}

interface Task<T> {
  readonly id: number;
  readonly task: T;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** Starts a {@link ChunkPool}. */
export function createChunkPool<T, R>(options: ChunkPoolOptions<T, R>): ChunkPool<T, R> {
  if (options.threads <= 1) {
    const handler = options.local(options.setup);
    handler.catch(() => undefined);
    return {
      threads: 0,
      ready: async () => {
        await handler;
      },
      run: async (task) => (await handler)(task),
      close: async () => undefined,
    };
  }
  const slots: { worker: Worker; busy: Task<T> | undefined }[] = [];
  const queue: Task<T>[] = [];
  let failure: Error | undefined;
  let closing = false;
  let nextId = 0;
  const fail = (error: Error): void => {
    failure ??= error;
    for (const slot of slots) {
      slot.busy?.reject(failure);
      slot.busy = undefined;
    }
    for (const task of queue.splice(0)) task.reject(failure);
    for (const slot of slots) void slot.worker.terminate();
  };
  const dispatch = (): void => {
    for (const slot of slots) {
      if (slot.busy !== undefined) continue;
      const task = queue.shift();
      if (task === undefined) return;
      slot.busy = task;
      slot.worker.postMessage(
        { id: task.id, task: task.task },
        options.transfer?.(task.task) ?? [],
      );
    }
  };
  const started: Promise<void>[] = [];
  for (let index = 0; index < options.threads; index++) {
    const worker = startSiblingWorker(options.base, options.worker, options.setup);
    const slot = { worker, busy: undefined as Task<T> | undefined };
    slots.push(slot);
    started.push(
      new Promise<void>((resolve, reject) => {
        worker.on('message', (message: Record<string, unknown>) => {
          if ('ready' in message) resolve();
          else if ('failed' in message) {
            const code = message['code'];
            const error =
              typeof code === 'string'
                ? new WorkerFailedError(String(message['failed']), { workerCode: code })
                : workerFailure(`a worker could not start: ${message['failed']}`);
            reject(error);
            fail(error);
          } else {
            const task = slot.busy;
            slot.busy = undefined;
            if ('error' in message)
              task?.reject(workerFailure(`a worker failed: ${message['error']}`));
            else task?.resolve(message['result']);
            dispatch();
          }
        });
        worker.on('error', (cause) => {
          const error = workerFailure(`a worker crashed: ${cause.message}`, cause);
          reject(error);
          fail(error);
        });
        worker.on('exit', (code) => {
          if (closing) return;
          const error = workerFailure(`a worker exited (code ${code})`);
          reject(error);
          fail(error);
        });
      }),
    );
  }
  const ready = Promise.all(started).then(() => undefined);
  ready.catch(() => undefined);
  return {
    threads: options.threads,
    ready: () => ready,
    run: (task) =>
      new Promise<R>((resolve, reject) => {
        if (failure !== undefined) return reject(failure);
        if (closing) return reject(workerFailure('the worker pool is closed'));
        queue.push({ id: nextId++, task, resolve: resolve as (value: unknown) => void, reject });
        dispatch();
      }),
    async close() {
      closing = true;
      for (const task of queue.splice(0)) task.reject(workerFailure('the worker pool is closed'));
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
    },
  };
}
