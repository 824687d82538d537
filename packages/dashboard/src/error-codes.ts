/**
 * The codes of `@openmdr/dashboard`'s errors. Each has a heading (its anchor is the code in lower
 * case) in the error reference, docs/reference/errors.md, saying what it means and what to do.
 */

/** Every code an error thrown by `@openmdr/dashboard` carries. */
export const DASHBOARD_ERROR_CODES = [
  'DASHBOARD_FORBIDDEN',
  'DASHBOARD_INVALID',
  'DASHBOARD_NOT_FOUND',
  'DASHBOARD_TENANT_REQUIRED',
  'DASHBOARD_UNAUTHENTICATED',
] as const;

/** A code of an error thrown by `@openmdr/dashboard`. */
export type DashboardErrorCode = (typeof DASHBOARD_ERROR_CODES)[number];
