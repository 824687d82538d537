/**
 * `@openmdr/connector-kit/simulator`: the vendor-API simulator framework — a real HTTP server on
 * 127.0.0.1 with scripted datasets, routes, auth and faults (429 with `Retry-After`, 5xx, slow
 * responses, token expiry, late events) — and the registry vendor-shaped routes read their live
 * datasets from. Nothing here needs vitest: vendor packages build their public simulators on it.
 *
 * @packageDocumentation
 */
export {
  type LogWriterTimerOptions,
  type LogWriterTimers,
  startLogWriterTimers,
} from './log-writer-timers.js';
export { verifyClientAssertion } from './simulator-auth.js';
export {
  liveRecords,
  pageToken,
  recordTime,
  registerSimulator,
  sortRecords,
} from './simulator-registry.js';
export type { SigV4Credentials } from './simulator-sigv4.js';
export type {
  RecordedRequest,
  SimulatorAuth,
  SimulatorDataset,
  SimulatorFault,
  SimulatorRecord,
  SimulatorRequest,
  SimulatorResponse,
  SimulatorRoute,
  VendorSimulatorOptions,
} from './simulator-types.js';
export {
  hourAgo,
  type StartedSimulator,
  type StartSimulatorOptions,
  startedSimulator,
} from './started-simulator.js';
export { createTestSecretProvider } from './test-secret-provider.js';
export { createVendorSimulator, type VendorSimulator } from './vendor-simulator.js';
