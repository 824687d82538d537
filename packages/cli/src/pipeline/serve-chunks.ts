/**
 * The worker side of a {@link ChunkPool}: sets up from `workerData`, says it is ready, then
 * answers each `{ id, task }` with `{ id, result }` or `{ id, error }`.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { OpenMdrError } from '@openmdr/core';
import type { ChunkHandlerFactory } from './chunk-pool.js';

/** Serves tasks with the handler `factory` builds; call once, from a worker entry. */
export async function serveChunks<T, R>(factory: ChunkHandlerFactory<T, R>): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('serveChunks runs in a worker thread');
  try {
    const handler = await factory(workerData);
    port.on('message', (message: { id: number; task: T }) => {
      try {
        port.postMessage({ id: message.id, result: handler(message.task) });
      } catch (error) {
        port.postMessage({ id: message.id, error: String((error as Error)?.stack ?? error) });
      }
    });
    port.postMessage({ ready: true });
  } catch (error) {
    // A project error (a stale rule bundle, say) is the caller's input: its message and code;
    // anything else is a fault of the worker, sent with its stack.
    if (OpenMdrError.isInstance(error)) {
      port.postMessage({ failed: error.message, code: error.code });
    } else port.postMessage({ failed: String((error as Error)?.stack ?? error) });
  }
}
