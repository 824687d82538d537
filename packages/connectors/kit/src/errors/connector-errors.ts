import { OpenMdrError, type OpenMdrErrorOptions, redact, redactString } from '@openmdr/core';
import type { ConnectorErrorCode } from './error-codes.js';

/** A request as it may appear in an error or a log: no credentials, no secret query values. */
export interface RedactedRequest {
  /** HTTP method. */
  method: string;
  /** Absolute URL with secret query parameters and user info replaced by `[REDACTED]`. */
  url: string;
  /** Request headers with `Authorization`, API-key and signature headers replaced. */
  headers: Record<string, string>;
}

/** Why an HTTP call failed. */
export type ConnectorHttpFailure = 'status' | 'timeout' | 'network' | 'aborted';

/** Options of {@link ConnectorHttpError}. */
export interface ConnectorHttpErrorOptions extends OpenMdrErrorOptions {
  /** The HTTP status, absent when no response was received. */
  status?: number;
  /** What went wrong. */
  failure: ConnectorHttpFailure;
  /** The request, already redacted (see {@link redactRequest}). */
  request: RedactedRequest;
  /** The delay the vendor asked for (`Retry-After`, rate-limit reset headers), in milliseconds. */
  retryAfterMs?: number;
  /** The start of the response body, redacted and truncated to 2 000 characters. */
  responseBody?: string;
  /** How many attempts were made before giving up. */
  attempts?: number;
}

/**
 * An HTTP call to a vendor failed: a non-success status, a timeout or a network error.
 *
 * `isRetryable` is true for 408, 425, 429, 5xx except 501, timeouts and network errors. The
 * request is redacted: no `Authorization` header, no secret in the URL or body.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#connector_http_status | CONNECTOR_HTTP_STATUS} in the error reference
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#connector_http_timeout | CONNECTOR_HTTP_TIMEOUT} in the error reference
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#connector_http_network | CONNECTOR_HTTP_NETWORK} in the error reference
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#connector_http_aborted | CONNECTOR_HTTP_ABORTED} in the error reference
 */
export class ConnectorHttpError extends OpenMdrError {
  /** Marks HTTP errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.connector-kit.ConnectorHttpError',
  );
  declare readonly code: Extract<ConnectorErrorCode, `CONNECTOR_HTTP_${string}`>;
  /** HTTP status, when a response was received. */
  readonly status: number | undefined;
  /** What went wrong. */
  readonly failure: ConnectorHttpFailure;
  /** The vendor-requested delay before retrying, in milliseconds. */
  readonly retryAfterMs: number | undefined;
  /** The redacted request. */
  readonly request: RedactedRequest;
  /** The redacted, truncated response body. */
  readonly responseBody: string | undefined;
  /** Attempts made (1 when it was not retried); set by the retry layer when it gives up. */
  attempts: number;

  constructor(message: string, options: ConnectorHttpErrorOptions) {
    const code =
      options.failure === 'timeout'
        ? 'CONNECTOR_HTTP_TIMEOUT'
        : options.failure === 'status'
          ? 'CONNECTOR_HTTP_STATUS'
          : options.failure === 'aborted'
            ? 'CONNECTOR_HTTP_ABORTED'
            : 'CONNECTOR_HTTP_NETWORK';
    super(code, message, {
      ...options,
      details: {
        ...options.details,
        method: options.request.method,
        url: options.request.url,
        ...(options.status === undefined ? {} : { status: options.status }),
      },
    });
    this.name = 'ConnectorHttpError';
    this.status = options.status;
    this.failure = options.failure;
    this.retryAfterMs = options.retryAfterMs;
    this.request = redact(options.request);
    this.responseBody =
      options.responseBody === undefined
        ? undefined
        : redactString(options.responseBody.slice(0, 2000));
    this.attempts = options.attempts ?? 1;
  }
}

/**
 * Authentication with the vendor failed (bad credentials, token endpoint error, 401/403).
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#connector_auth | CONNECTOR_AUTH} in the error reference
 */
export class ConnectorAuthError extends OpenMdrError {
  /** Marks authentication errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.connector-kit.ConnectorAuthError',
  );
  declare readonly code: 'CONNECTOR_AUTH';
  /** HTTP status of the failing call, when there was one. */
  readonly status: number | undefined;
  constructor(message: string, options: OpenMdrErrorOptions & { status?: number } = {}) {
    super('CONNECTOR_AUTH', message, options);
    this.name = 'ConnectorAuthError';
    this.status = options.status;
  }
}

