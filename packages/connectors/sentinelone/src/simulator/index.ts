/**
 * `@openmdr/connector-sentinelone/simulator`: a simulated SentinelOne Management API on 127.0.0.1
 * — `ApiToken` auth, threats and agents with cursor paging, and the network disconnect / connect
 * actions — for demos, examples and tests. Needs no vitest.
 *
 * @packageDocumentation
 */
export {
  SENTINELONE_API_TOKEN,
  SENTINELONE_PATHS,
  type SentinelOneSimulatorData,
  sentineloneRoutes,
  sentineloneSimulatorOptions,
} from './routes.js';
export { startSentinelOneSimulator } from './start.js';
