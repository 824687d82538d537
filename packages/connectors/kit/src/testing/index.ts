/**
 * `@openmdr/connector-kit/testing`: the connector conformance suite and the golden-file test of a
 * normaliser (both run under vitest, an optional peer dependency), plus everything of
 * `@openmdr/connector-kit/simulator`.
 *
 * @packageDocumentation
 */
export * from '../simulator/index.js';
export {
  type BadConfig,
  type ConformanceAction,
  type ConformanceCase,
  type ConformanceOptions,
  type ConformanceScenario,
  describeConnectorConformance,
} from './conformance.js';
export { describeGolden } from './golden.js';
export { createRecordingSleep, type RecordingSleep } from './recording-sleep.js';
