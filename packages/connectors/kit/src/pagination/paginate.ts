import { ConnectorResponseError } from '../errors/connector-errors.js';
import type { HttpClient, HttpRequestOptions, HttpResponse } from '../http/http-client.js';
import { readPath } from './json-path.js';
import { parseLinkHeader } from './link-header.js';

/** The pagination styles the kit implements. */
export type CursorStyle =
  | 'next-token'
  | 'link-header'
  | 'odata-next-link'
  | 'offset'
  | 'search-after'
  | 'time-window';

/** One page of records. */
export interface Page<T = unknown> {
  /** The records of the page. */
  records: T[];
  /** The response the page came from. */
  response: HttpResponse;
}

interface CommonPagination {
  /** The first request. */
  request: HttpRequestOptions;
  /** Dotted path of the record array in the body (`data`, `value`, `hits.hits`). Default `''`. */
  recordsPath?: string;
  /** Stop after this many pages (bounded work per run). Default unlimited. */
  maxPages?: number;
}

/** Next/after tokens: the body carries a token the next request sends back. */
export interface NextTokenPagination extends CommonPagination {
  style: 'next-token';
  /** Dotted path of the token in the body (`meta.pagination.after`, `nextCursor`). */
  tokenPath: string;
  /** Name of the query parameter (or JSON body key) that carries the token. */
  tokenParameter: string;
  /** Send the token in the query (default) or the JSON body. */
  tokenIn?: 'query' | 'body';
}

/** RFC 8288 `Link: <…>; rel="next"` (Okta, GitHub). */
export interface LinkHeaderPagination extends CommonPagination {
  style: 'link-header';
  /**
   * Stop when a page comes back empty even though a next link is present (Okta's polling
   * mode always sends one). Default true.
   */
  stopOnEmptyPage?: boolean;
}

/** OData `@odata.nextLink` (Microsoft Graph, Defender). */
export interface ODataNextLinkPagination extends CommonPagination {
  style: 'odata-next-link';
  /** Dotted path of the next link. Default `@odata.nextLink`. */
  nextLinkPath?: string;
}

/** Offset and limit (`offset=200&limit=100`). */
export interface OffsetPagination extends CommonPagination {
  style: 'offset';
  /** Records per page. */
  pageSize: number;
  /** Offset parameter name. Default `offset`. */
  offsetParameter?: string;
  /** Limit parameter name. Default `limit`. */
  limitParameter?: string;
  /** Dotted path of the total count, when the API sends one. */
  totalPath?: string;
}

/** Elasticsearch point-in-time + `search_after`. */
export interface SearchAfterPagination {
  style: 'search-after';
  /** Path that opens a point in time (`/my-index/_pit`). */
  openPointInTimePath: string;
  /** `keep_alive` of the point in time. Default `1m`. */
  keepAlive?: string;
  /** Search path. Default `/_search`. */
  searchPath?: string;
  /** Path that closes the point in time. Default `/_pit`. */
  closePointInTimePath?: string;
  /** The search body without `pit`, `search_after` or `size` (query, sort, …). */
  search: Record<string, unknown>;
  /** Hits per page. */
  pageSize: number;
  /** Stop after this many pages. */
  maxPages?: number;
  /** Headers (e.g. `kbn-xsrf`). */
  headers?: Record<string, string>;
}

/** Fixed time windows `[start, end)`, each one request (or one paginated sub-read). */
export interface TimeWindowPagination extends CommonPagination {
  style: 'time-window';
  /** Start of the first window, epoch ms. */
  from: number;
  /**
   * End of the last window (the vendor's "now" minus any availability lag), epoch ms; a function
   * is evaluated before each window, so it can follow the vendor clock learnt from responses.
   */
  to: number | (() => number);
  /** Window length in ms. */
  windowMs: number;
  /** Query parameter names for the window bounds. Defaults `start` and `end`. */
  startParameter?: string;
  endParameter?: string;
  /** Format of the bounds. Default `iso`. */
  timeFormat?: 'iso' | 'epoch-ms' | 'epoch-seconds';
}

/** Any pagination. */
export type PaginationOptions =
  | NextTokenPagination
  | LinkHeaderPagination
  | ODataNextLinkPagination
  | OffsetPagination
  | SearchAfterPagination
  | TimeWindowPagination;

function recordsOf(body: unknown, path: string, url: URL): unknown[] {
  const records = readPath(body, path);
  if (records === undefined || records === null) return [];
  if (!Array.isArray(records)) {
    throw new ConnectorResponseError(
      `response of ${url.pathname} has no record array at ${JSON.stringify(path)}`,
      { details: { recordsPath: path } },
    );
  }
  return records;
}

/** Formats a time for a query parameter. */
export function formatTime(ms: number, format: 'iso' | 'epoch-ms' | 'epoch-seconds'): string {
  if (format === 'epoch-ms') return String(ms);
  if (format === 'epoch-seconds') return String(Math.floor(ms / 1000));
  return new Date(ms).toISOString();
}

/**
 * Walks the pages of a vendor list endpoint in the given style and yields one {@link Page} per
 * response. Requests go through the kit's {@link HttpClient} (auth, limits, retries). A page
 * repeating the previous cursor is an error (a cursor that never advances would re-read forever).
 */
