import type { Clock } from '@openmdr/core';

/** How failed HTTP calls are retried. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 4. */
  retries?: number;
  /** First backoff delay in milliseconds. Default 500. */
  minDelayMs?: number;
  /** Largest backoff delay in milliseconds. Default 30 000. */
  maxDelayMs?: number;
  /** Backoff growth factor. Default 2. */
  factor?: number;
  /**
   * Jitter: `'equal'` waits a random time between half and all of the backoff (default);
   * `'none'` waits exactly the backoff (tests).
   */
  jitter?: 'equal' | 'none';
  /**
   * The longest vendor-requested wait (`Retry-After`, reset headers) the client accepts, in
   * milliseconds. A longer request ends the retries with the error. Default 120 000.
   */
  maxRetryAfterMs?: number;
}

/** The retry options with defaults applied. */
export type ResolvedRetryOptions = Required<RetryOptions>;

/** Applies the defaults of {@link RetryOptions}. */
export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  return {
    retries: options.retries ?? 4,
    minDelayMs: options.minDelayMs ?? 500,
    maxDelayMs: options.maxDelayMs ?? 30_000,
    factor: options.factor ?? 2,
    jitter: options.jitter ?? 'equal',
    maxRetryAfterMs: options.maxRetryAfterMs ?? 120_000,
  };
}

/**
 * True for statuses worth retrying: 408, 425, 429 and 5xx except 501 (Not Implemented).
 * 400, 401, 403, 404 and every other 4xx are final (401 goes to the auth refresh instead).
 */
export function isRetryableStatus(status: number): boolean {
  if (status === 408 || status === 425 || status === 429) return true;
  return status >= 500 && status <= 599 && status !== 501;
}

/** The exponential backoff for a retry (1-based), with jitter. */
export function backoffDelay(
  retry: number,
  options: ResolvedRetryOptions,
  random: () => number = Math.random,
): number {
  const base = Math.min(options.maxDelayMs, options.minDelayMs * options.factor ** (retry - 1));
  if (options.jitter === 'none') return base;
  return Math.round(base / 2 + random() * (base / 2));
}

const RESET_HEADERS = [
  'retry-after',
  'x-ratelimit-reset',
  'x-rate-limit-reset',
  'ratelimit-reset',
  'x-ratelimit-retryafter',
] as const;

/**
 * Reads how long the vendor asks the client to wait, in milliseconds, from a response's headers:
 * `Retry-After` (delta seconds or HTTP-date), then `X-RateLimit-Reset`, `X-Rate-Limit-Reset`,
 * `RateLimit-Reset` and `X-Ratelimit-RetryAfter` (delta seconds, or epoch seconds when the value
 * is larger than 10⁹). Dates are compared with the server's `Date` header when present, so a
 * skewed local clock does not distort the wait. Returns `undefined` when no header applies.
 */
export function parseRetryAfter(
  headers: Record<string, string | undefined>,
  clock: Clock,
): number | undefined {
  const serverDate = headers['date'] === undefined ? Number.NaN : Date.parse(headers['date']);
  const now = Number.isNaN(serverDate) ? clock.now() : serverDate;
  for (const name of RESET_HEADERS) {
    const raw = headers[name]?.trim();
    if (!raw) continue;
    if (/^\d+(\.\d+)?$/.test(raw)) {
      const value = Number(raw);
      if (value > 1e9) return Math.max(0, Math.round(value * 1000 - now));
      return Math.max(0, Math.round(value * 1000));
    }
    const date = Date.parse(raw);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  return undefined;
}
