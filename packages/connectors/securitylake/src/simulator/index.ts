/**
 * `@openmdr/connector-securitylake/simulator`: a simulated Amazon Security Lake API on 127.0.0.1 — OAuth2 token endpoint,
 * alerts with next-token pagination, host isolation with status polling — for demos, examples
 * and tests. Needs no vitest.
 *
 * @packageDocumentation
 */
export {
  SECURITYLAKE_CLIENT_ID,
  SECURITYLAKE_CLIENT_SECRET,
  SECURITYLAKE_PATHS,
  type SecuritylakeSimulatorData,
  securitylakeRoutes,
  securitylakeSimulatorOptions,
} from './routes.js';
export { type SecuritylakeSimulatorConfig, startSecuritylakeSimulator } from './start.js';