/** One problem found in a connector configuration: where it is and what is wrong (never the value). */
export interface ConfigIssue {
  /** Dotted path of the config key (`auth.clientId`). */
  path: string;
  /** What is wrong. */
  message: string;
}

/**
 * A connector configuration is invalid. The issues name keys and problems, never values.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#connector_config | CONNECTOR_CONFIG} in the error reference
 */
export class ConnectorConfigError extends OpenMdrError {
  /** Marks configuration errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.connector-kit.ConnectorConfigError',
  );
  declare readonly code: 'CONNECTOR_CONFIG';
  /** The problems, one per key. */
  readonly issues: readonly ConfigIssue[];
  constructor(
    connectorId: string,
    issues: readonly ConfigIssue[],
    options: OpenMdrErrorOptions = {},
  ) {
    super(
      'CONNECTOR_CONFIG',
      `invalid configuration for connector ${connectorId}: ${issues
        .map((issue) => `${issue.path || '(root)'}: ${issue.message}`)
        .join('; ')}`,
      { ...options, details: { connector: connectorId, issues } },
    );
    this.name = 'ConnectorConfigError';
    this.issues = issues;
  }
}

/**
 * A connector definition (manifest, streams, actions) is malformed.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#connector_definition | CONNECTOR_DEFINITION} in the error reference
 */
export class ConnectorDefinitionError extends OpenMdrError {
  /** Marks definition errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.connector-kit.ConnectorDefinitionError',
  );
  declare readonly code: 'CONNECTOR_DEFINITION';
  constructor(message: string, options: OpenMdrErrorOptions = {}) {
    super('CONNECTOR_DEFINITION', message, options);
    this.name = 'ConnectorDefinitionError';
  }
}

/**
 * A stream state cannot be used: unknown version, missing migration, wrong shape.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#connector_state | CONNECTOR_STATE} in the error reference
 */
export class ConnectorStateError extends OpenMdrError {
  /** Marks state errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.connector-kit.ConnectorStateError',
  );
  declare readonly code: 'CONNECTOR_STATE';
  constructor(message: string, options: OpenMdrErrorOptions = {}) {
    super('CONNECTOR_STATE', message, options);
    this.name = 'ConnectorStateError';
  }
}

/**
 * A response action failed, was rejected by the vendor, or did not complete in time.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#connector_action | CONNECTOR_ACTION} in the error reference
 */
export class ConnectorActionError extends OpenMdrError {
  /** Marks action errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.connector-kit.ConnectorActionError',
  );
  declare readonly code: 'CONNECTOR_ACTION';
  constructor(message: string, options: OpenMdrErrorOptions = {}) {
    super('CONNECTOR_ACTION', message, options);
    this.name = 'ConnectorActionError';
  }
}

/**
 * A vendor response did not have the expected shape (records path missing, bad cursor).
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#connector_response | CONNECTOR_RESPONSE} in the error reference
 */
export class ConnectorResponseError extends OpenMdrError {
  /** Marks response-shape errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.connector-kit.ConnectorResponseError',
  );
  declare readonly code: 'CONNECTOR_RESPONSE';
  constructor(message: string, options: OpenMdrErrorOptions = {}) {
    super('CONNECTOR_RESPONSE', message, options);
    this.name = 'ConnectorResponseError';
  }
}

/** Why a pushed (webhook) request was rejected. */
export type WebhookRejection =
  | 'missing-signature'
  | 'bad-signature'
  | 'missing-timestamp'
  | 'bad-timestamp'
  | 'stale-timestamp'
  | 'body-too-large'
  | 'bad-body';

/**
 * A pushed request failed verification. Map it to HTTP 401 (or 413 / 400 for body problems).
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#webhook_verification | WEBHOOK_VERIFICATION} in the error reference
 */
export class WebhookVerificationError extends OpenMdrError {
  /** Marks webhook verification errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.connector-kit.WebhookVerificationError',
  );
  declare readonly code: 'WEBHOOK_VERIFICATION';
  /** The reason, stable for branching. */
  readonly reason: WebhookRejection;
  constructor(reason: WebhookRejection, message: string) {
    super('WEBHOOK_VERIFICATION', message, { details: { reason } });
    this.name = 'WebhookVerificationError';
    this.reason = reason;
  }
  /** The HTTP status a receiver should answer with. */
  get httpStatus(): number {
    if (this.reason === 'body-too-large') return 413;
    if (this.reason === 'bad-body') return 400;
    return 401;
  }
}
