import { OpenMdrError, type OpenMdrErrorOptions } from '@openmdr/core';
import type { DashboardErrorCode } from './error-codes.js';

/**
 * A SOC operation refused or failed: no session (`DASHBOARD_UNAUTHENTICATED`), a tenant or role
 * the principal lacks (`DASHBOARD_FORBIDDEN`), no tenant named when several are possible
 * (`DASHBOARD_TENANT_REQUIRED`), an unknown case, finding or approval (`DASHBOARD_NOT_FOUND`) or
 * malformed input (`DASHBOARD_INVALID`, with the field path in `details.path`). Map the code to
 * an HTTP status with `httpStatusOf`. Messages never carry a token or a raw payload.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#dashboard_unauthenticated | DASHBOARD_UNAUTHENTICATED} in the error reference
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#dashboard_forbidden | DASHBOARD_FORBIDDEN} in the error reference
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#dashboard_tenant_required | DASHBOARD_TENANT_REQUIRED} in the error reference
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#dashboard_not_found | DASHBOARD_NOT_FOUND} in the error reference
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#dashboard_invalid | DASHBOARD_INVALID} in the error reference
 */
export class DashboardError extends OpenMdrError {
  /** Marks dashboard errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for('openmdr.error.dashboard.DashboardError');
  declare readonly code: DashboardErrorCode;
  constructor(code: DashboardErrorCode, message: string, options: OpenMdrErrorOptions = {}) {
    super(code, message, options);
    this.name = 'DashboardError';
  }
}
