/**
 * `@openmdr/connector-guardduty/simulator`: a simulated Amazon GuardDuty REST-JSON API on
 * 127.0.0.1 — SigV4-checked requests, `ListDetectors`, `ListFindings` with finding criteria,
 * sort and next tokens, `GetFindings`, `ArchiveFindings`, `UpdateFindingsFeedback`, and
 * GuardDuty's errors (throttling with `Retry-After`, expired tokens, access denied) — for
 * demos, examples and tests. Needs no vitest.
 *
 * @packageDocumentation
 */
export {
  GUARDDUTY_ACCESS_KEY,
  GUARDDUTY_DETECTOR_ID,
  GUARDDUTY_PATHS,
  GUARDDUTY_REGION,
  type GuarddutySimError,
  type GuarddutySimulation,
  type GuarddutySimulatorData,
  type GuarddutySimulatorState,
  guarddutyError,
  guarddutyRoutes,
  guarddutySimulation,
  guarddutySimulatorOptions,
  guarddutyWireFinding,
} from './routes.js';
export {
  type GuarddutySimulatorConfig,
  guarddutySimulatorSecrets,
  startGuarddutySimulator,
} from './start.js';
