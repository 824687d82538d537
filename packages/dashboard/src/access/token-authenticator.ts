/**
 * The default authentication: static bearer tokens, each mapped to a principal, compared in
 * constant time.
 *
 * @module
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DashboardError } from '../errors.js';
import type { Authenticate, AuthRequest, Principal } from './principal.js';

/** One accepted token and the principal it authenticates. */
export interface AccessToken {
  /** The secret (at least 16 characters; see {@link generateAccessToken}). */
  readonly token: string;
  readonly principal: Principal;
}

/** Options of {@link createTokenAuthenticator}. */
export interface TokenAuthenticatorOptions {
  readonly tokens: readonly AccessToken[];
}

const MIN_TOKEN_LENGTH = 16;
const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * An {@link Authenticate} hook that reads `Authorization: Bearer <token>` and returns the
 * principal of the matching token, or `null`. Both sides are hashed with SHA-256 and compared with
 * `timingSafeEqual`, against every configured token, so the time taken says nothing about the
 * tokens. Tokens are kept only as hashes.
 *
 * @throws DashboardError `DASHBOARD_INVALID` when a token is shorter than 16 characters or given
 *   twice (the message never contains the token).
 *
 * @example
 * ```ts
 * const authenticate = createTokenAuthenticator({
 *   tokens: [{ token: process.env.SOC_TOKEN!, principal: { id: 'alice', tenants: ['acme'], roles: ['analyst'] } }],
 * });
 * ```
 */
export function createTokenAuthenticator(options: TokenAuthenticatorOptions): Authenticate {
  const entries: { hash: Buffer; principal: Principal }[] = [];
  options.tokens.forEach((entry, index) => {
    if (typeof entry.token !== 'string' || entry.token.length < MIN_TOKEN_LENGTH) {
      throw new DashboardError(
        'DASHBOARD_INVALID',
        `access token ${index} is shorter than ${MIN_TOKEN_LENGTH} characters`,
        { details: { path: `tokens[${index}].token` } },
      );
    }
    const hash = digest(entry.token);
    if (entries.some((other) => timingSafeEqual(other.hash, hash))) {
      throw new DashboardError('DASHBOARD_INVALID', `access token ${index} is given twice`, {
        details: { path: `tokens[${index}].token` },
      });
    }
    entries.push({ hash, principal: entry.principal });
  });
  return (request: AuthRequest): Principal | null => {
    const header = request.headers['authorization'];
    const value = Array.isArray(header) ? header[0] : header;
    if (typeof value !== 'string') return null;
    const token = BEARER.exec(value)?.[1];
    if (token === undefined) return null;
    const presented = digest(token);
    let found: Principal | null = null;
    for (const entry of entries) {
      // Every entry is compared, whether one matched already or not.
      if (timingSafeEqual(entry.hash, presented) && found === null) found = entry.principal;
    }
    return found;
  };
}

/** A new random access token: `bytes` (default 32) from the CSPRNG, base64url-encoded. */
export function generateAccessToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
