/**
 * Checks of operation inputs that turn bad values into `DASHBOARD_INVALID` with the field path.
 *
 * @module
 */
import { DashboardError } from '../errors.js';

/** Offset and limit of a page, checked and clamped (limit default 50, at most `max`). */
export function pageOf(
  input: { offset?: number | undefined; limit?: number | undefined },
  max = 500,
  fallback = 50,
): { offset: number; limit: number } {
  const offset = input.offset ?? 0;
  const limit = input.limit ?? fallback;
  if (!Number.isInteger(offset) || offset < 0) invalid('offset', 'must be a whole number ≥ 0');
  if (!Number.isInteger(limit) || limit < 1) invalid('limit', 'must be a whole number ≥ 1');
  return { offset, limit: Math.min(limit, max) };
}

/** A whole number in [1, max] or the fallback when absent. */
export function countOf(
  path: string,
  value: number | undefined,
  fallback: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    invalid(path, `must be a whole number from 1 to ${max}`);
  }
  return value;
}

/** A non-blank string of at most `max` characters. */
export function textOf(path: string, value: unknown, max = 10_000): string {
  if (typeof value !== 'string' || value.trim() === '') invalid(path, 'must be a non-empty string');
  if (value.length > max) invalid(path, `must be at most ${max} characters`);
  return value;
}

/** Throws `DASHBOARD_INVALID` naming `path`. */
export function invalid(path: string, message: string): never {
  throw new DashboardError('DASHBOARD_INVALID', `${path}: ${message}`, { details: { path } });
}

/** A page of `rows`. */
export function paginate<T>(
  rows: readonly T[],
  page: { offset: number; limit: number },
): { items: T[]; total: number; offset: number; limit: number } {
  return {
    items: rows.slice(page.offset, page.offset + page.limit),
    total: rows.length,
    offset: page.offset,
    limit: page.limit,
  };
}
