/**
 * A TAXII 2.1 protocol client over an HTTP client the caller supplies (the connector kit's
 * `createHttpClient` fits as is): server discovery, API roots, collections and paginated
 * `objects` reads with `added_after`, sending `Accept: application/taxii+json;version=2.1`.
 * Retries, `Retry-After` on 429, auth and rate limits are the HTTP client's; this package does no
 * I/O of its own and depends on no connector package.
 */
import { IntelError } from './errors.js';
import type { IndicatorLoadResult } from './indicator.js';
import { type LoadStixOptions, loadStixObjects } from './stix-bundle.js';

/** The TAXII 2.1 media type. */
export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';

/** A discovery resource. */
export interface TaxiiDiscovery {
  title: string;
  description?: string;
  default?: string;
  api_roots: string[];
}

/** An API root resource. */
export interface TaxiiApiRoot {
  title: string;
  versions: string[];
  max_content_length: number;
  description?: string;
}

/** A collection resource. */
export interface TaxiiCollection {
  id: string;
  title: string;
  can_read: boolean;
  can_write: boolean;
  description?: string;
  media_types?: string[];
}

/** One page of a collection's objects. */
export interface TaxiiObjectsPage {
  /** STIX objects of the page. */
  objects: Record<string, unknown>[];
  /** More pages follow. */
  more: boolean;
  /** The `next` token of the page, when `more`. */
  next?: string;
  /** `X-TAXII-Date-Added-First` of the page. */
  dateAddedFirst?: string;
  /** `X-TAXII-Date-Added-Last` of the page: the `added_after` to resume from. */
  dateAddedLast?: string;
}

/** A response of {@link TaxiiHttpClient}: what the TAXII client reads of it. */
export interface TaxiiHttpResponse<T = unknown> {
  /** The parsed JSON body. */
  data: T;
  /** Response headers, lower-case names. */
  headers: Record<string, string>;
  /** The URL requested. */
  url: URL;
}

/**
 * The HTTP client the TAXII client sends its requests through: the connector kit's `HttpClient`
 * (`createHttpClient({ baseUrl, auth })` from `@openmdr/connector-kit`) satisfies it, with its
 * retries, `Retry-After` handling, rate limits and secret redaction. Non-2xx answers must throw.
 */
export interface TaxiiHttpClient {
  /** Sends a GET to `path` (an absolute URL here) with `query` and `headers`, parsing JSON. */
  request<T = unknown>(options: {
    path: string;
    query?: Record<string, string | number | undefined>;
    headers?: Record<string, string>;
    signal?: AbortSignal;
  }): Promise<TaxiiHttpResponse<T>>;
}

/** Options of {@link createTaxiiClient}. */
export interface TaxiiClientOptions {
  /** The discovery URL (`https://taxii.example/taxii2/`); API root URLs resolve against it. */
  url: string;
  /** The HTTP client carrying auth, retries and rate limits (the kit's `createHttpClient`). */
  http: TaxiiHttpClient;
}

/** Options of an objects read. */
export interface TaxiiObjectsOptions {
  /** Only objects added after this timestamp (RFC 3339). */
  addedAfter?: string;
  /** Page size asked for. */
  limit?: number;
  /** Only these STIX types (`match[type]`). Default: every type. */
  types?: readonly string[];
  /** Stop after this many pages. Default: no limit. */
  maxPages?: number;
  /** Cancels the read. */
  signal?: AbortSignal;
}

/** A TAXII 2.1 client. */
export interface TaxiiClient {
  /** Reads the discovery resource. */
  discover(): Promise<TaxiiDiscovery>;
  /** Reads an API root resource. */
  apiRoot(apiRoot: string): Promise<TaxiiApiRoot>;
  /** Lists the collections of an API root. */
  collections(apiRoot: string): Promise<TaxiiCollection[]>;
  /** Reads a collection's objects page by page, following `more`/`next`. */
  objects(
    apiRoot: string,
    collectionId: string,
    options?: TaxiiObjectsOptions,
  ): AsyncGenerator<TaxiiObjectsPage>;
  /** The HTTP client it sends through. */
  readonly http: TaxiiHttpClient;
}

function protocolError(message: string, path: string): IntelError {
  return new IntelError('INTEL_TAXII_PROTOCOL', message, { path });
}

function asRecord(value: unknown, what: string, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw protocolError(`${what} is not a JSON object`, path);
  return value as Record<string, unknown>;
}

