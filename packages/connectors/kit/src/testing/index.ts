/**
 * `@openmdr/connector-kit/testing`: the connector conformance suite, the file-source conformance
 * suite (rotation, truncation and restart cases for sources built on `tailFiles`) and the
 * golden-file test of a normaliser (all run under vitest, an optional peer dependency), plus
 * everything of `@openmdr/connector-kit/simulator`.
 *
 * @packageDocumentation
 */
export * from '../simulator/index.js';
export { ACTION_ONLY_SKIP_REASON, describeConnectorConformance } from './conformance.js';
export {
  type ConformanceCase,
  type ConnectorConformanceCase,
  conformanceCases,
  connectorConformanceCases,
  type DataConformanceCase,
  dataConformanceCases,
  type StreamConformanceCase,
  skipConformanceCases,
  type TransportConformanceCase,
  tokenConformanceCases,
  transportConformanceCases,
} from './conformance-cases.js';
export type {
  ConformanceConnectOptions,
  ConformanceHarness,
  ConformanceRead,
} from './conformance-harness.js';
export type {
  BadConfig,
  ConformanceAction,
  ConformanceContext,
  ConformanceDataset,
  ConformanceOptions,
  ConformanceOverride,
  ConformanceOverrides,
  ConformanceScenario,
  ConformanceStream,
  StreamConformanceContext,
  StreamConformanceOverrides,
} from './conformance-options.js';
export {
  describeFileSourceConformance,
  type FileSourceConformanceOptions,
} from './file-source-conformance.js';
export { describeGolden } from './golden.js';
export { createRecordingSleep, type RecordingSleep } from './recording-sleep.js';
export {
  describeNormalizerTolerance,
  type NormalizerToleranceOptions,
} from './tolerance.js';
