import type { ConnectorContext, HttpClient } from '@openmdr/connector-kit';
import { oauth2ClientCredentials } from '@openmdr/connector-kit';
import { type SecuritylakeConfig, securitylakeBaseUrl } from './config.js';

/** The Amazon Security Lake vendor client. */
export interface SecuritylakeClient {
  /** The Amazon Security Lake API: the kit's HTTP client (auth, rate limit, retries, redaction). */
  readonly api: HttpClient;
}

/** A page of a Amazon Security Lake list endpoint. TODO: the vendor's envelope. */
export interface SecuritylakePage<T> {
  /** The records. */
  data: T[];
  /** Paging: `next` is the token of the next page, absent on the last. */
  meta?: { next?: string };
}

/**
 * Builds the Amazon Security Lake client: OAuth2 client credentials on `<base URL>/oauth2/token`, renewed
 * before they expire. TODO: the vendor's token URL, scopes and auth header style.
 */
export function createSecuritylakeClient(
  config: SecuritylakeConfig,
  context: ConnectorContext,
): SecuritylakeClient {
  const baseUrl = securitylakeBaseUrl(config);
  const auth = oauth2ClientCredentials({
    tokenUrl: `${baseUrl.replace(/\/$/, '')}/oauth2/token`,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    clock: context.clock,
    ...(context.dispatcher ? { dispatcher: context.dispatcher } : {}),
  });
  return { api: context.createHttpClient({ baseUrl, auth }) };
}
