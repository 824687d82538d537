/**
 * `@openmdr/connector-cloudtrail/simulator`: a simulated AWS CloudTrail API on 127.0.0.1 — OAuth2 token endpoint,
 * alerts with next-token pagination, host isolation with status polling — for demos, examples
 * and tests. Needs no vitest.
 *
 * @packageDocumentation
 */
export {
  CLOUDTRAIL_CLIENT_ID,
  CLOUDTRAIL_CLIENT_SECRET,
  CLOUDTRAIL_PATHS,
  type CloudtrailSimulatorData,
  cloudtrailRoutes,
  cloudtrailSimulatorOptions,
} from './routes.js';
export { type CloudtrailSimulatorConfig, startCloudtrailSimulator } from './start.js';
