/**
 * `@openmdr/dashboard`: the SOC operations (typed, tenant- and role-checked reads and actions over
 * the store and the bus), a JSON API and live event stream mountable in any Node server, and the
 * single-page dashboard it serves.
 *
 * @packageDocumentation
 */

export * from './access/principal.js';
// http
export {
  createDashboardHandler,
  DASHBOARD_HTTP_STATUS,
  type DashboardErrorContext,
  type DashboardHandler,
  type DashboardHandlerOptions,
} from './http/handler.js';
export type { DashboardErrorBody, DashboardHttpErrorCode } from './http/responses.js';
export type { DashboardAsset, DashboardAssets } from './http/static-assets.js';
export type * from './operations/types.js';
