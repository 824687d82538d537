export {
  type ConfigIssue,
  ConnectorActionError,
  ConnectorAuthError,
  ConnectorConfigError,
  ConnectorDefinitionError,
  ConnectorHttpError,
  type ConnectorHttpErrorOptions,
  type ConnectorHttpFailure,
  ConnectorResponseError,
  ConnectorStateError,
  type RedactedRequest,
  type WebhookRejection,
  WebhookVerificationError,
} from './connector-errors.js';
export { CONNECTOR_ERROR_CODES, type ConnectorErrorCode } from './error-codes.js';
export { NormalizationError } from './normalization-error.js';
