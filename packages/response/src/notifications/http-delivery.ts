import {
  ConnectorHttpError,
  createHttpClient,
  type HttpClient,
  type HttpClientOptions,
  type HttpTimeouts,
  RateLimiterRegistry,
  type RateLimitPolicy,
  type RetryOptions,
  type Sleep,
} from '@openmdr/connector-kit';
import { type Clock, type Logger, OpenMdrError } from '@openmdr/core';
import { NotificationDeliveryError } from './notification-errors.js';

/**
 * Transport options shared by the HTTP notifiers: they send through the connector kit's HTTP
 * client, so retries (408/429/5xx, honouring `Retry-After`), timeouts, proxies and rate limits
 * behave as they do for connectors.
 */
export interface HttpNotifierTransport {
  /** The tenant whose budget the calls count against (rate limits). Default `default`. */
  tenant?: string;
  /** Vendor budget; default per kind (Slack: 1 per second per webhook). `false`: none. */
  rateLimit?: RateLimitPolicy | false;
  /** Where budgets live (share one, Redis-backed, across processes). */
  rateLimiters?: RateLimiterRegistry;
  /** Retry policy, or `false`. */
  retry?: RetryOptions | false;
  /** Timeouts. */
  timeouts?: HttpTimeouts;
  /** undici dispatcher (proxy, pool). */
  dispatcher?: HttpClientOptions['dispatcher'];
  /** Sleep used between retries (inject a recording sleep in tests). */
  sleep?: Sleep;
  /** Clock. */
  clock?: Clock;
  /** Logger (redacting). */
  logger?: Logger;
}

const sharedLimiters = new RateLimiterRegistry();

/** A kit HTTP client for one notifier destination. */
export function notifierHttpClient(
  kind: string,
  url: URL,
  transport: HttpNotifierTransport,
  defaultBudget: RateLimitPolicy,
): HttpClient {
  const budget = transport.rateLimit === undefined ? defaultBudget : transport.rateLimit;
  const registry = transport.rateLimiters ?? sharedLimiters;
  return createHttpClient({
    ...(budget === false
      ? {}
      : {
          rateLimiter: registry.get(
            transport.tenant ?? 'default',
            `notify-${kind}`,
            `${url.host}${url.pathname}`,
            budget,
          ),
        }),
    ...(transport.retry === undefined ? {} : { retry: transport.retry }),
    ...(transport.timeouts ? { timeouts: transport.timeouts } : {}),
    ...(transport.dispatcher ? { dispatcher: transport.dispatcher } : {}),
    ...(transport.sleep ? { sleep: transport.sleep } : {}),
    ...(transport.clock ? { clock: transport.clock } : {}),
    ...(transport.logger ? { logger: transport.logger } : {}),
  });
}

/** Wraps a kit error into a {@link NotificationDeliveryError} (no secret: the kit redacts). */
export function deliveryError(notifier: string, error: unknown): NotificationDeliveryError {
  if (ConnectorHttpError.isInstance(error)) {
    return new NotificationDeliveryError(
      notifier,
      `HTTP ${error.status ?? error.failure} after ${error.attempts} attempt(s)${error.responseBody ? `: ${error.responseBody.slice(0, 300)}` : ''}`,
      { cause: error, ...(error.status === undefined ? {} : { status: error.status }) },
    );
  }
  if (OpenMdrError.isInstance(error)) {
    const status = (error as { status?: unknown }).status;
    return new NotificationDeliveryError(notifier, error.message, {
      cause: error,
      ...(typeof status === 'number' ? { status } : {}),
    });
  }
  return new NotificationDeliveryError(notifier, (error as Error).message ?? String(error), {
    cause: error,
  });
}
