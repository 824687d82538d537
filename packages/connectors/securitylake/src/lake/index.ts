/**
 * Amazon Security Lake custom-source objects: OCSF 1.1.0 Parquet written in Security Lake's
 * layout through an {@link ObjectSink}, and read back with DuckDB.
 *
 * @packageDocumentation
 */
export {
  assertPartition,
  eventDayOf,
  eventDayStart,
  parsePartitionKey,
  partitionPrefix,
  SECURITY_LAKE_CUSTOM_PREFIX,
  type SecurityLakePartition,
} from './layout.js';
export {
  listSecurityLakeFiles,
  type ReadSecurityLakeOptions,
  readSecurityLake,
  type SecurityLakeFile,
  type SecurityLakeTime,
} from './reader.js';
export { localDirectorySink, type ObjectSink } from './sink.js';
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
