import { OpenMdrError, type OpenMdrErrorOptions } from '@openmdr/core';
import type { DashboardErrorCode } from './error-codes.js';

/**
 * A refused or invalid dashboard call: unauthenticated (401), forbidden (403), a tenant to choose
 * (400), not found (404) or invalid input (400). The JSON API answers with the status of its code
 * and `{error: {code, message}}`.
 */
export class DashboardError extends OpenMdrError {
  static override readonly marker: symbol = Symbol.for('openmdr.error.dashboard.DashboardError');
  declare readonly code: DashboardErrorCode;

  constructor(code: DashboardErrorCode, message: string, options?: OpenMdrErrorOptions) {
    super(code, message, options);
    this.name = 'DashboardError';
  }
}
