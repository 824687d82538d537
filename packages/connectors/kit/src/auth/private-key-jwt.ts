import { createPrivateKey, randomUUID, sign } from 'node:crypto';
import { type Clock, registerSecret, systemClock } from '@openmdr/core';
import { ConnectorAuthError } from '../errors/connector-errors.js';
import type { TokenAuthenticator } from './oauth2-client-credentials.js';
import { requestToken, type TokenAuthOptions, TokenCache } from './token-endpoint.js';

/** Signing algorithms for client assertions. */
export type ClientAssertionAlgorithm = 'RS256' | 'ES256';

/** Options of {@link signClientAssertion}. */
export interface ClientAssertionOptions {
  /** The client id: issuer and subject of the assertion. */
  clientId: string;
  /** Audience: the token endpoint URL (or what the vendor asks for). */
  audience: string;
  /** PEM private key (PKCS#8 or PKCS#1/SEC1). */
  privateKey: string;
  /** RS256 (RSA) or ES256 (P-256). */
  algorithm: ClientAssertionAlgorithm;
  /** Key id (`kid`) the vendor knows the public key by. */
  keyId?: string;
  /** Assertion lifetime in seconds. Default 300. */
  lifetimeSeconds?: number;
  /**
   * How far to backdate `iat`/`nbf`, in seconds, so a vendor whose clock runs behind does not
   * reject the assertion as "issued in the future". Default 30.
   */
  backdateSeconds?: number;
  /** Clock. */
  clock?: Clock;
}

function base64Url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

/**
 * Signs an RFC 7523 client assertion (a JWT) with node:crypto: RS256 (PKCS#1 v1.5 SHA-256) or
 * ES256 (P-256, IEEE P1363 signature encoding as JWS requires).
 */
export function signClientAssertion(options: ClientAssertionOptions): string {
  const clock = options.clock ?? systemClock;
  const nowSeconds = Math.floor(clock.now() / 1000);
  const issuedAt = nowSeconds - (options.backdateSeconds ?? 30);
  const header = {
    alg: options.algorithm,
    typ: 'JWT',
    ...(options.keyId ? { kid: options.keyId } : {}),
  };
  const payload = {
    iss: options.clientId,
    sub: options.clientId,
    aud: options.audience,
    jti: randomUUID(),
    iat: issuedAt,
    nbf: issuedAt,
    exp: nowSeconds + (options.lifetimeSeconds ?? 300),
  };
  const signingInput = `${base64Url(JSON.stringify(header))}.${base64Url(JSON.stringify(payload))}`;
  const key = createPrivateKey(options.privateKey);
  const signature =
    options.algorithm === 'RS256'
      ? sign('sha256', Buffer.from(signingInput), key)
      : sign('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${base64Url(signature)}`;
}

/** Options of {@link privateKeyJwt}. */
export interface PrivateKeyJwtOptions extends TokenAuthOptions {
  /** OAuth client id. */
  clientId: string;
  /** PEM private key (from a secret provider; registered for redaction). */
  privateKey: string;
  /** RS256 or ES256. */
  algorithm: ClientAssertionAlgorithm;
  /** Key id. */
  keyId?: string;
  /** Audience of the assertion. Default: the token URL. */
  audience?: string;
}

/**
 * OAuth 2.0 client credentials authenticated with `private_key_jwt` (Okta service apps, Entra
 * certificate credentials): each token request carries a freshly signed client assertion. Token
 * caching, early renewal, single-flight renewal and 401 handling as in `oauth2ClientCredentials`.
 */
export function privateKeyJwt(options: PrivateKeyJwtOptions): TokenAuthenticator {
  registerSecret(options.privateKey);
  const clock = options.clock ?? systemClock;
  // The authorization server's clock minus ours, learnt from its Date headers: assertions are
  // dated by the server's clock, so a skewed local clock does not get them rejected.
  let skewMs = 0;
  const fetchWithSkew = (signal?: AbortSignal) =>
    requestToken(
      { ...options, clock },
      {
        grant_type: 'client_credentials',
        client_id: options.clientId,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: signClientAssertion({
          clientId: options.clientId,
          audience: options.audience ?? options.tokenUrl,
          privateKey: options.privateKey,
          algorithm: options.algorithm,
          clock: { now: () => clock.now() + skewMs },
          ...(options.keyId ? { keyId: options.keyId } : {}),
        }),
        ...(options.scope ? { scope: options.scope } : {}),
        ...options.extraParams,
      },
      {},
      signal,
      (serverDate) => {
        skewMs = serverDate - clock.now();
      },
    );
  const tokens = new TokenCache(
    async (signal) => {
      const usedSkew = skewMs;
      try {
        return await fetchWithSkew(signal);
      } catch (error) {
        // rejected while our clock was off by more than 30 s: sign again with the server's time
        if (ConnectorAuthError.isInstance(error) && Math.abs(skewMs - usedSkew) > 30_000) {
          return fetchWithSkew(signal);
        }
        throw error;
      }
    },
    clock,
    options.refreshMarginMs ?? 60_000,
  );
  return {
    scheme: 'private-key-jwt',
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
