/**
 * `@openmdr/connector-misp/simulator`: a simulated MISP instance on 127.0.0.1 —
 * `POST /attributes/restSearch` with `timestamp`, `page`/`limit` and the usual filters, behind the
 * automation key — for demos, examples and tests. Needs no vitest.
 *
 * @packageDocumentation
 */
export {
  MISP_AUTH_KEY,
  MISP_SIM_PATHS,
  type MispSimulatorData,
  mispRoutes,
  mispSimulatorOptions,
  mispSimulatorTime,
} from './routes.js';
export { type MispSimulatorConfig, startMispSimulator } from './start.js';
