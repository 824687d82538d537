import type { ConnectorContext, HttpClient } from '@openmdr/connector-kit';
import { basicAuth, ConnectorConfigError, staticToken } from '@openmdr/connector-kit';
import type { SplunkConfig } from './config.js';
import { createSplunkStreamTransport, type SplunkStreamTransport } from './export-transport.js';

/** The Splunk vendor client. */
export interface SplunkClient {
  /** The management port (REST API): the kit's HTTP client (auth, rate limit, retries, redaction). */
  readonly api: HttpClient;
  /**
   * The management port for streamed bodies (the search export): same credentials, dispatcher
   * and retry policy as `api`, the body handed back unread.
   */
  readonly stream: SplunkStreamTransport;
  /** The HTTP Event Collector, when `hec` is configured. */
  readonly hec: HttpClient | undefined;
  /** The tenant, from which the default HEC channel is derived. */
  readonly tenant: string;
}

/**
 * Builds the Splunk client with the kit's HTTP client (Splunk's JavaScript SDK, `splunk-sdk`,
 * is no longer maintained): the management port with `Authorization: Bearer <token>` or Basic,
 * and the HTTP Event Collector with `Authorization: Splunk <HEC token>`.
 *
 * @throws {ConnectorConfigError} when `verifyTls` is false and no dispatcher was given: the
 *   connector cannot turn certificate checks off by itself (trust the CA with
 *   `NODE_EXTRA_CA_CERTS`, or pass an undici `Agent` with `connect: { rejectUnauthorized: false }`).
 */
export function createSplunkClient(config: SplunkConfig, context: ConnectorContext): SplunkClient {
  if (!config.verifyTls && !context.dispatcher && config.baseUrl.startsWith('https:')) {
    throw new ConnectorConfigError('splunk', [
      {
        path: 'verifyTls',
        message:
          'false needs a dispatcher that skips verification (an undici Agent with connect.rejectUnauthorized false); prefer NODE_EXTRA_CA_CERTS',
      },
    ]);
  }
  const auth =
    config.auth.type === 'token'
      ? staticToken({ token: config.auth.token, style: 'bearer' })
      : basicAuth({ username: config.auth.username, password: config.auth.password });
  const api = context.createHttpClient({ baseUrl: config.baseUrl, auth });
  const hec = config.hec
    ? context.createHttpClient({
        baseUrl: config.hec.url,
        auth: staticToken({
          token: config.hec.token,
          style: { header: 'authorization', prefix: 'Splunk' },
        }),
      })
    : undefined;
  const stream = createSplunkStreamTransport(api, config.jobTimeoutMs);
  return { api, stream, hec, tenant: context.tenant };
}
