/**
 * `@openmdr/dashboard`: the SOC operations (typed, tenant- and role-checked reads and actions over
 * the store and the bus), a JSON API and live event stream mountable in any Node server, and the
 * single-page dashboard it serves.
 *
 * - {@link createSocOperations}: the operations ({@link SocOperations}) over a store and a bus.
 * - {@link recordSocActivity}: records what the dashboard shows from the bus (findings,
 *   incidents, response actions, connector health, the tenant list).
 * - {@link createTokenAuthenticator}, {@link generateAccessToken}: bearer-token authentication.
 * - {@link resolveTenants}, {@link requireRole}, {@link requireTenant}: the checks every
 *   operation makes, for host code that adds its own.
 * - {@link DashboardError} and {@link httpStatusOf}: errors and their HTTP status.
 *
 * @packageDocumentation
 */

export {
  hasRole,
  mayAccessTenant,
  requireRole,
  requireTenant,
  resolveTenants,
} from './access/authorize.js';
export * from './access/principal.js';
export {
  type AccessToken,
  createTokenAuthenticator,
  generateAccessToken,
  type TokenAuthenticatorOptions,
} from './access/token-authenticator.js';
export {
  DASHBOARD_ERROR_CODES,
  type DashboardErrorCode,
  httpStatusOf,
} from './error-codes.js';
export { DashboardError } from './errors.js';
export {
  createSocOperations,
  mayDecide,
  type SocOperationsHandle,
} from './operations/create-soc-operations.js';
export { LIVE_EVENT_TYPES } from './operations/live-events.js';
export {
  createMemoryHuntRunner,
  type MemoryHuntRunnerOptions,
} from './operations/memory-hunt-runner.js';
export type { SocOperationsOptions } from './operations/soc-operations-options.js';
export type * from './operations/types.js';
export {
  type RecordSocActivityOptions,
  recordSocActivity,
  type SocActivityRecorder,
} from './recorder/record-soc-activity.js';
export {
  CONNECTORS_KEY,
  FINDINGS_STREAM,
  INCIDENTS_KEY,
  REGISTRY_TENANT,
  RUNS_KEY,
  TENANTS_KEY,
} from './recorder/storage-layout.js';
