/**
 * `@openmdr/connector-guardduty/simulator`: a simulated Amazon GuardDuty API on 127.0.0.1 — OAuth2 token endpoint,
 * alerts with next-token pagination, host isolation with status polling — for demos, examples
 * and tests. Needs no vitest.
 *
 * @packageDocumentation
 */
export {
  GUARDDUTY_CLIENT_ID,
  GUARDDUTY_CLIENT_SECRET,
  GUARDDUTY_PATHS,
  type GuarddutySimulatorData,
  guarddutyRoutes,
  guarddutySimulatorOptions,
} from './routes.js';
export { type GuarddutySimulatorConfig, startGuarddutySimulator } from './start.js';
