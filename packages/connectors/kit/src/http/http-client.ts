import { type Clock, type Logger, OpenMdrError, silentLogger, systemClock } from '@openmdr/core';
import pRetry from 'p-retry';
import { type Dispatcher, request as undiciRequest } from 'undici';
import type { Authenticator, OutgoingRequest } from '../auth/authenticator.js';
import {
  ConnectorAuthError,
  ConnectorHttpError,
  ConnectorResponseError,
} from '../errors/connector-errors.js';
import { defaultDispatcher } from './dispatcher.js';
import type { RateLimiter } from './rate-limiter.js';
import { redactRequest } from './redact-request.js';
import {
  backoffDelay,
  isRetryableStatus,
  parseRetryAfter,
  type ResolvedRetryOptions,
  type RetryOptions,
  resolveRetryOptions,
} from './retry-policy.js';
import { realSleep, type Sleep } from './sleep.js';

/** Query parameter values; `undefined` entries are left out, arrays repeat the key. */
export type QueryValue = string | number | boolean | undefined | readonly (string | number)[];

/** Timeouts of one HTTP call, in milliseconds. */
export interface HttpTimeouts {
  /** Until the response headers arrive. Default 30 000. */
  headersMs?: number;
  /** Between body chunks. Default 30 000. */
  bodyMs?: number;
}

/** Options of {@link createHttpClient}. */
export interface HttpClientOptions {
  /** Base URL that relative paths resolve against. */
  baseUrl?: string;
  /** The undici dispatcher (a `MockAgent`, a proxy agent, a pool). Default {@link defaultDispatcher}. */
  dispatcher?: Dispatcher;
  /** Adds credentials to each request. */
  auth?: Authenticator;
  /** Retry policy, or `false` to never retry. */
  retry?: RetryOptions | false;
  /** Vendor budget every request (retries included) is scheduled under. */
  rateLimiter?: RateLimiter;
  /** Timeouts. */
  timeouts?: HttpTimeouts;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** Clock, for `Retry-After` dates and server-clock tracking. */
  clock?: Clock;
  /** Sleep used between retries (inject to measure or skip waits). */
  sleep?: Sleep;
  /** Logger (receives only redacted requests). */
  logger?: Logger;
}

/** One HTTP call. */
export interface HttpRequestOptions {
  /** HTTP method. Default `GET`. */
  method?: string;
  /** A path relative to the base URL, or an absolute URL (a next link). */
  path: string;
  /** Query parameters added to the URL. */
  query?: Record<string, QueryValue>;
  /** Extra headers. */
  headers?: Record<string, string>;
  /** A JSON body. */
  json?: unknown;
  /** A form body (`application/x-www-form-urlencoded`). */
  form?: Record<string, string>;
  /** A raw body. */
  body?: string;
  /** Overrides the client's timeouts. */
  timeouts?: HttpTimeouts;
  /** Cancels the call, retries included. */
  signal?: AbortSignal;
  /** `false` disables retries for this call. */
  retry?: false;
  /**
   * How to read the body. Default `json` (an empty body reads as `undefined`). `stream` hands
   * back the body of a successful response unread, as `AsyncIterable<Uint8Array>` (a large
   * export read line by line): iterate it to the end, or stop early, to release the
   * connection; `timeouts.bodyMs` is then the longest wait between chunks. Error statuses are
   * read whole and thrown as usual, and the retries and the rate budget cover the request up to
   * its response headers.
   */
  responseType?: 'json' | 'text' | 'stream';
}

/** A successful (2xx/3xx) response. */
export interface HttpResponse<T = unknown> {
  /** HTTP status. */
  status: number;
  /** Response headers, lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** The parsed body. */
  data: T;
  /** The URL requested. */
  url: URL;
}

/** The kit's HTTP client. */
export interface HttpClient {
  /** Sends a request with auth, rate limiting, timeouts and retries. */
  request<T = unknown>(options: HttpRequestOptions): Promise<HttpResponse<T>>;
  /**
   * The vendor clock minus the local clock, in milliseconds, from the last `Date` header seen
   * (0 before the first response). Window math uses `clock.now() + serverClockOffsetMs`.
   */
  readonly serverClockOffsetMs: number;
  /** The vendor's current time by its own clock. */
  serverNow(): number;
  /** The base URL. */
  readonly baseUrl: string | undefined;
}

