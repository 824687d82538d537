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
  /**
   * How often the lag is measured (ms): while waiting, and between appends (an append within
   * `pollMs` of a measurement under the limit goes through without measuring again, so the lag
   * may overshoot `maxLag` by what is appended in that time). Defaults to 50.
   */
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
 * Waits until `lagOf()` is at most `maxLag`. With `lastUnderLimit` (tenant → when its lag was last
 * measured under the limit), skips measuring within `pollMs` of the last measurement.
 * @throws StreamError `STREAM_BACKPRESSURE` (retryable) after `timeoutMs`, or `STREAM` when
 * aborted.
 * @internal
 */
export async function waitForCapacity(
  backpressure: StreamBackpressure | undefined,
  tenant: string,
  lagOf: (group: string | undefined) => Promise<number>,
  signal: AbortSignal | undefined,
  lastUnderLimit?: Map<string, number>,
): Promise<void> {
  if (backpressure === undefined) return;
  const started = Date.now();
  const pollMs = backpressure.pollMs ?? 50;
  const measured = lastUnderLimit?.get(tenant);
  if (measured !== undefined && started - measured < pollMs) return;
  for (;;) {
    const lag = await lagOf(backpressure.group);
    if (lag <= backpressure.maxLag) {
      lastUnderLimit?.set(tenant, Date.now());
      return;
    }
    lastUnderLimit?.delete(tenant);
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
          details: { tenant, lag, limit: backpressure.maxLag, timeoutMs: backpressure.timeoutMs },
        },
      );
    }
    await sleep(Math.min(pollMs, backpressure.timeoutMs - waited), signal);
  }
}
