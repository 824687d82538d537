import type { ConnectorContext, HttpClient, HttpResponse } from '@openmdr/connector-kit';
import { basicAuth, ConnectorResponseError, staticToken } from '@openmdr/connector-kit';
import { isRecord, type JsonRecord } from '@openmdr/connector-kit/normalize';
import type { Logger } from '@openmdr/core';
import type { TaxiiConfig } from './config.js';

/** The TAXII 2.1 media type, sent in `Accept` on every request. */
export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';

/** A discovery resource (TAXII 2.1 § 4.1). */
export interface TaxiiDiscovery {
  /** Server title. */
  title: string;
  /** Description. */
  description?: string;
  /** The default API root, as an absolute URL. */
  default?: string;
  /** The API roots, as absolute URLs. */
  api_roots: string[];
}

/** A collection resource (TAXII 2.1 § 5.2). */
export interface TaxiiCollection {
  /** Collection id. */
  id: string;
  /** Title. */
  title: string;
  /** The account may read its objects. */
  can_read: boolean;
  /** The account may add objects. */
  can_write: boolean;
  /** Description. */
  description?: string;
  /** Media types of its objects. */
  media_types?: string[];
}

/** One page of a collection's objects (an envelope with its headers). */
export interface TaxiiObjectsPage {
  /** The STIX objects of the page (entries that are not JSON objects are left out and logged). */
  objects: JsonRecord[];
  /** More pages follow. */
  more: boolean;
  /** The `next` token of the page. */
  next?: string;
  /** `X-TAXII-Date-Added-First` of the page, epoch ms. */
  dateAddedFirst?: number;
  /** `X-TAXII-Date-Added-Last` of the page, epoch ms: the `added_after` to resume from. */
  dateAddedLast?: number;
}

/** Options of {@link TaxiiClient.objects}. */
export interface TaxiiObjectsOptions {
  /** Only objects added after this time, epoch ms (`added_after`). */
  addedAfter?: number;
  /** Page size asked for (`limit`). */
  limit?: number;
  /** Only these STIX types (`match[type]`). */
  types?: readonly string[];
}

/** A TAXII 2.1 client over the kit's HTTP client (auth, retries, `Retry-After`, rate limits). */
export interface TaxiiClient {
  /** The HTTP client, based at the discovery URL. */
  readonly http: HttpClient;
  /** The discovery URL, ending in `/`. */
  readonly discoveryUrl: string;
  /** Reads the discovery resource; API root URLs come back absolute. */
  discover(): Promise<TaxiiDiscovery>;
  /** Reads an API root and checks that it speaks TAXII 2.1. */
  apiRoot(apiRoot: string): Promise<JsonRecord>;
  /** Lists the collections of an API root. */
  collections(apiRoot: string): Promise<TaxiiCollection[]>;
  /** Reads a collection's objects page by page, following `more` / `next`. */
  objects(
    apiRoot: string,
    collectionId: string,
    options?: TaxiiObjectsOptions,
  ): AsyncGenerator<TaxiiObjectsPage>;
}

const directory = (url: string): string => (url.endsWith('/') ? url : `${url}/`);

function protocolError(message: string, url: string): ConnectorResponseError {
  return new ConnectorResponseError(`TAXII ${url}: ${message}`, { details: { url } });
}

function body(response: HttpResponse, what: string): JsonRecord {
  if (response.data === undefined) return {};
  if (!isRecord(response.data))
    throw protocolError(`${what} is not a JSON object`, response.url.href);
  return response.data;
}