/** Builds an absolute URL from a base, a path or absolute URL, and query parameters. */
export function buildUrl(
  baseUrl: string | undefined,
  path: string,
  query?: Record<string, QueryValue>,
): URL {
  let url: URL;
  if (/^https?:\/\//i.test(path)) url = new URL(path);
  else {
    if (!baseUrl) throw new TypeError(`relative path ${path} needs a baseUrl`);
    const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
    url = new URL(path.replace(/^\//, ''), base);
  }
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) url.searchParams.append(key, String(item));
    else url.searchParams.set(key, String(value));
  }
  return url;
}

function flattenHeaders(
  raw: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Creates the HTTP client connectors use: undici `request` through an injectable dispatcher,
 * keep-alive and proxy support by default, per-call timeouts, credentials from an
 * {@link Authenticator} (a 401 refreshes them once and retries), every attempt scheduled under a
 * {@link RateLimiter}, and retries on p-retry with exponential backoff and jitter that honour
 * `Retry-After` and rate-limit reset headers. Only 408, 425, 429, 5xx except 501, timeouts and
 * network errors are retried. Failures are {@link ConnectorHttpError}s (or
 * {@link ConnectorAuthError} for 401/403) carrying a redacted request.
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? realSleep;
  const logger = options.logger ?? silentLogger;
  const retry: ResolvedRetryOptions | undefined =
    options.retry === false ? undefined : resolveRetryOptions(options.retry);
  let serverClockOffsetMs = 0;

  async function sendOnce(
    outgoing: OutgoingRequest,
    call: HttpRequestOptions,
  ): Promise<{
    status: number;
    headers: Record<string, string>;
    text: string;
    stream?: AsyncIterable<Uint8Array>;
  }> {
    const timeouts = { ...options.timeouts, ...call.timeouts };
    const dispatcher = options.dispatcher ?? defaultDispatcher();
    const send = async () => {
      try {
        const response = await undiciRequest(outgoing.url, {
          dispatcher,
          method: outgoing.method as Dispatcher.HttpMethod,
          headers: outgoing.headers,
          body: outgoing.body ?? null,
          headersTimeout: timeouts.headersMs ?? 30_000,
          bodyTimeout: timeouts.bodyMs ?? 30_000,
          signal: call.signal ?? null,
        });
        const responseHeaders = flattenHeaders(response.headers);
        if (call.responseType === 'stream' && response.statusCode < 400) {
          return {
            status: response.statusCode,
            headers: responseHeaders,
            text: '',
            stream: response.body,
          };
        }
        const text = await response.body.text();
        return { status: response.statusCode, headers: responseHeaders, text };
      } catch (error) {
        throw toTransportError(error, outgoing);
      }
    };
    return options.rateLimiter ? options.rateLimiter.schedule(send) : send();
  }

  async function attempt<T>(call: HttpRequestOptions): Promise<HttpResponse<T>> {
    const url = buildUrl(options.baseUrl, call.path, call.query);
    const headers: Record<string, string> = { accept: 'application/json' };
    for (const [name, value] of Object.entries({ ...options.headers, ...call.headers })) {
      headers[name.toLowerCase()] = value;
    }
    let body: string | undefined = call.body;
    if (call.json !== undefined) {
      body = JSON.stringify(call.json);
      headers['content-type'] ??= 'application/json';
    } else if (call.form !== undefined) {
      body = new URLSearchParams(call.form).toString();
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    }
    const method = (call.method ?? 'GET').toUpperCase();
    const prepare = async (): Promise<OutgoingRequest> => {
      const outgoing: OutgoingRequest = {
        method,
        url: new URL(url),
        headers: { ...headers },
        body,
      };
      if (options.auth) {
        await options.auth.authorize(outgoing, {
          serverTimeOffsetMs: serverClockOffsetMs,
          signal: call.signal,
        });
      }
      return outgoing;
    };
    const learnServerClock = (responseHeaders: Record<string, string>) => {
      const serverDate = responseHeaders['date'] ? Date.parse(responseHeaders['date']) : Number.NaN;
      // Date has one-second resolution: only a difference beyond it is a skew worth correcting
      if (
        !Number.isNaN(serverDate) &&
        Math.abs(serverDate - clock.now() - serverClockOffsetMs) > 1_500
      ) {
        serverClockOffsetMs = serverDate - clock.now();
      }
    };
    let outgoing = await prepare();
    let result = await sendOnce(outgoing, call);
    learnServerClock(result.headers);
    if (result.status === 401 && options.auth?.refresh) {
      logger.debug(
        { url: redactRequest(method, url, {}).url },
        'connector http: 401, refreshing credentials',
      );
      if (
        await options.auth.refresh({ serverTimeOffsetMs: serverClockOffsetMs, signal: call.signal })
      ) {
        outgoing = await prepare();
        result = await sendOnce(outgoing, call);
        learnServerClock(result.headers);
      }
    }
    if (result.status >= 400) throw statusError(result, outgoing);
    if (result.stream)
      return { status: result.status, headers: result.headers, data: result.stream as T, url };
    let data: unknown = result.text;
    if ((call.responseType ?? 'json') === 'json') {
      try {
        data = result.text.length === 0 ? undefined : JSON.parse(result.text);
      } catch (cause) {
        throw new ConnectorResponseError(
          `${method} ${redactRequest(method, url, {}).url}: response is not JSON`,
          { cause, details: { status: result.status } },
        );
      }
    }
    return { status: result.status, headers: result.headers, data: data as T, url };
  }

  function statusError(
    result: { status: number; headers: Record<string, string>; text: string },
    outgoing: OutgoingRequest,
  ): OpenMdrError {
    const request = redactRequest(outgoing.method, outgoing.url, outgoing.headers);
    const httpError = new ConnectorHttpError(
      `${request.method} ${request.url} failed with HTTP ${result.status}`,
      {
        failure: 'status',
        status: result.status,
        request,
        isRetryable: isRetryableStatus(result.status),
        responseBody: result.text,
        ...withRetryAfter(
          result.status === 429 || result.status === 503
            ? parseRetryAfter(result.headers, clock)
            : result.headers['retry-after'] !== undefined
              ? parseRetryAfter({ 'retry-after': result.headers['retry-after'] }, clock)
              : undefined,
        ),
      },
    );
    if (result.status === 401 || result.status === 403) {
      return new ConnectorAuthError(
        `${request.method} ${request.url}: the vendor refused the credentials (HTTP ${result.status})`,
        { status: result.status, cause: httpError, details: { url: request.url } },
      );
    }
    return httpError;
  }

  async function requestWithRetry<T>(call: HttpRequestOptions): Promise<HttpResponse<T>> {
    if (!retry || call.retry === false) return attempt<T>(call);
    let attempts = 0;
    try {
      return await pRetry(
        () => {
          attempts += 1;
          return attempt<T>(call);
        },
        {
          retries: retry.retries,
          minTimeout: 0,
          maxTimeout: 0,
          factor: 1,
          randomize: false,
          ...(call.signal ? { signal: call.signal } : {}),
          shouldRetry: async ({ error, retriesConsumed }) => {
            if (!ConnectorHttpError.isInstance(error) || !error.isRetryable) return false;
            const delay = error.retryAfterMs ?? backoffDelay(retriesConsumed + 1, retry);
            if (delay > retry.maxRetryAfterMs) return false;
            logger.debug(
              { url: error.request.url, status: error.status, delayMs: delay, attempt: attempts },
              'connector http: retrying',
            );
            await sleep(delay, call.signal);
            return true;
          },
        },
      );
    } catch (error) {
      if (ConnectorHttpError.isInstance(error)) error.attempts = attempts;
      throw error;
    }
  }

  return {
    request: requestWithRetry,
    get serverClockOffsetMs() {
      return serverClockOffsetMs;
    },
    serverNow: () => clock.now() + serverClockOffsetMs,
    baseUrl: options.baseUrl,
  };
}

function withRetryAfter(value: number | undefined): { retryAfterMs?: number } {
  return value === undefined ? {} : { retryAfterMs: value };
}

function toTransportError(error: unknown, outgoing: OutgoingRequest): OpenMdrError {
  if (OpenMdrError.isInstance(error)) return error;
  const request = redactRequest(outgoing.method, outgoing.url, outgoing.headers);
  const code = (error as { code?: unknown } | null)?.code;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'AbortError' || code === 'UND_ERR_ABORTED') {
    return new ConnectorHttpError(`${request.method} ${request.url} was aborted`, {
      failure: 'aborted',
      request,
      cause: error,
    });
  }
  if (typeof code === 'string' && TIMEOUT_CODES.has(code)) {
    return new ConnectorHttpError(`${request.method} ${request.url} timed out (${code})`, {
      failure: 'timeout',
      request,
      isRetryable: true,
      cause: error,
    });
  }
  return new ConnectorHttpError(
    `${request.method} ${request.url} failed: ${error instanceof Error ? error.message : String(error)}`,
    { failure: 'network', request, isRetryable: true, cause: error },
  );
}
