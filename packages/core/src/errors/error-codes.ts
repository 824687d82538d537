/**
 * The codes of `@openmdr/core`'s errors. Each has a heading (its anchor is the code in lower case)
 * in the error reference, docs/reference/errors.md, saying what it means and what to do.
 */

/** Every code an error thrown by `@openmdr/core` carries. */
export const CORE_ERROR_CODES = [
  'BUS_LISTENER',
  'OCSF_VALIDATION',
  'PIPELINE',
  'PIPELINE_CHECKPOINT',
  'PIPELINE_CONFIG',
  'PIPELINE_DEAD_LETTER',
  'PIPELINE_SINK',
  'PIPELINE_SOURCE',
  'PIPELINE_STOPPED',
  'SECRET_NAME_INVALID',
  'SECRET_NOT_FOUND',
  'STORAGE',
  'STORAGE_CAS_CONFLICT',
  'STORAGE_CLOSED',
  'STORAGE_CONFIG',
  'STORAGE_INVALID_ARGUMENT',
  'STORAGE_INVALID_VALUE',
  'STORAGE_LOCKED',
  'STORAGE_MIGRATION',
  'STORAGE_OPEN',
  'STORE_MIGRATION',
  'STORE_MIGRATION_ABORTED',
  'STORE_MIGRATION_CONFLICT',
  'STORE_MIGRATION_MISMATCH',
  'STREAM',
  'STREAM_BACKPRESSURE',
  'STREAM_CONFIG',
  'STREAM_STAGE',
  'TENANT_INVALID',
  'TENANT_ISOLATION',
] as const;

/** A code of an error thrown by `@openmdr/core`. */
export type CoreErrorCode = (typeof CORE_ERROR_CODES)[number];

/** The codes a `StreamError` may carry. */
export type StreamErrorCode = Extract<CoreErrorCode, 'STREAM' | `STREAM_${string}`>;

/** The codes a `StorageError` may carry. */
export type StorageErrorCode = Exclude<
  Extract<CoreErrorCode, 'STORAGE' | `STORAGE_${string}`>,
  'STORAGE_CAS_CONFLICT'
>;

/** The codes a `StoreMigrationError` may carry. */
export type StoreMigrationErrorCode = Extract<
  CoreErrorCode,
  'STORE_MIGRATION' | `STORE_MIGRATION_${string}`
>;

/** The codes a `PipelineError` may carry. */
export type PipelineErrorCode = Extract<CoreErrorCode, 'PIPELINE' | `PIPELINE_${string}`>;
