import { registerSecret, systemClock } from '@openmdr/core';
import type { Authenticator } from './authenticator.js';
import { requestToken, type TokenAuthOptions, TokenCache } from './token-endpoint.js';

/** Options of {@link oauth2ClientCredentials}. */
export interface OAuth2ClientCredentialsOptions extends TokenAuthOptions {
  /** OAuth client id. */
  clientId: string;
  /** OAuth client secret (from a secret provider; registered for redaction). */
  clientSecret: string;
  /** Send the client credentials as HTTP Basic (`basic`) or in the form body (`body`, default). */
  clientAuthentication?: 'basic' | 'body';
}

/** An authenticator whose token cache is visible (for tests and metrics). */
export interface TokenAuthenticator extends Authenticator {
  /** The token cache. */
  readonly tokens: TokenCache;
}

/**
 * OAuth 2.0 client credentials (CrowdStrike, Microsoft Entra, Okta service apps): the token is
 * cached, renewed `refreshMarginMs` before expiry, renewed by one request at a time, and renewed
 * once when the vendor answers 401.
 */
export function oauth2ClientCredentials(
  options: OAuth2ClientCredentialsOptions,
): TokenAuthenticator {
  registerSecret(options.clientSecret);
  const clock = options.clock ?? systemClock;
  const tokens = new TokenCache(
    (signal) => {
      const form: Record<string, string> = {
        grant_type: 'client_credentials',
        ...(options.scope ? { scope: options.scope } : {}),
        ...options.extraParams,
      };
      const headers: Record<string, string> = {};
      if (options.clientAuthentication === 'basic') {
        headers['authorization'] =
          `Basic ${Buffer.from(`${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`).toString('base64')}`;
      } else {
        form['client_id'] = options.clientId;
        form['client_secret'] = options.clientSecret;
      }
      return requestToken({ ...options, clock }, form, headers, signal);
    },
    clock,
    options.refreshMarginMs ?? 60_000,
  );
  return {
    scheme: 'oauth2-client-credentials',
    tokens,
    authorize: async (request, context) => {
      request.headers['authorization'] = `Bearer ${await tokens.get(context.signal)}`;
    },
    refresh: async (context) => {
      await tokens.refresh(context.signal);
      return true;
    },
  };
}
