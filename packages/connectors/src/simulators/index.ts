/**
 * `@openmdr/connectors/simulators`: vendor simulators — real HTTP servers on 127.0.0.1 that
 * behave like the vendors' APIs (auth, pagination, rate limits, faults, response actions) — for
 * demos, examples and tests. The generic {@link createVendorSimulator} and the vendor-shaped ones
 * (CrowdStrike Falcon, Microsoft Defender / Graph security, Microsoft Entra ID). Unlike
 * `@openmdr/connectors/testing`, nothing here needs vitest.
 *
 * @packageDocumentation
 */
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
} from '../testing/simulator-types.js';
export { createTestSecretProvider } from '../testing/test-secret-provider.js';
export { createVendorSimulator, type VendorSimulator } from '../testing/vendor-simulator.js';
export {
  DEFENDER_CLIENT_ID,
  DEFENDER_CLIENT_SECRET,
  DEFENDER_LISTS,
  DEFENDER_TENANT,
  type DefenderSimulatorData,
  type DefenderSimulatorOptions,
  defenderRoutes,
  defenderSimulatorOptions,
} from './defender.js';
export {
  ENTRA_LISTS,
  ENTRA_SIM_CLIENT_ID,
  ENTRA_SIM_CLIENT_SECRET,
  ENTRA_SIM_TENANT,
  type EntraSimulatorOptions,
  entraSimulatorOptions,
  entraUserRoutes,
  type SimulatedEntraUser,
} from './entra.js';
export {
  FALCON_CLIENT_ID,
  FALCON_CLIENT_SECRET,
  FALCON_PATHS,
  type FalconSimulatorData,
  type FalconSimulatorOptions,
  falconRoutes,
  falconSimulatorOptions,
} from './falcon.js';
export { liveRecords, registerSimulator } from './simulator-registry.js';
export {
  type StartedSimulator,
  type StartSimulatorOptions,
  startDefenderSimulator,
  startEntraSimulator,
  startFalconSimulator,
} from './start-vendor-simulators.js';
