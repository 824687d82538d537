import { registerSecret } from '@openmdr/core';
import type { Authenticator } from './authenticator.js';

/**
 * How a vendor expects a static token:
 * - `bearer`: `Authorization: Bearer <token>`
 * - `ssws`: `Authorization: SSWS <token>` (Okta)
 * - `api-token`: `Authorization: ApiToken <token>` (SentinelOne)
 * - `api-key`: `Authorization: ApiKey <token>` (Elastic)
 * - `{ header, prefix? }`: a custom header (`X-Api-Key: <token>`)
 */
export type TokenStyle =
  | 'bearer'
  | 'ssws'
  | 'api-token'
  | 'api-key'
  | { header: string; prefix?: string };

const PREFIXES = { bearer: 'Bearer', ssws: 'SSWS', 'api-token': 'ApiToken', 'api-key': 'ApiKey' };

/** Options of {@link staticToken}. */
export interface StaticTokenOptions {
  /** The token (from a secret provider; registered for redaction). */
  token: string;
  /** Header style. Default `bearer`. */
  style?: TokenStyle;
}

/** A long-lived API token sent in the header style the vendor uses. */
export function staticToken(options: StaticTokenOptions): Authenticator {
  registerSecret(options.token);
  const style = options.style ?? 'bearer';
  const header = typeof style === 'string' ? 'authorization' : style.header.toLowerCase();
  const prefix = typeof style === 'string' ? PREFIXES[style] : style.prefix;
  const value = prefix ? `${prefix} ${options.token}` : options.token;
  return {
    scheme: 'static-token',
    authorize: async (request) => {
      request.headers[header] = value;
    },
  };
}

/** Options of {@link basicAuth}. */
export interface BasicAuthOptions {
  /** User name. */
  username: string;
  /** Password (from a secret provider; registered for redaction). */
  password: string;
}

/** HTTP Basic authentication (RFC 7617). */
export function basicAuth(options: BasicAuthOptions): Authenticator {
  registerSecret(options.password);
  const encoded = Buffer.from(`${options.username}:${options.password}`).toString('base64');
  registerSecret(encoded);
  return {
    scheme: 'basic',
    authorize: async (request) => {
      request.headers['authorization'] = `Basic ${encoded}`;
    },
  };
}