function directory(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/**
 * Creates a TAXII 2.1 client.
 *
 * @example
 * ```ts
 * // `http`: any TaxiiHttpClient, e.g. the connector kit's createHttpClient({ baseUrl: url, auth })
 * // built by the host application (detections itself depends on no connector package)
 * const url = 'https://cti.example/taxii2/';
 * const taxii = createTaxiiClient({ url, http });
 * const { api_roots } = await taxii.discover();
 * for await (const page of taxii.objects(api_roots[0], collectionId, { addedAfter })) …
 * ```
 */
export function createTaxiiClient(options: TaxiiClientOptions): TaxiiClient {
  const { http } = options;
  const discoveryUrl = directory(options.url);
  const get = async (
    path: string,
    query?: Record<string, string | number | undefined>,
    signal?: AbortSignal,
  ) => {
    const response = await http.request<unknown>({
      path: new URL(path, discoveryUrl).href,
      headers: { accept: TAXII_MEDIA_TYPE },
      ...(query === undefined ? {} : { query }),
      ...(signal === undefined ? {} : { signal }),
    });
    const type = response.headers['content-type'] ?? '';
    if (!type.startsWith('application/taxii+json') && !type.startsWith('application/json'))
      throw protocolError(`unexpected content type '${type}'`, response.url.pathname);
    return response;
  };
  const resolveRoot = (apiRoot: string): string => directory(new URL(apiRoot, discoveryUrl).href);
  return {
    http,
    async discover() {
      const response = await get(discoveryUrl);
      const body = asRecord(response.data, 'discovery response', discoveryUrl);
      if (typeof body['title'] !== 'string')
        throw protocolError('discovery response has no title', discoveryUrl);
      const roots = Array.isArray(body['api_roots'])
        ? body['api_roots'].filter((root): root is string => typeof root === 'string')
        : [];
      return { ...(body as unknown as TaxiiDiscovery), api_roots: roots.map(resolveRoot) };
    },
    async apiRoot(apiRoot) {
      const root = resolveRoot(apiRoot);
      const response = await get(root);
      const body = asRecord(response.data, 'API root response', root);
      if (!Array.isArray(body['versions']))
        throw protocolError('API root response has no versions', root);
      if (
        !body['versions'].some((version) =>
          String(version).startsWith(TAXII_MEDIA_TYPE.split(';')[0] as string),
        )
      )
        throw protocolError('API root does not support TAXII 2.1', root);
      return body as unknown as TaxiiApiRoot;
    },
    async collections(apiRoot) {
      const root = resolveRoot(apiRoot);
      const response = await get(`${root}collections/`);
      const body = asRecord(response.data, 'collections response', `${root}collections/`);
      const list = body['collections'] ?? [];
      if (!Array.isArray(list))
        throw protocolError('collections is not an array', `${root}collections/`);
      return list as TaxiiCollection[];
    },
    async *objects(apiRoot, collectionId, objectOptions = {}) {
      const path = `${resolveRoot(apiRoot)}collections/${encodeURIComponent(collectionId)}/objects/`;
      let next: string | undefined;
      let pages = 0;
      for (;;) {
        const response = await get(
          path,
          {
            added_after: objectOptions.addedAfter,
            limit: objectOptions.limit,
            next,
            'match[type]': objectOptions.types?.join(','),
          },
          objectOptions.signal,
        );
        const body = response.data === undefined ? {} : asRecord(response.data, 'envelope', path);
        const objects = body['objects'] ?? [];
        if (!Array.isArray(objects)) throw protocolError('envelope objects is not an array', path);
        const more = body['more'] === true;
        const page: TaxiiObjectsPage = { objects: objects as Record<string, unknown>[], more };
        if (typeof body['next'] === 'string') page.next = body['next'];
        const first = response.headers['x-taxii-date-added-first'];
        const last = response.headers['x-taxii-date-added-last'];
        if (first !== undefined) page.dateAddedFirst = first;
        if (last !== undefined) page.dateAddedLast = last;
        yield page;
        pages += 1;
        if (!more) return;
        if (page.next === undefined)
          throw protocolError('envelope has more: true but no next', path);
        if (objectOptions.maxPages !== undefined && pages >= objectOptions.maxPages) return;
        next = page.next;
      }
    },
  };
}

/** The result of {@link pollTaxiiCollection}. */
export interface TaxiiPollResult extends IndicatorLoadResult {
  /** The `added_after` to pass next time (the last page's `X-TAXII-Date-Added-Last`). */
  addedAfter: string | undefined;
  /** Pages read. */
  pages: number;
  /** STIX objects read (all types). */
  objects: number;
}

/**
 * Reads a collection from `addedAfter` on and loads its indicators (with the collection's
 * marking definitions). Returns the new `addedAfter` checkpoint.
 */
export async function pollTaxiiCollection(
  client: TaxiiClient,
  apiRoot: string,
  collectionId: string,
  options: TaxiiObjectsOptions & Pick<LoadStixOptions, 'checkPatterns'> = {},
): Promise<TaxiiPollResult> {
  const objects: Record<string, unknown>[] = [];
  let pages = 0;
  let addedAfter = options.addedAfter;
  for await (const page of client.objects(apiRoot, collectionId, options)) {
    pages += 1;
    objects.push(...page.objects);
    if (page.dateAddedLast !== undefined) addedAfter = page.dateAddedLast;
  }
  const loaded = loadStixObjects(objects, {
    source: `taxii:${collectionId}`,
    ...(options.checkPatterns === undefined ? {} : { checkPatterns: options.checkPatterns }),
  });
  return { ...loaded, addedAfter, pages, objects: objects.length };
}
