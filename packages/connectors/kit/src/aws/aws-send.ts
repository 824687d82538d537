import { OpenMdrError } from '@openmdr/core';
import type { GetOutputType } from '@smithy/types';
import type { ConnectorContext } from '../connector/connector-definition.js';
import { ConnectorHttpError } from '../errors/connector-errors.js';
import { backoffDelay, resolveRetryOptions } from '../http/retry-policy.js';
import { awsRedactedRequest, classifyAwsError, toConnectorError } from './aws-errors.js';

/** The parts of an AWS SDK v3 client {@link awsSend} uses (every generated client fits). */
export interface AwsSdkClient {
  /** Sends a command. */
  send(command: AwsSdkCommand, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
  /** The resolved client config. */
  readonly config: {
    /** The service id (`SQS`, `S3`, `STS`). */
    readonly serviceId?: string;
    /** The region provider. */
    readonly region?: unknown;
    /** The memoised credential provider (`forceRefresh` re-resolves it). */
    readonly credentials?: unknown;
  };
}

/** An AWS SDK v3 command (`new ReceiveMessageCommand({ … })`); its output type is inferred. */
export interface AwsSdkCommand {
  /** The command's input. */
  readonly input: object;
  /** The SDK's middleware resolution (marks an SDK command). */
  readonly resolveMiddleware: unknown;
}

/** The part of a connector context {@link awsSend} uses (a full context fits). */
export type AwsSendContext = Pick<ConnectorContext, 'tenant' | 'clock' | 'sleep' | 'logger'> &
  Partial<Pick<ConnectorContext, 'rateLimiter' | 'retry' | 'manifest'>>;

/** Options of {@link awsSend}. */
export interface AwsSendOptions {
  /** Cancels the call, retries included. */
  signal?: AbortSignal;
  /** `false` disables the retries of this call. */
  retry?: false;
}

async function regionOf(client: AwsSdkClient): Promise<string> {
  const region = client.config.region;
  const value = typeof region === 'function' ? await (region as () => unknown)() : region;
  return typeof value === 'string' ? value : 'unknown';
}

async function refreshCredentials(client: AwsSdkClient): Promise<void> {
  const credentials = client.config.credentials;
  if (typeof credentials === 'function') {
    await (credentials as (options: { forceRefresh: boolean }) => Promise<unknown>)({
      forceRefresh: true,
    });
  }
}

/**
 * Sends one AWS SDK v3 command with the kit's policies around it: every attempt is scheduled
 * under the tenant's rate budget for the service (`context.rateLimiter('<service>.<region>.amazonaws.com')`),
 * throttling (`ThrottlingException`, `SlowDown`, HTTP 429…), 5xx and network errors are retried
 * with the kit's backoff (honouring `Retry-After`), expired temporary credentials
 * (`ExpiredToken`, `RequestExpired`) are refreshed once and the call retried, and failures are
 * the kit's typed errors: `ConnectorAuthError` for refused credentials, otherwise
 * `ConnectorHttpError` whose request reads `<Service> <Command>` — never a header, body or
 * secret. Build the client with `awsClientOptions` (SDK retries off: `maxAttempts: 1`).
 *
 * @example
 * ```ts
 * const sqs = new SQSClient(awsClientOptions(config, context, 'sqs'));
 * const { Messages = [] } = await awsSend(sqs, new ReceiveMessageCommand({ QueueUrl }), context);
 * ```
 */
export async function awsSend<C extends AwsSdkCommand>(
  client: AwsSdkClient,
  command: C,
  context: AwsSendContext,
  options: AwsSendOptions = {},
): Promise<GetOutputType<C>> {
  const { clock, sleep } = context;
  const service = client.config.serviceId ?? 'AWS';
  const commandName = command.constructor.name.replace(/Command$/, '');
  const request = awsRedactedRequest(service, commandName);
  const region = await regionOf(client);
  const limiter = context.rateLimiter?.(
    `${service.toLowerCase().replace(/\s+/g, '-')}.${region}.amazonaws.com`,
  );
  const retry =
    context.retry === false || options.retry === false
      ? undefined
      : resolveRetryOptions(context.retry);
  const sendOnce = () => {
    const send = () =>
      client.send(command, options.signal ? { abortSignal: options.signal } : undefined) as Promise<
        GetOutputType<C>
      >;
    return limiter ? limiter.schedule(send) : send();
  };
  let attempts = 0;
  let refreshed = false;
  let retries = 0;
  for (;;) {
    attempts += 1;
    try {
      return await sendOnce();
    } catch (error) {
      // a kit error from inside the SDK (the AssumeRole of the credential provider) has had
      // its own retries already
      if (OpenMdrError.isInstance(error)) throw error;
      const found = classifyAwsError(error);
      if (found.expiredCredentials && !refreshed) {
        refreshed = true;
        context.logger.debug(
          { request: request.method },
          'aws: temporary credentials expired, refreshing',
        );
        try {
          await refreshCredentials(client);
        } catch (refreshError) {
          throw toConnectorError(refreshError, request, clock, attempts);
        }
        continue;
      }
      const mapped = toConnectorError(error, request, clock, attempts);
      if (!retry || !ConnectorHttpError.isInstance(mapped) || !mapped.isRetryable) throw mapped;
      if (retries >= retry.retries) throw mapped;
      retries += 1;
      const delay = mapped.retryAfterMs ?? backoffDelay(retries, retry);
      if (delay > retry.maxRetryAfterMs) throw mapped;
      context.logger.debug(
        { request: request.method, code: found.code, delayMs: delay, attempt: attempts },
        'aws: retrying',
      );
      await sleep(delay, options.signal);
    }
  }
}
