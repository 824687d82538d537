/**
 * Amazon Security Lake objects: a custom source's OCSF 1.1.0 Parquet written in Security Lake's
 * layout through an {@link ObjectSink}; custom and AWS native sources listed and opened through
 * a {@link SecurityLakeStore}, and read back with DuckDB.
 *
 * @packageDocumentation
 */
export {
  assertPartition,
  assertSource,
  eventDayOf,
  eventDayStart,
  parsePartitionKey,
  partitionPrefix,
  SECURITY_LAKE_CUSTOM_PREFIX,
  SECURITY_LAKE_NATIVE_DEFAULT_VERSION,
  SECURITY_LAKE_NATIVE_PREFIX,
  SECURITY_LAKE_NATIVE_SOURCES,
  type SecurityLakePartition,
  type SecurityLakeSource,
  type SecurityLakeSourceKind,
  sourcePrefix,
} from './layout.js';
export {
  type SecurityLakeEventRejection,
  type SecurityLakeEventsSummary,
  securityLakePartitionOf,
  type WriteSecurityLakeEventsOptions,
  writeSecurityLakeEvents,
} from './partitioned-writer.js';
export { conversionOf, type DuckdbType, parseDuckdbType } from './projection.js';
export {
  listSecurityLakeFiles,
  type ReadSecurityLakeObjectOptions,
  type ReadSecurityLakeOptions,
  readSecurityLake,
  readSecurityLakeFiles,
  readSecurityLakeObject,
  type SecurityLakeFile,
  type SecurityLakeTime,
} from './reader.js';
export { localDirectorySink, type ObjectSink } from './sink.js';
export {
  localLakeStore,
  type OpenedSecurityLakeObject,
  type SecurityLakeListFilter,
  type SecurityLakeObjectInfo,
  type SecurityLakeStore,
} from './store.js';
export { type ReadSecurityLakeStoreOptions, readSecurityLakeStore } from './store-read.js';
export {
  type SecurityLakeCompression,
  type SecurityLakeDownConversion,
  type SecurityLakeObject,
  type SecurityLakeRejection,
  SecurityLakeWriter,
  type SecurityLakeWriterOptions,
  type SecurityLakeWriteSummary,
  writeSecurityLake,
} from './writer.js';
