import { PipelineError } from '../errors/runtime-errors.js';

/** What {@link drainOnSignals} returns. */
export interface DrainSignal {
  /** Aborted on the first of the signals. Pass it to `runPipeline`. */
  readonly signal: AbortSignal;
  /** Removes the process listeners (also done after the first signal). */
  dispose(): void;
}

/**
 * Turns process signals into an AbortSignal for a graceful stop: on the first signal the
 * pipeline stops reading, finishes what is in flight, commits and closes. The listeners are then
 * removed, so a second signal gets Node's default behaviour (exit at once).
 *
 * @example
 * ```ts
 * const drain = drainOnSignals(['SIGTERM', 'SIGINT']);
 * await runPipeline({ ...options, signal: drain.signal });
 * drain.dispose();
 * ```
 */
export function drainOnSignals(
  signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'],
): DrainSignal {
  const controller = new AbortController();
  const handler = (signal: NodeJS.Signals): void => {
    dispose();
    controller.abort(
      new PipelineError(`stopping on ${signal}`, { code: 'PIPELINE_STOPPED', details: { signal } }),
    );
  };
  const dispose = (): void => {
    for (const signal of signals) process.off(signal, handler);
  };
  for (const signal of signals) process.on(signal, handler);
  return { signal: controller.signal, dispose };
}
