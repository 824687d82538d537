/**
 * `@openmdr/connector-entra/simulator`: a simulated Microsoft Entra ID tenant (Microsoft Graph) on
 * 127.0.0.1 — token endpoint, sign-ins, directory audits, risky users and risk detections with
 * OData paging, and a user directory the account actions change — for demos, examples and tests.
 * Needs no vitest.
 *
 * @packageDocumentation
 */
export {
  ENTRA_LISTS,
  ENTRA_SIM_CLIENT_ID,
  ENTRA_SIM_CLIENT_SECRET,
  ENTRA_SIM_TENANT,
  type EntraSimulatorOptions,
  entraSimulatorOptions,
  entraUserRoutes,
  type SimulatedEntraUser,
} from './routes.js';
export { startEntraSimulator } from './start.js';
