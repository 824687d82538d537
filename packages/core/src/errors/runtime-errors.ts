import type { PipelineErrorCode, StorageErrorCode, StreamErrorCode } from './error-codes.js';
import { OpenMdrError, type OpenMdrErrorOptions } from './openmdr-error.js';

/**
 * A storage adapter failed: the database or Redis could not be reached, a query failed, a value
 * could not be encoded. `isRetryable` is true for connection problems.
 *
 * Code: `STORAGE` unless a more precise one is given (`STORAGE_CLOSED`, `STORAGE_CONFIG`, …); see
 * {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#storage | the error reference}.
 */
export class StorageError extends OpenMdrError {
  /** Marks storage errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for('openmdr.error.core.StorageError');
  declare readonly code: StorageErrorCode;
  constructor(message: string, options: OpenMdrErrorOptions & { code?: StorageErrorCode } = {}) {
    super(options.code ?? 'STORAGE', message, options);
    this.name = 'StorageError';
  }
}

/**
 * A stream engine or a stream stage failed: the engine could not be reached, a producer waited
 * too long under back-pressure, an option is invalid, a stage could not process a batch.
 * `isRetryable` is true for connection problems and back-pressure.
 *
 * Code: `STREAM` unless a more precise one is given (`STREAM_BACKPRESSURE`, `STREAM_CONFIG`,
 * `STREAM_STAGE`); see
 * {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#stream | the error reference}.
 */
export class StreamError extends OpenMdrError {
  /** Marks stream errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for('openmdr.error.core.StreamError');
  declare readonly code: StreamErrorCode;
  constructor(message: string, options: OpenMdrErrorOptions & { code?: StreamErrorCode } = {}) {
    super(options.code ?? 'STREAM', message, options);
    this.name = 'StreamError';
  }
}

/**
 * A compare-and-set lost: the stored version was not the one expected. Read the key again,
 * recompute and retry. Always retryable.
 *
 * Code: `STORAGE_CAS_CONFLICT`; see
 * {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#storage_cas_conflict | the error reference}.
 */
export class CompareAndSetConflict extends OpenMdrError {
  /** Marks compare-and-set conflicts (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for('openmdr.error.core.CompareAndSetConflict');
  declare readonly code: 'STORAGE_CAS_CONFLICT';
  /** The key whose write lost. */
  readonly key: string;
  /** The version the caller expected (`null`: the key was expected to be absent). */
  readonly expectedVersion: number | null;

  constructor(key: string, expectedVersion: number | null, options: OpenMdrErrorOptions = {}) {
    super(
      'STORAGE_CAS_CONFLICT',
      `compare-and-set conflict on key ${JSON.stringify(key)}: expected ${
        expectedVersion === null ? 'no value' : `version ${expectedVersion}`
      }`,
      { ...options, isRetryable: true, details: { key, expectedVersion, ...options.details } },
    );
    this.name = 'CompareAndSetConflict';
    this.key = key;
    this.expectedVersion = expectedVersion;
  }
}

/**
 * Data of one tenant was about to reach another: an event whose tenant is not the pipeline's, a
 * store scoped to one tenant asked for another's key. Never retryable.
 *
 * Code: `TENANT_ISOLATION`; see
 * {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#tenant_isolation | the error reference}.
 */
export class TenantIsolationError extends OpenMdrError {
  /** Marks tenant isolation errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for('openmdr.error.core.TenantIsolationError');
  declare readonly code: 'TENANT_ISOLATION';
  constructor(message: string, options: OpenMdrErrorOptions = {}) {
    super('TENANT_ISOLATION', message, options);
    this.name = 'TenantIsolationError';
  }
}

/**
 * A pipeline could not go on: a sink kept failing, the source threw, the checkpoint could not be
 * committed. Events after the last committed checkpoint are read again on the next run.
 *
 * Code: `PIPELINE` unless a more precise one is given (`PIPELINE_SINK`, `PIPELINE_SOURCE`,
 * `PIPELINE_CHECKPOINT`, `PIPELINE_DEAD_LETTER`, `PIPELINE_CONFIG`, `PIPELINE_STOPPED`); see
 * {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#pipeline | the error reference}.
 */
export class PipelineError extends OpenMdrError {
  /** Marks pipeline errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for('openmdr.error.core.PipelineError');
  declare readonly code: PipelineErrorCode;
  constructor(message: string, options: OpenMdrErrorOptions & { code?: PipelineErrorCode } = {}) {
    super(options.code ?? 'PIPELINE', message, options);
    this.name = 'PipelineError';
  }
}

/**
 * A secret provider has no value for the tenant and name asked for. The message names the tenant
 * and the secret, never a value.
 *
 * Code: `SECRET_NOT_FOUND`; see
 * {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#secret_not_found | the error reference}.
 */
export class SecretNotFoundError extends OpenMdrError {
  /** Marks secret-not-found errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for('openmdr.error.core.SecretNotFoundError');
  declare readonly code: 'SECRET_NOT_FOUND';
  constructor(tenant: string, name: string, options: OpenMdrErrorOptions = {}) {
    super(
      'SECRET_NOT_FOUND',
      `no secret ${JSON.stringify(name)} for tenant ${JSON.stringify(tenant)}`,
      {
        ...options,
        details: { tenant, name, ...options.details },
      },
    );
    this.name = 'SecretNotFoundError';
  }
}
