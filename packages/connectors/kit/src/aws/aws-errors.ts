import { type Clock, OpenMdrError, redactString } from '@openmdr/core';
import {
  ConnectorAuthError,
  ConnectorHttpError,
  type RedactedRequest,
} from '../errors/connector-errors.js';
import { isRetryableStatus, parseRetryAfter } from '../http/retry-policy.js';

/** AWS error codes that mean "slow down": retried with backoff. */
export const AWS_THROTTLING_CODES: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ProvisionedThroughputExceededException',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'EC2ThrottledException',
]);

/** AWS error codes of expired temporary credentials: refreshed once, then retried. */
export const AWS_EXPIRED_CREDENTIAL_CODES: ReadonlySet<string> = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
]);

/** AWS error codes of refused credentials: a {@link ConnectorAuthError}. */
export const AWS_AUTH_CODES: ReadonlySet<string> = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnrecognizedClientException',
  'UnrecognizedClient',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId',
  'AuthFailure',
  'UnauthorizedOperation',
  'MissingAuthenticationToken',
]);

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ECONNABORTED',
]);

/** What the kit reads off an AWS SDK v3 error. */
interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  Code?: unknown;
  message?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: number; requestId?: string };
  $response?: { statusCode?: number; headers?: Record<string, string | undefined> };
}

/** An AWS SDK error classified: its code, status and whether the kit retries it. */
export interface AwsErrorClass {
  /** The AWS error code (`ThrottlingException`), or the Node error code of a network error. */
  code: string;
  /** The HTTP status, when a response was received. */
  status: number | undefined;
  /** Throttling: retried with backoff. */
  throttling: boolean;
  /** Expired temporary credentials: refresh once, then retry. */
  expiredCredentials: boolean;
  /** Refused credentials or permissions. */
  auth: boolean;
  /** No response: connection refused or reset, DNS, timeout. */
  network: boolean;
  /** Worth retrying: throttling, 5xx, network errors. */
  retryable: boolean;
}

/** Classifies an error thrown by an AWS SDK v3 `client.send`. */
export function classifyAwsError(error: unknown): AwsErrorClass {
  const shape = (error ?? {}) as SdkErrorShape;
  const status = shape.$metadata?.httpStatusCode ?? shape.$response?.statusCode;
  // the modelled name first (`QueueDoesNotExist`), then the wire code (query-compatible JSON
  // services such as SQS put the legacy query code in `Code`), then a Node error code
  const candidates = [shape.name, shape.Code, shape.code]
    .filter((value): value is string => typeof value === 'string' && value.length > 0)
    // JSON-protocol codes may arrive qualified: `com.amazonaws.sqs#QueueDoesNotExist`
    .map((value) => value.replace(/^.*#/, '').split(':')[0] ?? value)
    .filter((value) => value !== 'Error' && !value.endsWith('ServiceException'));
  const code = candidates[0] ?? 'Error';
  const any = (codes: ReadonlySet<string>) => candidates.some((value) => codes.has(value));
  const nodeCode = typeof shape.code === 'string' ? shape.code : undefined;
  const network =
    status === undefined &&
    ((nodeCode !== undefined && NETWORK_CODES.has(nodeCode)) ||
      code === 'TimeoutError' ||
      code === 'RequestTimeout' ||
      code === 'NetworkingError');
  const throttling = any(AWS_THROTTLING_CODES) || status === 429;
  const expiredCredentials = any(AWS_EXPIRED_CREDENTIAL_CODES);
  const auth = any(AWS_AUTH_CODES) && !throttling && !expiredCredentials;
  const retryable =
    throttling ||
    network ||
    (status !== undefined && isRetryableStatus(status) && !auth && !expiredCredentials);
  return { code, status, throttling, expiredCredentials, auth, network, retryable };
}

/** The `Retry-After` an AWS error response carried, in milliseconds. */
export function awsRetryAfterMs(error: unknown, clock: Clock): number | undefined {
  const headers = (error as SdkErrorShape | undefined)?.$response?.headers;
  if (!headers) return undefined;
  const lower: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) lower[name.toLowerCase()] = value;
  return parseRetryAfter(lower, clock);
}

/**
 * The redacted request of an AWS call: `<Service> <Command>` and the service's host, never a
 * header, a body or a query (the SDK signs requests; none of it belongs in an error).
 */
export function awsRedactedRequest(service: string, command: string): RedactedRequest {
  return { method: `${service} ${command}`, url: `aws://${service.toLowerCase()}`, headers: {} };
}

/**
 * Maps an AWS SDK v3 error to the kit's typed errors: a {@link ConnectorAuthError} for refused
 * credentials (`AccessDenied`, `InvalidClientTokenId`, `SignatureDoesNotMatch`…), otherwise a
 * {@link ConnectorHttpError} with the status, `isRetryable`, the vendor's error code and the
 * request as `<Service> <Command>`. The SDK error is not kept as the cause (its response and
 * metadata are not ours to log); its message goes through the secret redaction.
 */
export function toConnectorError(
  error: unknown,
  request: RedactedRequest,
  clock: Clock,
  attempts = 1,
): OpenMdrError {
  if (OpenMdrError.isInstance(error)) return error;
  const found = classifyAwsError(error);
  const rawMessage = error instanceof Error ? error.message : String(error);
  const message = redactString(rawMessage).slice(0, 500);
  const requestId = (error as SdkErrorShape | undefined)?.$metadata?.requestId;
  const details = { awsErrorCode: found.code, ...(requestId ? { awsRequestId: requestId } : {}) };
  const aborted = found.code === 'AbortError';
  const retryAfterMs = found.throttling ? awsRetryAfterMs(error, clock) : undefined;
  const httpError = new ConnectorHttpError(
    `${request.method} failed${found.status === undefined ? '' : ` with HTTP ${found.status}`}: ${found.code}: ${message}`,
    {
      failure: aborted
        ? 'aborted'
        : found.status !== undefined
          ? 'status'
          : found.code === 'TimeoutError'
            ? 'timeout'
            : 'network',
      ...(found.status === undefined ? {} : { status: found.status }),
      request,
      isRetryable: found.retryable,
      attempts,
      details,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    },
  );
  if (found.auth) {
    return new ConnectorAuthError(
      `${request.method}: AWS refused the credentials or the permission (${found.code})`,
      {
        ...(found.status === undefined ? {} : { status: found.status }),
        cause: httpError,
        details,
      },
    );
  }
  return httpError;
}

/** SQS error codes saying a receipt handle no longer names an in-flight message. */
export const SQS_MESSAGE_GONE_CODES: ReadonlySet<string> = new Set([
  'ReceiptHandleIsInvalid',
  'InvalidParameterValue',
  'MessageNotInflight',
  'AWS.SimpleQueueService.MessageNotInflight',
]);

/** The AWS error code (`details.awsErrorCode`) a connector HTTP error carries, if any. */
export function awsErrorCode(error: unknown): string | undefined {
  if (!ConnectorHttpError.isInstance(error)) return undefined;
  const code = (error.details as { awsErrorCode?: unknown } | undefined)?.awsErrorCode;
  return typeof code === 'string' ? code : undefined;
}
