/**
 * `@openmdr/connector-defender/simulator`: a simulated Microsoft Defender for Endpoint API and
 * Microsoft Graph security API on 127.0.0.1 — token endpoint, alerts, machines, XDR alerts and
 * incidents with OData paging, and machine actions — for demos, examples and tests. Needs no
 * vitest.
 *
 * @packageDocumentation
 */
export {
  DEFENDER_CLIENT_ID,
  DEFENDER_CLIENT_SECRET,
  DEFENDER_LISTS,
  DEFENDER_TENANT,
  type DefenderSimulatorData,
  type DefenderSimulatorOptions,
  defenderRoutes,
  defenderSimulatorOptions,
} from './routes.js';
export { startDefenderSimulator } from './start.js';
