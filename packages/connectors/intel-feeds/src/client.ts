import type { Authenticator, ConnectorContext, HttpClient } from '@openmdr/connector-kit';
import { basicAuth, staticToken } from '@openmdr/connector-kit';
import type { IntelFeed, IntelFeedsConfig } from './config.js';

/** What a conditional GET of a feed returned. */
export type FeedFetch =
  | { status: 'unchanged' }
  | {
      status: 'changed';
      /** The body. */
      text: string;
      /** Its `ETag`, when sent. */
      etag?: string;
      /** Its `Last-Modified`, when sent. */
      lastModified?: string;
      /** When it was fetched, epoch ms, by the server's clock. */
      fetchedAt: number;
    };

/** The validators of the last complete fetch of a feed. */
export interface FeedValidators {
  /** Sent back as `If-None-Match`. */
  etag?: string;
  /** Sent back as `If-Modified-Since`. */
  lastModified?: string;
}

/** The feeds client: one kit HTTP client per feed origin (its own rate budget and clock). */
export interface IntelFeedsClient {
  /** GETs a feed, conditionally when `validators` are given; a 304 is `unchanged`. */
  fetch(feed: IntelFeed, validators?: FeedValidators): Promise<FeedFetch>;
}

function authenticator(config: IntelFeedsConfig): Authenticator | undefined {
  const { auth } = config;
  if (auth.type === 'basic') return basicAuth({ username: auth.username, password: auth.password });
  if (auth.type === 'header')
    return staticToken({
      token: auth.apiKey,
      style: { header: auth.header, ...(auth.prefix ? { prefix: auth.prefix } : {}) },
    });
  return undefined;
}

/** Builds the feeds client of a configuration. */
export function createIntelFeedsClient(
  config: IntelFeedsConfig,
  context: ConnectorContext,
): IntelFeedsClient {
  const auth = authenticator(config);
  const clients = new Map<string, HttpClient>();
  const clientFor = (url: string): HttpClient => {
    const origin = new URL(url).origin;
    let client = clients.get(origin);
    if (client === undefined) {
      client = context.createHttpClient({ baseUrl: origin, ...(auth ? { auth } : {}) });
      clients.set(origin, client);
    }
    return client;
  };
  return {
    async fetch(feed, validators = {}) {
      const client = clientFor(feed.url);
      const response = await client.request<string>({
        path: feed.url,
        responseType: 'text',
        headers: {
          accept:
            feed.format === 'csv'
              ? 'text/csv, text/plain;q=0.9, */*;q=0.1'
              : 'text/plain, */*;q=0.1',
          ...(validators.etag ? { 'if-none-match': validators.etag } : {}),
          ...(validators.lastModified ? { 'if-modified-since': validators.lastModified } : {}),
        },
      });
      if (response.status === 304) return { status: 'unchanged' };
      const etag = response.headers['etag'];
      const lastModified = response.headers['last-modified'];
      return {
        status: 'changed',
        text: typeof response.data === 'string' ? response.data : '',
        ...(etag ? { etag } : {}),
        ...(lastModified ? { lastModified } : {}),
        fetchedAt: client.serverNow(),
      };
    },
  };
}
