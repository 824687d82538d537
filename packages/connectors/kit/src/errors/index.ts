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
export { NormalizationError } from './normalization-error.js';
