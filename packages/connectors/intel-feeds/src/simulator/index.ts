/**
 * `@openmdr/connector-intel-feeds/simulator`: a simulated indicator feed server on 127.0.0.1 —
 * plain-list and CSV files with `ETag`, `Last-Modified` and 304 answers, behind an `Auth-Key`
 * header — for demos, examples and tests. Needs no vitest.
 *
 * @packageDocumentation
 */
export {
  INTEL_FEEDS_API_KEY,
  type IntelFeedsSimulatorData,
  intelFeedsRoutes,
  intelFeedsSimulatorOptions,
  renderFeed,
  type SimulatedFeed,
} from './routes.js';
export { type IntelFeedsSimulatorConfig, startIntelFeedsSimulator } from './start.js';
