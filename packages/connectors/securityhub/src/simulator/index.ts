/**
 * `@openmdr/connector-securityhub/simulator`: a simulated AWS Security Hub REST-JSON API on
 * 127.0.0.1 — SigV4-checked requests, `GetFindings` with filters, sort and next tokens,
 * `BatchUpdateFindings`, and Security Hub's errors (throttling with `Retry-After`, expired
 * tokens, access denied, not subscribed) — for demos, examples and tests. Needs no vitest.
 *
 * @packageDocumentation
 */
export {
  SECURITYHUB_ACCESS_KEY,
  SECURITYHUB_PATHS,
  SECURITYHUB_REGION,
  type SecurityhubSimError,
  type SecurityhubSimulation,
  type SecurityhubSimulatorData,
  type SecurityhubSimulatorState,
  securityhubError,
  securityhubRoutes,
  securityhubSimulation,
  securityhubSimulatorOptions,
} from './routes.js';
export {
  type SecurityhubSimulatorConfig,
  securityhubSimulatorSecrets,
  startSecurityhubSimulator,
} from './start.js';
