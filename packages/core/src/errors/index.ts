export {
  CORE_ERROR_CODES,
  type CoreErrorCode,
  type PipelineErrorCode,
  type StorageErrorCode,
  type StoreMigrationErrorCode,
  type StreamErrorCode,
} from './error-codes.js';
export {
  OpenMdrError,
  type OpenMdrErrorClass,
  type OpenMdrErrorJSON,
  type OpenMdrErrorOptions,
} from './openmdr-error.js';
export {
  isSecretKey,
  REDACTED,
  redact,
  redactString,
  registerSecret,
  unregisterSecret,
} from './redact.js';
export {
  CompareAndSetConflict,
  PipelineError,
  SecretNotFoundError,
  StorageError,
  StreamError,
  TenantIsolationError,
} from './runtime-errors.js';
export { StoreMigrationError } from './store-migration-error.js';
