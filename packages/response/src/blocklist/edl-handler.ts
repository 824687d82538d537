import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Clock, type Store, systemClock } from '@openmdr/core';
import { isLive, readBlocklist } from './blocklist-store.js';
import { BLOCKLIST_TYPES, type BlocklistType } from './blocklist-types.js';

/** How a firewall authenticates to a tenant's lists. */
export type EdlCredentials = { bearer: string } | { basic: { username: string; password: string } };

/** Options of {@link createEdlHandler}. */
export interface EdlHandlerOptions {
  /** The store holding every tenant's lists (each read through `forTenant`). */
  store: Store;
  /** The path prefix the lists are served under. Default `/edl`. */
  basePath?: string;
  /**
   * The credentials a tenant's lists require; `undefined` serves them without authentication.
   * Called per request, so rotated secrets apply at once.
   */
  credentials?: (
    tenant: string,
  ) => EdlCredentials | undefined | Promise<EdlCredentials | undefined>;
  /** Which tenants exist; others answer 404. Default: every valid tenant id. */
  tenants?: (tenant: string) => boolean | Promise<boolean>;
  /** The time source (inject a manual clock in tests). Default the wall clock. */
  clock?: Clock;
}

/** A plain node request handler; resolves `false` when the path is not under `basePath`. */
export type EdlHandler = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

const FILES: Readonly<Record<string, BlocklistType>> = Object.fromEntries(
  BLOCKLIST_TYPES.map((list) => [`${list}.txt`, list]),
);

function same(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function authorized(header: string | undefined, credentials: EdlCredentials): boolean {
  if (header === undefined) return false;
  const [scheme = '', token = ''] = header.split(/\s+/, 2);
  if ('bearer' in credentials) {
    return scheme.toLowerCase() === 'bearer' && same(token, credentials.bearer);
  }
  if (scheme.toLowerCase() !== 'basic') return false;
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const { username, password } = credentials.basic;
  return same(decoded, `${username}:${password}`);
}

function send(
  response: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-cache',
    ...headers,
  });
  response.end(body);
}

/**
 * A plain node `(request, response)` handler serving each tenant's blocklists in the External
 * Dynamic List format PAN-OS, FortiGate (external threat feeds) and Check Point (custom
 * intelligence feeds / network feeds) poll: `GET <basePath>/<tenant>/ip.txt`, `domain.txt` and
 * `url.txt`, plain text, one entry per line, sorted, expired entries left out at serve time.
 * Answers with a strong `ETag` (hash of the body) and `Last-Modified`, and 304 to a matching
 * `If-None-Match` (or, without one, an `If-Modified-Since` not older than the list). With
 * `credentials`, a tenant's lists need that bearer token or basic user and password (401 with
 * `WWW-Authenticate` otherwise). Mount it in any server; it resolves `false` for other paths.
 *
 * @example
 * ```ts
 * const edl = createEdlHandler({ store, credentials: (tenant) => ({ bearer: tokens[tenant] }) });
 * createServer(async (req, res) => { if (!(await edl(req, res))) { res.statusCode = 404; res.end(); } });
 * ```
 */
export function createEdlHandler(options: EdlHandlerOptions): EdlHandler {
  const base = (options.basePath ?? '/edl').replace(/\/+$/, '');
  const clock = options.clock ?? systemClock;
  return async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://edl.invalid').pathname;
    if (!path.startsWith(`${base}/`)) return false;
    const parts = path.slice(base.length + 1).split('/');
    const [rawTenant = '', file = ''] = parts;
    const list = FILES[file];
    if (parts.length !== 2 || list === undefined || rawTenant === '') {
      send(response, 404, 'not found\n');
      return true;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(response, 405, 'method not allowed\n', { allow: 'GET, HEAD' });
      return true;
    }
    try {
      let tenant: string;
      try {
        tenant = decodeURIComponent(rawTenant);
      } catch {
        send(response, 404, 'not found\n');
        return true;
      }
      if (options.tenants !== undefined && !(await options.tenants(tenant))) {
        send(response, 404, 'not found\n');
        return true;
      }
      const credentials = await options.credentials?.(tenant);
      if (credentials !== undefined && !authorized(request.headers.authorization, credentials)) {
        const scheme = 'bearer' in credentials ? 'Bearer' : 'Basic';
        send(response, 401, 'unauthorized\n', {
          'www-authenticate': `${scheme} realm="openmdr-edl"`,
        });
        return true;
      }
      let store: ReturnType<Store['forTenant']>;
      try {
        store = options.store.forTenant(tenant);
      } catch {
        send(response, 404, 'not found\n');
        return true;
      }
      const now = clock.now();
      const { document } = await readBlocklist(store, list);
      const live: string[] = [];
      let modified = document.updatedAt;
      for (const entry of Object.values(document.entries)) {
        if (isLive(entry, now)) live.push(entry.value);
        else modified = Math.max(modified, entry.expiresAt ?? 0);
      }
      live.sort();
      const body = live.map((value) => `${value}\n`).join('');
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      const lastModified = new Date(Math.floor(modified / 1000) * 1000).toUTCString();
      const headers = { etag, 'last-modified': lastModified };
      const ifNoneMatch = request.headers['if-none-match'];
      const ifModifiedSince = request.headers['if-modified-since'];
      const notModified =
        ifNoneMatch !== undefined
          ? ifNoneMatch
              .split(',')
              .some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*')
          : ifModifiedSince !== undefined &&
            Date.parse(ifModifiedSince) >= Date.parse(lastModified);
      if (notModified) {
        response.writeHead(304, { ...headers, 'cache-control': 'no-cache' });
        response.end();
        return true;
      }
      if (request.method === 'HEAD') {
        response.writeHead(200, {
          'content-type': 'text/plain; charset=utf-8',
          'cache-control': 'no-cache',
          'content-length': String(Buffer.byteLength(body)),
          ...headers,
        });
        response.end();
        return true;
      }
      send(response, 200, body, headers);
    } catch {
      if (!response.headersSent) send(response, 500, 'internal error\n');
      else response.end();
    }
    return true;
  };
}
