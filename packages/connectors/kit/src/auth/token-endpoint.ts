import { type Clock, registerSecret } from '@openmdr/core';
import { type Dispatcher, request as undiciRequest } from 'undici';
import { ConnectorAuthError } from '../errors/connector-errors.js';
import { defaultDispatcher } from '../http/dispatcher.js';
import { redactUrl } from '../http/redact-request.js';

/** An access token and when it stops being valid (epoch milliseconds). */
export interface AccessToken {
  /** The bearer token (registered as a secret, so it is redacted everywhere). */
  value: string;
  /** Expiry, epoch milliseconds by the local clock. */
  expiresAt: number;
}

/** Options shared by the token-based authenticators. */
export interface TokenAuthOptions {
  /** The token endpoint (`https://api.crowdstrike.com/oauth2/token`). */
  tokenUrl: string;
  /** Scope to request (space-separated). */
  scope?: string;
  /** Extra form parameters (`member_cid`, `audience`, `resource`). */
  extraParams?: Record<string, string>;
  /**
   * Renew the token this many milliseconds before it expires, to absorb clock skew and slow
   * requests. Default 60 000.
   */
  refreshMarginMs?: number;
  /** Lifetime assumed when the endpoint sends no `expires_in`, in seconds. Default 300. */
  defaultExpiresInSeconds?: number;
  /** Dispatcher for the token call. */
  dispatcher?: Dispatcher;
  /** Clock. */
  clock?: Clock;
  /** Timeout of the token call in milliseconds. Default 15 000. */
  timeoutMs?: number;
}

/** Posts a form to a token endpoint and returns the token; failures are {@link ConnectorAuthError}s. */
export async function requestToken(
  options: TokenAuthOptions & { clock: Clock },
  form: Record<string, string>,
  headers: Record<string, string>,
  signal?: AbortSignal,
  onServerDate?: (serverDateMs: number) => void,
): Promise<AccessToken> {
  const started = options.clock.now();
  let status: number;
  let text: string;
  try {
    const response = await undiciRequest(options.tokenUrl, {
      method: 'POST',
      dispatcher: options.dispatcher ?? defaultDispatcher(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        ...headers,
      },
      body: new URLSearchParams(form).toString(),
      headersTimeout: options.timeoutMs ?? 15_000,
      bodyTimeout: options.timeoutMs ?? 15_000,
      signal: signal ?? null,
    });
    status = response.statusCode;
    text = await response.body.text();
    const date = response.headers['date'];
    const serverDate = typeof date === 'string' ? Date.parse(date) : Number.NaN;
    if (onServerDate && !Number.isNaN(serverDate)) onServerDate(serverDate);
  } catch (cause) {
    throw new ConnectorAuthError(
      `the authorization server ${redactUrl(options.tokenUrl)} is unreachable`,
      {
        cause,
        isRetryable: true,
      },
    );
  }
  // Any 2xx carries a token: CrowdStrike's /oauth2/token answers 201 Created.
  if (status < 200 || status > 299) {
    throw new ConnectorAuthError(
      `the authorization server ${redactUrl(options.tokenUrl)} refused the client (HTTP ${status})`,
      { status, isRetryable: status === 429 || status >= 500 },
    );
  }
  let body: { access_token?: unknown; expires_in?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch (cause) {
    throw new ConnectorAuthError(
      `the authorization server ${redactUrl(options.tokenUrl)} sent no JSON`,
      {
        cause,
      },
    );
  }
  if (typeof body.access_token !== 'string' || body.access_token.length === 0) {
    throw new ConnectorAuthError(
      `the authorization server ${redactUrl(options.tokenUrl)} sent no access_token`,
    );
  }
  registerSecret(body.access_token);
  const expiresIn = Number(body.expires_in ?? options.defaultExpiresInSeconds ?? 300);
  return {
    value: body.access_token,
    expiresAt: started + (Number.isFinite(expiresIn) ? expiresIn : 300) * 1000,
  };
}

/**
 * Caches a token, renews it `refreshMarginMs` before expiry, and lets only one renewal run at a
 * time: concurrent callers wait for the same request.
 */
export class TokenCache {
  #token: AccessToken | undefined;
  #pending: Promise<AccessToken> | undefined;
  readonly #fetch: (signal?: AbortSignal) => Promise<AccessToken>;
  readonly #clock: Clock;
  readonly #marginMs: number;
  /** How many tokens were fetched (for tests and metrics). */
  fetchCount = 0;

  constructor(
    fetch: (signal?: AbortSignal) => Promise<AccessToken>,
    clock: Clock,
    marginMs: number,
  ) {
    this.#fetch = fetch;
    this.#clock = clock;
    this.#marginMs = marginMs;
  }

  /** A valid token, from the cache or freshly fetched. */
  async get(signal?: AbortSignal): Promise<string> {
    const token = this.#token;
    if (token && this.#clock.now() < token.expiresAt - this.#marginMs) return token.value;
    return (await this.#renew(signal)).value;
  }

  /** Drops the cached token and fetches a new one (joins a renewal already in flight). */
  async refresh(signal?: AbortSignal): Promise<void> {
    if (this.#pending) {
      await this.#pending;
      return;
    }
    this.#token = undefined;
    await this.#renew(signal);
  }

  #renew(signal?: AbortSignal): Promise<AccessToken> {
    this.#pending ??= (async () => {
      try {
        this.fetchCount += 1;
        const token = await this.#fetch(signal);
        this.#token = token;
        return token;
      } finally {
        this.#pending = undefined;
      }
    })();
    return this.#pending;
  }
}
