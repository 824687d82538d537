/**
 * `@openmdr/connectors/testing`: the vendor simulator (a real HTTP server on 127.0.0.1 with
 * scripted datasets, routes and faults) and the connector conformance suite.
 *
 * @packageDocumentation
 */
export {
  type BadConfig,
  type ConformanceAction,
  type ConformanceCase,
  type ConformanceOptions,
  type ConformanceScenario,
  describeConnectorConformance,
} from './conformance.js';
export { createRecordingSleep, type RecordingSleep } from './recording-sleep.js';
export { verifyClientAssertion } from './simulator-auth.js';
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
export { createTestSecretProvider } from './test-secret-provider.js';
export { createVendorSimulator, type VendorSimulator } from './vendor-simulator.js';
