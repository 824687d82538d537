/**
 * `@openmdr/connector-securitylake`: Amazon Security Lake — OCSF events written as OCSF 1.1.0
 * Parquet in Security Lake's custom-source layout (`SecurityLakeWriter`, `writeSecurityLake`,
 * through an `ObjectSink`), and read back in event-time order with DuckDB
 * (`readSecurityLake`). The connector, its stream and action are still the kit's template.
 *
 * @packageDocumentation
 */

export {
  isolateHostAction,
  isolateHostInputSchema,
  isolateHostManifest,
  isolateHostOutputSchema,
} from './actions.js';
export {
  createSecuritylakeClient,
  type SecuritylakeClient,
  type SecuritylakePage,
} from './client.js';
export {
  SECURITYLAKE_REGIONS,
  type SecuritylakeConfig,
  type SecuritylakeRegion,
  securitylakeBaseUrl,
  securitylakeConfigSchema,
} from './config.js';
export { securitylakeConnector } from './connector.js';
export {
  assertPartition,
  eventDayOf,
  eventDayStart,
  listSecurityLakeFiles,
  localDirectorySink,
  type ObjectSink,
  parsePartitionKey,
  partitionPrefix,
  type ReadSecurityLakeOptions,
  readSecurityLake,
  SECURITY_LAKE_CUSTOM_PREFIX,
  type SecurityLakeCompression,
  type SecurityLakeDownConversion,
  type SecurityLakeFile,
  type SecurityLakeObject,
  type SecurityLakePartition,
  type SecurityLakeRejection,
  type SecurityLakeTime,
  SecurityLakeWriter,
  type SecurityLakeWriterOptions,
  type SecurityLakeWriteSummary,
  writeSecurityLake,
} from './lake/index.js';
export {
  normalizeSecuritylakeAlert,
  SECURITYLAKE_PRODUCT,
  securitylakeNormalizeSources,
} from './normalize.js';
export { alertsStream, SECURITYLAKE_ALERTS_PATH } from './streams.js';
