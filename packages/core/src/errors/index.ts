export { OpenMdrError, type OpenMdrErrorJSON, type OpenMdrErrorOptions } from './openmdr-error.js';
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
  TenantIsolationError,
} from './runtime-errors.js';
