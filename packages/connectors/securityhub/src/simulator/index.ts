/**
 * `@openmdr/connector-securityhub/simulator`: a simulated AWS Security Hub API on 127.0.0.1 — OAuth2 token endpoint,
 * alerts with next-token pagination, host isolation with status polling — for demos, examples
 * and tests. Needs no vitest.
 *
 * @packageDocumentation
 */
export {
  SECURITYHUB_CLIENT_ID,
  SECURITYHUB_CLIENT_SECRET,
  SECURITYHUB_PATHS,
  type SecurityhubSimulatorData,
  securityhubRoutes,
  securityhubSimulatorOptions,
} from './routes.js';
export { type SecurityhubSimulatorConfig, startSecurityhubSimulator } from './start.js';
