/**
 * `@openmdr/connector-securitylake`: Amazon Security Lake — OCSF events written as OCSF 1.1.0
 * Parquet in Security Lake's custom-source layout (`SecurityLakeWriter`, `writeSecurityLake`,
 * `writeSecurityLakeEvents`, through an `ObjectSink`: `s3Sink` or `localDirectorySink`), read
 * back in event-time order with DuckDB (`readSecurityLake` for a directory,
 * `readSecurityLakeStore` for an S3 or local lake store), and the connector: the `events`
 * stream reads a custom source's objects incrementally, `write-findings` writes OCSF events.
 *
 * @packageDocumentation
 */

export {
  writeFindingsAction,
  writeFindingsInputSchema,
  writeFindingsManifest,
  writeFindingsOutputSchema,
} from './actions.js';
export {
  closeSecuritylakeClient,
  createSecuritylakeClient,
  type SecuritylakeClient,
} from './client.js';
export {
  SECURITYLAKE_REGIONS,
  type SecuritylakeConfig,
  securitylakeConfigSchema,
} from './config.js';
export { securitylakeConnector } from './connector.js';
export * from './lake/index.js';
export {
  normalizeLakeEvent,
  SECURITYLAKE_UNMAPPED_KEY,
  securitylakeNormalizeSources,
} from './normalize.js';
export {
  S3_PUT_OBJECT_MAX_BYTES,
  type S3LakeOptions,
  type S3Send,
  s3LakeStore,
  s3Sink,
} from './s3/s3-store.js';
export {
  eventsStream,
  SECURITYLAKE_BATCH_EVENTS,
  SECURITYLAKE_EVENTS_STATE_VERSION,
  type SecurityLakeEvent,
  type SecuritylakeEventsState,
} from './streams.js';
