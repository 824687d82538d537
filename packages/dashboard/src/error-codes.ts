/**
 * Every code an error thrown by `@openmdr/dashboard` carries. Each has a heading (its anchor is
 * the code in lower case) in the error reference, docs/reference/errors.md.
 */
export const DASHBOARD_ERROR_CODES = [
  /** The request carries no valid session or token (HTTP 401). */
  'DASHBOARD_UNAUTHENTICATED',
  /** The principal may not see the tenant or lacks the role the operation needs (HTTP 403). */
  'DASHBOARD_FORBIDDEN',
  /** The principal has several tenants and the call names none (HTTP 400). */
  'DASHBOARD_TENANT_REQUIRED',
  /** The case, finding or approval does not exist in the tenant (HTTP 404). */
  'DASHBOARD_NOT_FOUND',
  /** The input is malformed: a bad command, hunt, filter or decision (HTTP 400). */
  'DASHBOARD_INVALID',
] as const;

/** A code of an error thrown by `@openmdr/dashboard`. */
export type DashboardErrorCode = (typeof DASHBOARD_ERROR_CODES)[number];

const HTTP_STATUS: Readonly<Record<DashboardErrorCode, number>> = {
  DASHBOARD_UNAUTHENTICATED: 401,
  DASHBOARD_FORBIDDEN: 403,
  DASHBOARD_TENANT_REQUIRED: 400,
  DASHBOARD_NOT_FOUND: 404,
  DASHBOARD_INVALID: 400,
};

/** The HTTP status an error code maps to (401, 403, 400, 404). */
export function httpStatusOf(code: DashboardErrorCode): number {
  return HTTP_STATUS[code];
}
