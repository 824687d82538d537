/**
 * A pool of worker threads matching events against Sigma rules, for hosts that embed the
 * engine: each worker loads and compiles the rules itself; results come back in input order.
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startSiblingWorker } from '@openmdr/core';
import { SigmaBundleError, type SigmaBundleErrorCode } from '../errors.js';
import {
  createSigmaBatchMatcher,
  type SigmaChunkResult,
  type SigmaMatchSummary,
  type SigmaPoolReport,
  type SigmaWorkerEngineOptions,
} from './batch.js';
import { SigmaWorkerError } from './worker-error.js';

/** Options of {@link createSigmaWorkerPool}. */
export interface SigmaWorkerPoolOptions {
  /** Rule paths (YAML files or directories), passed to `loadSigmaRules` in each worker. */
  readonly rules: readonly string[];
  /** Engine options that can cross threads. */
  readonly engine?: SigmaWorkerEngineOptions | undefined;
  /** The kind of event (`flat` by default, `winlog`, `ocsf`). */
  readonly input?: string | undefined;
  /**
   * Worker threads (default `os.availableParallelism()`). `1` matches in the calling thread,
   * without a worker, with identical results.
   */
  readonly threads?: number | undefined;
}

/** A pool of Sigma matchers; see {@link createSigmaWorkerPool}. */
export interface SigmaWorkerPool {
  /** Worker threads (0 when matching in-process). */
  readonly threads: number;
  /** Resolves once every worker has compiled the rules: which loaded, which did not. */
  ready(): Promise<SigmaPoolReport>;
  /**
   * Parses and matches a chunk of JSON lines (UTF-8 bytes or text, lines separated by `\n`,
   * `\r\n` accepted). A `Uint8Array` spanning its whole `ArrayBuffer` is transferred to the
   * worker (unusable afterwards); other views are copied.
   * Calls may overlap; each resolves with its own chunk's result.
   */
  matchLines(chunk: string | Uint8Array): Promise<SigmaChunkResult>;
  /** Matches parsed events; one list of matches per event, in order. */
  matchBatch(events: readonly unknown[]): Promise<SigmaMatchSummary[][]>;
  /** Stops the workers; pending calls reject. */
  close(): Promise<void>;
}

interface Task {
  readonly message: { id: number; lines?: string | Uint8Array; events?: readonly unknown[] };
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Slot {
  readonly worker: Worker;
  busy: Task | undefined;
}

/**
 * Creates a pool of Sigma matchers. Work goes to an idle worker (or waits for one); a failed
 * worker rejects its calls and every later one with a {@link SigmaWorkerError}.
 *
 * @example
 * ```ts
 * const pool = createSigmaWorkerPool({ rules: ['rules/windows'], input: 'winlog' });
 * const { errors } = await pool.ready();
 * const { results } = await pool.matchLines(readFileSync('events.jsonl'));
 * for (const result of results) if ('matches' in result) console.log(result.line, result.matches);
 * await pool.close();
 * ```
 */
export function createSigmaWorkerPool(options: SigmaWorkerPoolOptions): SigmaWorkerPool {
  const threads = Math.max(1, Math.floor(options.threads ?? availableParallelism()));
  const setup = { rules: [...options.rules], engine: options.engine, input: options.input };
  if (threads === 1) {
    const matcher = createSigmaBatchMatcher(setup);
    let closed = false;
    const open = async () => {
      if (closed) throw new SigmaWorkerError('the Sigma pool is closed');
      return matcher;
    };
    matcher.catch(() => undefined);
    return {
      threads: 0,
      ready: async () => (await open()).report,
      matchLines: async (chunk) => (await open()).matchLines(chunk),
      matchBatch: async (events) => (await open()).matchBatch(events),
      close: async () => {
        closed = true;
      },
    };
  }

  const slots: Slot[] = [];
  const queue: Task[] = [];
  let failure: SigmaWorkerError | SigmaBundleError | undefined;
  let closing = false;
  let nextId = 0;
  const reports: Promise<SigmaPoolReport>[] = [];

  const fail = (error: SigmaWorkerError | SigmaBundleError): void => {
    if (failure === undefined) failure = error;
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
      const lines = task.message.lines;
      // A view of a whole ArrayBuffer is moved, not copied (never a pooled Buffer's slice).
      const movable =
        typeof lines === 'object' &&
        lines.byteOffset === 0 &&
        lines.byteLength === lines.buffer.byteLength &&
        lines.buffer instanceof ArrayBuffer;
      slot.worker.postMessage(task.message, movable ? [lines.buffer as ArrayBuffer] : []);
    }
  };

  for (let index = 0; index < threads; index++) {
    const worker = startSiblingWorker(import.meta.url, 'sigma-worker', setup);
    const slot: Slot = { worker, busy: undefined };
    slots.push(slot);
    reports.push(
      new Promise<SigmaPoolReport>((resolve, reject) => {
        let started = false;
        worker.on('message', (message: Record<string, unknown>) => {
          if ('ready' in message) {
            started = true;
            resolve(message['ready'] as SigmaPoolReport);
            dispatch();
          } else if ('failed' in message) {
            const bundle = message['bundle'] as
              | { code: SigmaBundleErrorCode; file?: string; source?: string }
              | undefined;
            const error =
              bundle === undefined
                ? new SigmaWorkerError(`a Sigma worker could not start: ${message['failed']}`)
                : new SigmaBundleError(bundle.code, String(message['failed']), bundle);
            reject(error);
            fail(error);
          } else {
            const task = slot.busy;
            slot.busy = undefined;
            if ('error' in message) {
              task?.reject(new SigmaWorkerError(`a Sigma worker failed: ${message['error']}`));
            } else task?.resolve(message['result']);
            dispatch();
          }
        });
        worker.on('error', (cause) => {
          const error = new SigmaWorkerError(`a Sigma worker crashed: ${cause.message}`, { cause });
          if (!started) reject(error);
          fail(error);
        });
        worker.on('exit', (code) => {
          if (closing) return;
          const error = new SigmaWorkerError(`a Sigma worker exited (code ${code})`);
          if (!started) reject(error);
          fail(error);
        });
      }),
    );
  }
  const allReady = Promise.all(reports).then((list) => list[0] as SigmaPoolReport);
  allReady.catch(() => undefined);

  const submit = <T>(message: Omit<Task['message'], 'id'>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (failure !== undefined) return reject(failure);
      if (closing) return reject(new SigmaWorkerError('the Sigma pool is closed'));
      queue.push({
        message: { id: nextId++, ...message },
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      dispatch();
    });

  return {
    threads,
    ready: () => allReady,
    matchLines: (chunk) => submit<SigmaChunkResult>({ lines: chunk }),
    matchBatch: (events) => submit<SigmaMatchSummary[][]>({ events }),
    async close() {
      closing = true;
      for (const task of queue.splice(0))
        task.reject(new SigmaWorkerError('the Sigma pool is closed'));
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
    },
  };
}
