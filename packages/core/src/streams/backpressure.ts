import { StreamError } from '../errors/runtime-errors.js';
import { checkPositiveInteger, sleep } from './stream-options.js';

/**
 * Back-pressure of an engine: `append` waits while the consumers of a tenant's stream lag behind
 * by more than `maxLag` entries, and gives up after `timeoutMs`.
 */
export interface StreamBackpressure {
  /**
   * The most entries a group may have not yet read, summed over a tenant's partitions, before
   * appends wait. A stream with no group yet is never held back.
   */
  readonly maxLag: number;
  /** How long an append waits before it throws `STREAM_BACKPRESSURE` (ms). */
  readonly timeoutMs: number;
  /** The group whose lag counts. Defaults to the most lagging group of the tenant's stream. */
  readonly group?: string;
  /** How often the lag is measured again while waiting (ms). Defaults to 50. */
  readonly pollMs?: number;
}

/** Checks a {@link StreamBackpressure}. @internal */
export function checkBackpressure(backpressure: StreamBackpressure | undefined): void {
  if (backpressure === undefined) return;
  checkPositiveInteger('backpressure.maxLag', backpressure.maxLag);
  checkPositiveInteger('backpressure.timeoutMs', backpressure.timeoutMs);
  checkPositiveInteger('backpressure.pollMs', backpressure.pollMs);
}

/**
 * Waits until `lagOf()` is at most `maxLag`.
 * @throws StreamError `STREAM_BACKPRESSURE` (retryable) after `timeoutMs`, or `STREAM` when
 * aborted.
 * @internal
 */
export async function waitForCapacity(
  backpressure: StreamBackpressure | undefined,
  tenant: string,
  lagOf: (group: string | undefined) => Promise<number>,
  signal: AbortSignal | undefined,
): Promise<void> {
  if (backpressure === undefined) return;
  const started = Date.now();
  const pollMs = backpressure.pollMs ?? 50;
  for (;;) {
    const lag = await lagOf(backpressure.group);
    if (lag <= backpressure.maxLag) return;
    if (signal?.aborted) {
      throw new StreamError('append aborted while waiting under back-pressure', {
        details: { tenant, lag },
        cause: signal.reason,
      });
    }
    const waited = Date.now() - started;
    if (waited >= backpressure.timeoutMs) {
      throw new StreamError(
        `consumers lag ${lag} entries behind (limit ${backpressure.maxLag}) after waiting ${waited} ms`,
        {
          code: 'STREAM_BACKPRESSURE',
          isRetryable: true,
          details: { tenant, lag, maxLag: backpressure.maxLag, timeoutMs: backpressure.timeoutMs },
        },
      );
    }
    await sleep(Math.min(pollMs, backpressure.timeoutMs - waited), signal);
  }
}