function headerTime(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

/**
 * Builds the TAXII 2.1 client of a configuration: the kit's HTTP client based at the discovery
 * URL with Basic or bearer credentials, `Accept: application/taxii+json;version=2.1`.
 */
export function createTaxiiClient(config: TaxiiConfig, context: ConnectorContext): TaxiiClient {
  const discoveryUrl = directory(config.discoveryUrl);
  const auth =
    config.auth.type === 'basic'
      ? basicAuth({ username: config.auth.username, password: config.auth.password })
      : config.auth.type === 'bearer'
        ? staticToken({ token: config.auth.token })
        : undefined;
  const http = context.createHttpClient({
    baseUrl: discoveryUrl,
    headers: { accept: TAXII_MEDIA_TYPE },
    ...(auth ? { auth } : {}),
  });
  return taxiiClientOver(http, discoveryUrl, context.logger);
}

/** The TAXII 2.1 protocol over an HTTP client (exported for embedders with their own client). */
export function taxiiClientOver(
  http: HttpClient,
  discoveryUrl: string,
  logger?: Logger,
): TaxiiClient {
  const get = async (url: string, query?: Record<string, string | number | undefined>) => {
    const response = await http.request({
      path: url,
      headers: { accept: TAXII_MEDIA_TYPE },
      ...(query ? { query } : {}),
    });
    const type = response.headers['content-type'] ?? '';
    if (!type.startsWith('application/taxii+json') && !type.startsWith('application/json'))
      throw protocolError(`unexpected content type '${type}'`, response.url.href);
    return response;
  };
  const resolve = (root: string): string => directory(new URL(root, discoveryUrl).href);
  return {
    http,
    discoveryUrl,
    async discover() {
      const resource = body(await get(discoveryUrl), 'the discovery resource');
      if (typeof resource['title'] !== 'string')
        throw protocolError('the discovery resource has no title', discoveryUrl);
      const roots = Array.isArray(resource['api_roots'])
        ? resource['api_roots'].filter((root): root is string => typeof root === 'string')
        : [];
      const fallback = resource['default'];
      return {
        title: resource['title'],
        ...(typeof resource['description'] === 'string'
          ? { description: resource['description'] }
          : {}),
        ...(typeof fallback === 'string' ? { default: resolve(fallback) } : {}),
        api_roots: roots.map(resolve),
      };
    },
    async apiRoot(apiRoot) {
      const url = resolve(apiRoot);
      const resource = body(await get(url), 'the API root');
      const versions = resource['versions'];
      if (!Array.isArray(versions) || !versions.some((v) => String(v).startsWith(TAXII_MEDIA_TYPE)))
        throw protocolError('the API root does not list TAXII 2.1 in its versions', url);
      return resource;
    },
    async collections(apiRoot) {
      const url = `${resolve(apiRoot)}collections/`;
      const list = body(await get(url), 'the collections resource')['collections'] ?? [];
      if (!Array.isArray(list)) throw protocolError('collections is not an array', url);
      return list.filter(
        (item): item is TaxiiCollection => isRecord(item) && typeof item['id'] === 'string',
      );
    },
    async *objects(apiRoot, collectionId, options = {}) {
      const url = `${resolve(apiRoot)}collections/${encodeURIComponent(collectionId)}/objects/`;
      let addedAfter = options.addedAfter;
      let next: string | undefined;
      for (;;) {
        const response = await get(url, {
          added_after: addedAfter === undefined ? undefined : new Date(addedAfter).toISOString(),
          limit: options.limit,
          next,
          'match[type]': options.types?.join(','),
        });
        const envelope = body(response, 'the envelope');
        const listed = envelope['objects'] ?? [];
        if (!Array.isArray(listed)) throw protocolError('envelope objects is not an array', url);
        const objects: JsonRecord[] = [];
        listed.forEach((object, index) => {
          if (isRecord(object)) objects.push(object);
          else logger?.warn({ url, index }, 'TAXII envelope entry is not a JSON object: skipped');
        });
        const page: TaxiiObjectsPage = { objects, more: envelope['more'] === true };
        if (typeof envelope['next'] === 'string' && envelope['next'] !== '')
          page.next = envelope['next'];
        const first = headerTime(response.headers['x-taxii-date-added-first']);
        const last = headerTime(response.headers['x-taxii-date-added-last']);
        if (first !== undefined) page.dateAddedFirst = first;
        if (last !== undefined) page.dateAddedLast = last;
        yield page;
        if (!page.more) return;
        if (page.next !== undefined) {
          next = page.next;
        } else if (last !== undefined && (addedAfter === undefined || last > addedAfter)) {
          // TAXII 2.1 § 3.4: a server without `next` pages by `added_after`
          addedAfter = last;
        } else {
          throw protocolError('the envelope says more: true but gives no way to page on', url);
        }
      }
    },
  };
}
