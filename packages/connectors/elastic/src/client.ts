import type { ConnectorContext, HttpClient } from '@openmdr/connector-kit';
import { ConnectorConfigError, staticToken } from '@openmdr/connector-kit';
import { type ElasticConfig, elasticsearchUrlOf, kibanaUrlOf } from './config.js';

/** The Elastic Security vendor client: one kit HTTP client per service, the same API key. */
export interface ElasticClient {
  /** Elasticsearch (search, point in time, bulk, index templates). */
  readonly es: HttpClient;
  /**
   * Kibana (detection alert status, cases, Elastic Defend), with `kbn-xsrf` on every call and
   * paths relative to the space (`/s/<space>` unless it is `default`). `undefined` when the
   * config gives no Kibana URL.
   */
  readonly kibana: HttpClient | undefined;
  /** The Kibana URL of the space (for links back to alerts), when known. */
  readonly kibanaSpaceUrl: string | undefined;
}

/**
 * The `Authorization: ApiKey` value: the encoded key as Elasticsearch returns it, or `id:api_key`
 * encoded here.
 */
export function encodedApiKey(apiKey: string): string {
  return apiKey.includes(':') ? Buffer.from(apiKey, 'utf8').toString('base64') : apiKey;
}

/** The URL prefix of a Kibana space (`''` for the default space). */
export function spacePrefix(space: string): string {
  return space === 'default' ? '' : `/s/${space}`;
}

/** Kibana, which the Kibana-side actions need. */
export function requireKibana(client: ElasticClient): HttpClient {
  if (!client.kibana) {
    throw new ConnectorConfigError('elastic', [
      { path: 'kibanaUrl', message: 'Kibana actions need kibanaUrl (or a cloudId naming Kibana)' },
    ]);
  }
  return client.kibana;
}

/**
 * Builds the Elastic client on the kit's HTTP client (retries with `Retry-After`, the tenant's
 * rate budget, secret redaction), authenticated with `Authorization: ApiKey <base64(id:key)>`.
 */
export function createElasticClient(
  config: ElasticConfig,
  context: ConnectorContext,
): ElasticClient {
  const auth = staticToken({ token: encodedApiKey(config.apiKey), style: 'api-key' });
  const kibanaUrl = kibanaUrlOf(config);
  const kibanaSpaceUrl = kibanaUrl ? `${kibanaUrl}${spacePrefix(config.space)}` : undefined;
  return {
    es: context.createHttpClient({ baseUrl: elasticsearchUrlOf(config), auth }),
    kibana: kibanaSpaceUrl
      ? context.createHttpClient({
          baseUrl: kibanaSpaceUrl,
          auth,
          headers: { 'kbn-xsrf': 'openmdr', 'elastic-api-version': '2023-10-31' },
        })
      : undefined,
    kibanaSpaceUrl,
  };
}