export async function* paginate<T = unknown>(
  client: HttpClient,
  options: PaginationOptions,
): AsyncGenerator<Page<T>> {
  if (options.style === 'search-after') {
    yield* paginateSearchAfter(client, options) as AsyncGenerator<Page<T>>;
    return;
  }
  if (options.style === 'time-window') {
    yield* paginateTimeWindows(client, options) as AsyncGenerator<Page<T>>;
    return;
  }
  const recordsPath = options.recordsPath ?? '';
  const maxPages = options.maxPages ?? Number.POSITIVE_INFINITY;
  let request: HttpRequestOptions | undefined = options.request;
  let pages = 0;
  let offset = 0;
  const seenCursors = new Set<string>();
  while (request && pages < maxPages) {
    const response = await client.request(request);
    pages += 1;
    const records = recordsOf(response.data, recordsPath, response.url) as T[];
    yield { records, response };
    let cursor: string | undefined;
    switch (options.style) {
      case 'next-token': {
        const token = readPath(response.data, options.tokenPath);
        cursor = token === undefined || token === null || token === '' ? undefined : String(token);
        if (cursor === undefined) request = undefined;
        else if (options.tokenIn === 'body') {
          request = {
            ...options.request,
            json: { ...(options.request.json as object), [options.tokenParameter]: cursor },
          };
        } else {
          request = {
            ...options.request,
            query: { ...options.request.query, [options.tokenParameter]: cursor },
          };
        }
        break;
      }
      case 'link-header': {
        cursor = parseLinkHeader(response.headers['link'], response.url.toString())['next'];
        const stop = (options.stopOnEmptyPage ?? true) && records.length === 0;
        request = cursor && !stop ? { ...options.request, path: cursor, query: {} } : undefined;
        break;
      }
      case 'odata-next-link': {
        const link = readPath(response.data, options.nextLinkPath ?? '@odata.nextLink');
        cursor = typeof link === 'string' && link.length > 0 ? link : undefined;
        request = cursor ? { ...options.request, path: cursor, query: {} } : undefined;
        break;
      }
      case 'offset': {
        offset += records.length;
        const total = options.totalPath
          ? Number(readPath(response.data, options.totalPath))
          : Number.NaN;
        const done = records.length < options.pageSize || (!Number.isNaN(total) && offset >= total);
        cursor = done ? undefined : String(offset);
        request = done
          ? undefined
          : {
              ...options.request,
              query: {
                ...options.request.query,
                [options.offsetParameter ?? 'offset']: offset,
                [options.limitParameter ?? 'limit']: options.pageSize,
              },
            };
        break;
      }
    }
    if (cursor !== undefined) {
      if (seenCursors.has(cursor)) {
        throw new ConnectorResponseError(
          `pagination cursor did not advance on ${response.url.pathname} (${options.style})`,
          { details: { style: options.style, page: pages } },
        );
      }
      seenCursors.add(cursor);
    }
  }
}

interface SearchResponse {
  pit_id?: string;
  hits?: { hits?: Array<{ sort?: unknown[] }> };
}

async function* paginateSearchAfter(
  client: HttpClient,
  options: SearchAfterPagination,
): AsyncGenerator<Page> {
  const headers = options.headers ?? {};
  const opened = await client.request<{ id?: string }>({
    method: 'POST',
    path: options.openPointInTimePath,
    query: { keep_alive: options.keepAlive ?? '1m' },
    headers,
  });
  let pitId = opened.data?.id;
  if (!pitId) {
    throw new ConnectorResponseError('point-in-time open returned no id');
  }
  let searchAfter: unknown[] | undefined;
  let pages = 0;
  try {
    while (pages < (options.maxPages ?? Number.POSITIVE_INFINITY)) {
      const response: HttpResponse<SearchResponse> = await client.request<SearchResponse>({
        method: 'POST',
        path: options.searchPath ?? '/_search',
        headers,
        json: {
          ...options.search,
          size: options.pageSize,
          pit: { id: pitId, keep_alive: options.keepAlive ?? '1m' },
          ...(searchAfter ? { search_after: searchAfter } : {}),
        },
      });
      pages += 1;
      pitId = response.data?.pit_id ?? pitId;
      const hits = response.data?.hits?.hits ?? [];
      yield { records: hits, response };
      const last = hits.at(-1);
      if (hits.length < options.pageSize || !last?.sort) break;
      searchAfter = last.sort;
    }
  } finally {
    await client
      .request({
        method: 'DELETE',
        path: options.closePointInTimePath ?? '/_pit',
        json: { id: pitId },
        headers,
        retry: false,
      })
      .catch(() => undefined);
  }
}

async function* paginateTimeWindows(
  client: HttpClient,
  options: TimeWindowPagination,
): AsyncGenerator<Page> {
  const format = options.timeFormat ?? 'iso';
  let pages = 0;
  const to = typeof options.to === 'function' ? options.to : () => options.to as number;
  // The end is read once before the first window and once after it (when the vendor clock is
  // known from the first response), then frozen so the loop cannot chase a moving "now".
  let limit = to();
  let refreshed = false;
  for (let start = options.from; start < limit; ) {
    if (pages >= (options.maxPages ?? Number.POSITIVE_INFINITY)) return;
    const end = Math.min(start + options.windowMs, limit);
    const response: HttpResponse = await client.request({
      ...options.request,
      query: {
        ...options.request.query,
        [options.startParameter ?? 'start']: formatTime(start, format),
        [options.endParameter ?? 'end']: formatTime(end, format),
      },
    });
    pages += 1;
    yield { records: recordsOf(response.data, options.recordsPath ?? '', response.url), response };
    if (!refreshed) {
      refreshed = true;
      limit = to();
    }
    start = end;
  }
}
