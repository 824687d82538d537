import { UsageError } from '../command.js';

/** A time option (ISO 8601 or epoch milliseconds) as epoch ms. */
export function timeOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) {
    throw new UsageError(`--${name} must be an ISO 8601 time or epoch milliseconds: '${value}'`);
  }
  return ms;
}

/** A positive integer option. */
export function countOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const count = Number(value);
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new UsageError(`--${name} must be a positive integer: '${value}'`);
  }
  return count;
}

/** Checks an option against a pattern. */
export function patternOption(
  name: string,
  value: string | undefined,
  pattern: RegExp,
  what: string,
): string | undefined {
  if (value !== undefined && !pattern.test(value)) {
    throw new UsageError(`--${name} must be ${what}: '${value}'`);
  }
  return value;
}

/** An AWS Region name. */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;
/** A 12-digit AWS account id. */
export const ACCOUNT_PATTERN = /^\d{12}$/;
/** A Security Lake custom source name. */
export const SOURCE_PATTERN = /^[\w\-:.]{1,64}$/;
/** A source version folder (a custom source's `sourceVersion`, a native source's `2.0`). */
export const VERSION_PATTERN = /^(?!\.+$)[\w\-.]{1,32}$/;
/** An AWS native source name (`CLOUD_TRAIL_MGMT`). */
export const NATIVE_SOURCE_PATTERN = /^[A-Z0-9_]{1,64}$/;
