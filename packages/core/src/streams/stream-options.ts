import { StreamError } from '../errors/runtime-errors.js';

/**
 * Checks that an option is a positive integer (or absent when `optional`).
 * @throws StreamError `STREAM_CONFIG` naming the option.
 * @internal
 */
export function checkPositiveInteger(option: string, value: number | undefined): void {
  if (value === undefined) return;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new StreamError(`${option} must be a positive integer, got ${String(value)}`, {
      code: 'STREAM_CONFIG',
      details: { option, value },
    });
  }
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * Checks a stream, group or consumer name: 1–128 letters, digits, `.`, `_`, `-`, starting with a
 * letter or digit (they become parts of Redis keys and Kafka topics).
 * @throws StreamError `STREAM_CONFIG` naming the option.
 * @internal
 */
export function checkName(option: string, value: string): void {
  if (!NAME.test(value)) {
    throw new StreamError(`${option} must be 1-128 letters, digits, '.', '_' or '-'`, {
      code: 'STREAM_CONFIG',
      details: { option, value },
    });
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. @internal */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
