/**
 * The entry of a Sigma worker thread (see `createSigmaWorkerPool`): builds its engine from
 * `workerData` (a `SigmaWorkerSetup`), posts its report, then answers `{ id, lines }` and
 * `{ id, events }` messages with `{ id, result }` (or `{ id, error }`).
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SigmaBundleError } from '../errors.js';
import { createSigmaBatchMatcher, type SigmaWorkerSetup } from './batch.js';

const port = parentPort;
if (port === null) throw new Error('sigma-worker runs as a worker thread');

type Request =
  | { readonly id: number; readonly lines: string | Uint8Array }
  | { readonly id: number; readonly events: readonly unknown[] };

try {
  const matcher = await createSigmaBatchMatcher(workerData as SigmaWorkerSetup);
  port.on('message', (request: Request) => {
    try {
      const result =
        'lines' in request ? matcher.matchLines(request.lines) : matcher.matchBatch(request.events);
      port.postMessage({ id: request.id, result });
    } catch (error) {
      port.postMessage({ id: request.id, error: String((error as Error)?.stack ?? error) });
    }
  });
  port.postMessage({ ready: matcher.report });
} catch (error) {
  // A bad or stale bundle is the caller's input: sent as such (the pool raises it again).
  // Anything else is a failure of the worker, sent with its stack.
  if (SigmaBundleError.isInstance(error)) {
    port.postMessage({
      failed: error.message,
      bundle: { code: error.code, file: error.file, source: error.source },
    });
  } else port.postMessage({ failed: String((error as Error)?.stack ?? error) });
}
