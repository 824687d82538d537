import type { ConnectorContext, HttpClient } from '@openmdr/connector-kit';
import { oauth2ClientCredentials } from '@openmdr/connector-kit';
import { DEFENDER_CLOUDS, type DefenderConfig, defenderEndpoints } from './config.js';

/** The Defender vendor client: one HTTP client per API, each with its own token audience. */
export interface DefenderClient {
  /** Defender for Endpoint API (`/api/alerts`, `/api/machines`, machine actions). */
  readonly endpoint: HttpClient;
  /** Microsoft Graph (`/v1.0/security/alerts_v2`, `/v1.0/security/incidents`). */
  readonly graph: HttpClient;
}

/** An OData collection page. */
export interface ODataPage<T> {
  value?: T[];
  '@odata.nextLink'?: string;
}

/**
 * Builds the Defender client: client credentials against
 * `<login>/<tenant>/oauth2/v2.0/token`, scope `<resource>/.default` per API.
 */
export function createDefenderClient(
  config: DefenderConfig,
  context: ConnectorContext,
): DefenderClient {
  const endpoints = defenderEndpoints(config);
  const tokenUrl = `${endpoints.loginBaseUrl.replace(/\/$/, '')}/${config.tenantId}/oauth2/v2.0/token`;
  const credentials = (scope: string) =>
    oauth2ClientCredentials({
      tokenUrl,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      scope,
      clock: context.clock,
      ...(context.dispatcher ? { dispatcher: context.dispatcher } : {}),
    });
  return {
    endpoint: context.createHttpClient({
      baseUrl: endpoints.endpointBaseUrl,
      auth: credentials(`${endpoints.endpointResource}/.default`),
    }),
    graph: context.createHttpClient({
      baseUrl: endpoints.graphBaseUrl,
      auth: credentials(`${DEFENDER_CLOUDS[config.cloud].graphBaseUrl}/.default`),
    }),
  };
}
