/**
 * `@openmdr/connector-darktrace/simulator`: a simulated Darktrace API on 127.0.0.1 — `DTAPI-*`
 * signature check, model breaches and AI Analyst incident events by time window, breach
 * acknowledgement and comments, devices and RESPOND/Network actions (manual quarantine and
 * connection blocks, activate / extend / clear / reactivate) — for demos, examples and tests.
 * Needs no vitest.
 *
 * @packageDocumentation
 */
export {
  type AntigenaRoutesOptions,
  antigenaRoutes,
  DARKTRACE_MANUAL_ACTIONS,
  DARKTRACE_SIMULATOR_USERNAME,
} from './antigena-routes.js';
export {
  DARKTRACE_DATE_TOLERANCE_MS,
  DARKTRACE_PATHS,
  DARKTRACE_PRIVATE_TOKEN,
  DARKTRACE_PUBLIC_TOKEN,
  type DarktraceSimulatorData,
  darktraceRoutes,
  darktraceSimulatorOptions,
  verifyDarktraceRequest,
} from './routes.js';
export { type DarktraceSimulatorConfig, startDarktraceSimulator } from './start.js';
