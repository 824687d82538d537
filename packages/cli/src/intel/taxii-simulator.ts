/**
 * A TAXII 2.1 server on 127.0.0.1 for tests: discovery, one API root, collections and the
 * `objects` endpoint with `added_after`, `limit`, `next` pagination, the `X-TAXII-Date-Added-*`
 * headers, Basic authentication and scripted 429 responses.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One stored object with the time the server added it. */
export interface TaxiiSimulatorObject {
  /** RFC 3339 time the object was added to the collection. */
  dateAdded: string;
  /** The STIX object. */
  object: Record<string, unknown>;
}

/** Options of {@link startTaxiiSimulator}. */
export interface TaxiiSimulatorOptions {
  /** Collections by id. */
  collections: Record<string, { title: string; objects: TaxiiSimulatorObject[] }>;
  /** Basic credentials required on every request. */
  basic?: { username: string; password: string };
  /** Server page size limit. Default 100. */
  maxPageSize?: number;
  /** Answer this many requests (counted from the start) with 429 and `Retry-After: 1`. */
  throttleFirst?: number;
}

/** A running simulator. */
export interface TaxiiSimulator {
  /** Discovery URL (`http://127.0.0.1:<port>/taxii2/`). */
  readonly url: string;
  /** API root URL. */
  readonly apiRoot: string;
  /** Every request received: method, path with query, and the Accept header. */
  readonly requests: { method: string; url: string; accept: string | undefined; status: number }[];
  /** Stops the server. */
  close(): Promise<void>;
}

const MEDIA = 'application/taxii+json;version=2.1';

/** Starts a TAXII 2.1 simulator on a free port of 127.0.0.1. */
export async function startTaxiiSimulator(options: TaxiiSimulatorOptions): Promise<TaxiiSimulator> {
  const requests: TaxiiSimulator['requests'] = [];
  let served = 0;
  const send = (
    request: IncomingMessage,
    response: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void => {
    requests.push({
      method: request.method ?? 'GET',
      url: request.url ?? '',
      accept: request.headers.accept,
      status,
    });
    response.writeHead(status, { 'content-type': MEDIA, ...headers });
    response.end(body === undefined ? '' : JSON.stringify(body));
  };
  const handler = (request: IncomingMessage, response: ServerResponse): void => {
    served += 1;
    if (served <= (options.throttleFirst ?? 0)) {
      send(request, response, 429, { title: 'Too Many Requests' }, { 'retry-after': '1' });
      return;
    }
    if (options.basic !== undefined) {
      const expected = `Basic ${Buffer.from(`${options.basic.username}:${options.basic.password}`).toString('base64')}`;
      if (request.headers.authorization !== expected) {
        send(request, response, 401, { title: 'Unauthorized' });
        return;
      }
    }
    if (!(request.headers.accept ?? '').includes('application/taxii+json')) {
      send(request, response, 406, { title: 'Not Acceptable', description: `needs ${MEDIA}` });
      return;
    }
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (path === '/taxii2/') {
      send(request, response, 200, {
        title: 'OpenMDR TAXII simulator',
        default: '/api1/',
        api_roots: ['/api1/'],
      });
      return;
    }
    if (path === '/api1/') {
      send(request, response, 200, {
        title: 'API root 1',
        versions: [MEDIA],
        max_content_length: 10_485_760,
      });
      return;
    }
    if (path === '/api1/collections/') {
      send(request, response, 200, {
        collections: Object.entries(options.collections).map(([id, collection]) => ({
          id,
          title: collection.title,
          can_read: true,
          can_write: false,
          media_types: ['application/stix+json;version=2.1'],
        })),
      });
      return;
    }
    const objectsMatch = /^\/api1\/collections\/([^/]+)\/objects\/$/.exec(path);
    if (objectsMatch !== null) {
      const collection = options.collections[decodeURIComponent(objectsMatch[1] as string)];
      if (collection === undefined) {
        send(request, response, 404, { title: 'Collection not found' });
        return;
      }
      const addedAfter = url.searchParams.get('added_after');
      const after = addedAfter === null ? Number.NEGATIVE_INFINITY : Date.parse(addedAfter);
      if (Number.isNaN(after)) {
        send(request, response, 400, { title: 'Bad added_after' });
        return;
      }
      const types = url.searchParams.get('match[type]')?.split(',');
      const all = collection.objects
        .filter((entry) => Date.parse(entry.dateAdded) > after)
        .filter((entry) => types === undefined || types.includes(String(entry.object['type'])))
        .sort((left, right) => Date.parse(left.dateAdded) - Date.parse(right.dateAdded));
      const limit = Math.min(
        Number(url.searchParams.get('limit') ?? options.maxPageSize ?? 100),
        options.maxPageSize ?? 100,
      );
      const start = Number(url.searchParams.get('next') ?? '0');
      const page = all.slice(start, start + limit);
      const more = start + limit < all.length;
      const headers: Record<string, string> = {};
      if (page.length > 0) {
        headers['x-taxii-date-added-first'] = (page[0] as TaxiiSimulatorObject).dateAdded;
        headers['x-taxii-date-added-last'] = (
          page[page.length - 1] as TaxiiSimulatorObject
        ).dateAdded;
      }
      send(
        request,
        response,
        200,
        {
          more,
          ...(more ? { next: String(start + limit) } : {}),
          objects: page.map((entry) => entry.object),
        },
        headers,
      );
      return;
    }
    send(request, response, 404, { title: 'Not found' });
  };
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/taxii2/`,
    apiRoot: `http://127.0.0.1:${port}/api1/`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}
