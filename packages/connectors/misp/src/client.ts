import type { ConnectorContext, HttpClient } from '@openmdr/connector-kit';
import { ConnectorResponseError, staticToken } from '@openmdr/connector-kit';
import { isRecord, type JsonRecord } from '@openmdr/connector-kit/normalize';
import type { MispConfig } from './config.js';

/** The MISP REST paths the connector uses. */
export const MISP_PATHS = {
  attributes: '/attributes/restSearch',
  version: '/servers/getVersion',
} as const;

/** A MISP client: the kit's HTTP client with the automation key and JSON negotiation. */
export interface MispClient {
  /** The HTTP client (auth, retries, `Retry-After`, rate limits, redaction). */
  readonly api: HttpClient;
  /** Searches attributes (`POST /attributes/restSearch`); returns one page. */
  searchAttributes(filters: JsonRecord): Promise<JsonRecord[]>;
}

/** The attributes of a `restSearch` answer (`{ response: { Attribute: [...] } }`). */
export function attributesOf(body: unknown, url: string): JsonRecord[] {
  const response = isRecord(body) ? body['response'] : undefined;
  // an empty search answers `{ response: [] }` on some MISP versions
  if (Array.isArray(response) && response.length === 0) return [];
  const attributes = isRecord(response) ? response['Attribute'] : undefined;
  if (!Array.isArray(attributes))
    throw new ConnectorResponseError(`MISP ${url}: no response.Attribute array`, {
      details: { url },
    });
  return attributes.filter(isRecord);
}

/** Builds the MISP client of a configuration (`Authorization: <key>`, `Accept: application/json`). */
export function createMispClient(config: MispConfig, context: ConnectorContext): MispClient {
  const api = context.createHttpClient({
    baseUrl: config.url,
    auth: staticToken({ token: config.authKey, style: { header: 'authorization' } }),
    headers: { accept: 'application/json' },
  });
  return {
    api,
    async searchAttributes(filters) {
      const response = await api.request({
        method: 'POST',
        path: MISP_PATHS.attributes,
        json: { returnFormat: 'json', ...filters },
      });
      return attributesOf(response.data, response.url.pathname);
    },
  };
}
