/**
 * `@openmdr/connector-crowdstrike/simulator`: a simulated CrowdStrike Falcon API on 127.0.0.1 —
 * OAuth2 token endpoint, alerts and hosts with Falcon's query-then-entities pagination, and the
 * device containment actions — for demos, examples and tests. Needs no vitest.
 *
 * @packageDocumentation
 */
export {
  FALCON_CLIENT_ID,
  FALCON_CLIENT_SECRET,
  FALCON_PATHS,
  type FalconSimulatorData,
  type FalconSimulatorOptions,
  falconRoutes,
  falconSimulatorOptions,
} from './routes.js';
export { startFalconSimulator } from './start.js';
