import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticate, Principal } from '../access/principal.js';
import { httpStatusOf } from '../error-codes.js';
import { DashboardError } from '../errors.js';
import type { SocOperations } from '../operations/types.js';
import { DASHBOARD_ASSETS } from '../spa/assets.generated.js';
import { readJsonBody } from './body.js';
import { openEventStream } from './event-stream.js';
import { parseInput, queryObject } from './params.js';
import { type HttpFailure, send, sendFailure, sendJson } from './responses.js';
import { createRouter } from './router.js';
import { API_ROUTES, type ApiRoute } from './routes.js';
import { createStaticSite, type DashboardAssets } from './static-assets.js';

/** Where an error reported to {@link DashboardHandlerOptions.onError} happened. */
export interface DashboardErrorContext {
  /**
   * - `authenticate`: the authentication hook threw (the request was answered 401);
   * - `operation`: an operation failed with an error other than a `DashboardError` (500);
   * - `stream`: the event stream failed to send an event or to unsubscribe.
   */
  readonly phase: 'authenticate' | 'operation' | 'stream';
  readonly method: string;
  /** The request path, without the query string. */
  readonly path: string;
  /** The matched route's pattern (`/api/cases/:id`), when one matched. */
  readonly route?: string | undefined;
  /** The authenticated principal's id, once known. */
  readonly principal?: string | undefined;
}

/** Options of {@link createDashboardHandler}. */
export interface DashboardHandlerOptions {
  /** The SOC operations the API serves. */
  readonly operations: SocOperations;
  /** The host product's authentication; every `/api` request needs a principal. */
  readonly authenticate: Authenticate;
  /**
   * The path prefix the dashboard is served under, as the request's full URL has it (e.g. `/soc`;
   * default `''`). Express strips its mount path from `req.url`; the handler reads
   * `req.originalUrl` when present, so the prefix is the same in every server.
   */
  readonly basePath?: string | undefined;
  /** The single-page dashboard's files (default: the bundled dashboard). */
  readonly assets?: DashboardAssets | undefined;
  /** The largest JSON request body accepted, in bytes (default 64 KiB); larger ones get 413. */
  readonly maxBodyBytes?: number | undefined;
  /** Interval of the event stream's `: keep-alive` comments (default 15 s). */
  readonly keepAliveMs?: number | undefined;
  /**
   * Events an event stream keeps while its client does not read (default 1000); beyond that the
   * oldest are dropped and an `overflow` event tells the client to refetch.
   */
  readonly maxQueuedEvents?: number | undefined;
  /**
   * Told about errors the client does not see: operations failing with anything but a
   * `DashboardError` (answered 500 `INTERNAL`), a throwing authentication hook (answered 401), a
   * failing event stream. Default: `console.error`. The request's headers (credentials) are never
   * passed.
   */
  readonly onError?: ((error: unknown, context: DashboardErrorContext) => void) | undefined;
}

/**
 * A request handler in Node's `(req, res)` shape, with Express's optional `next`: called (with no
 * argument) for requests outside the base path; without `next` those get 404.
 */
export type DashboardHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (error?: unknown) => void,
) => void;

/** A request as Express leaves it: the URL before its mount path was stripped. */
interface MaybeRewrittenRequest extends IncomingMessage {
  readonly originalUrl?: string;
}

const NOT_FOUND: HttpFailure = {
  status: 404,
  code: 'DASHBOARD_NOT_FOUND',
  message: 'no such API route',
};
const INTERNAL: HttpFailure = { status: 500, code: 'INTERNAL', message: 'internal error' };
const UNAUTHENTICATED_HEADERS = { 'www-authenticate': 'Bearer' };
const API_HEADERS = { 'cache-control': 'no-store' };

/**
 * Creates the dashboard's HTTP handler: the JSON API under `<basePath>/api` (every route
 * authenticated, tenant- and role-checked by the operations), the live event stream
 * `<basePath>/api/events` (Server-Sent Events) and the single-page dashboard everywhere else under
 * `<basePath>`. Mount it in Node's `http.createServer(handler)`, Express
 * (`app.use('/soc', handler)` with `basePath: '/soc'`), Fastify (hijack the reply and pass
 * `req.raw, reply.raw`) or Hono on `@hono/node-server` (`c.env.incoming, c.env.outgoing`).
 *
 * Errors answer `{error: {code, message}}`: the status of a `DashboardError`'s code (401, 403,
 * 400, 404), 413 / 415 for a body too large or not JSON, and 500 `INTERNAL` for anything else,
 * whose message and stack go to `onError` only.
 *
 * @example
 * ```ts
 * const handler = createDashboardHandler({ operations, authenticate });
 * http.createServer(handler).listen(8080, '127.0.0.1');
 * ```
 */
export function createDashboardHandler(options: DashboardHandlerOptions): DashboardHandler {
  const basePath = normaliseBasePath(options.basePath ?? '');
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;
  const keepAliveMs = options.keepAliveMs ?? 15_000;
  const maxQueuedEvents = options.maxQueuedEvents ?? 1000;
  const onError = options.onError ?? defaultOnError;
  const { operations, authenticate } = options;
  const router = createRouter(API_ROUTES);
  const site = createStaticSite(options.assets ?? DASHBOARD_ASSETS, basePath);

  const report = (error: unknown, context: DashboardErrorContext): void => {
    try {
      onError(error, context);
    } catch {
      // a failing error hook must not take the server down
    }
  };

  const handleApi = async (
    req: IncomingMessage,
    res: ServerResponse,
    url: string,
    path: string,
    search: URLSearchParams,
  ): Promise<void> => {
    const method = req.method ?? 'GET';
    let principal: Principal | null;
    try {
      principal = await authenticate({ method, url, headers: req.headers });
    } catch (error) {
      report(error, { phase: 'authenticate', method, path });
      principal = null;
    }
    if (principal === null || principal === undefined) {
      req.resume();
      sendFailure(
        res,
        { status: 401, code: 'DASHBOARD_UNAUTHENTICATED', message: 'authentication required' },
        { ...API_HEADERS, ...UNAUTHENTICATED_HEADERS },
      );
      return;
    }
    let route: ApiRoute | undefined;
    try {
      const match = router.match(method, path);
      if (match.kind !== 'found') {
        req.resume();
        if (match.kind === 'not-found') sendFailure(res, NOT_FOUND, API_HEADERS);
        else
          sendFailure(
            res,
            {
              status: 405,
              code: 'DASHBOARD_METHOD_NOT_ALLOWED',
              message: `${method} is not allowed here`,
            },
            { ...API_HEADERS, allow: match.allow.join(', ') },
          );
        return;
      }
      route = match.route;
      const query = parseInput(route.query, queryObject(search), 'query parameter');
      if (route.kind === 'stream') {
        req.resume();
        const tenant = (query as { tenant?: string }).tenant;
        const context = {
          phase: 'stream',
          method,
          path,
          route: route.path,
          principal: principal.id,
        } as const;
        await openEventStream(res, operations, principal, tenant, {
          keepAliveMs,
          maxQueuedEvents,
          onError: (error) => report(error, context),
        });
        return;
      }
      let body: unknown;
      if (route.body !== undefined) {
        const read = await readJsonBody(req, maxBodyBytes);
        if (!read.ok) {
          sendFailure(res, read.failure, API_HEADERS);
          return;
        }
        body = parseInput(route.body, read.value ?? {}, 'body field');
      } else {
        req.resume();
      }
      const result = await route.run({ operations, principal, query, body, params: match.params });
      sendJson(res, 200, result, API_HEADERS);
    } catch (error) {
      if (DashboardError.isInstance(error)) {
        const failure: HttpFailure = {
          status: httpStatusOf(error.code),
          code: error.code,
          message: error.message,
        };
        sendFailure(
          res,
          failure,
          error.code === 'DASHBOARD_UNAUTHENTICATED'
            ? { ...API_HEADERS, ...UNAUTHENTICATED_HEADERS }
            : API_HEADERS,
        );
        return;
      }
      report(error, {
        phase: 'operation',
        method,
        path,
        route: route?.path,
        principal: principal.id,
      });
      sendFailure(res, INTERNAL, API_HEADERS);
    }
  };

  return (req, res, next) => {
    const url = (req as MaybeRewrittenRequest).originalUrl ?? req.url ?? '/';
    const queryAt = url.indexOf('?');
    const fullPath = queryAt === -1 ? url : url.slice(0, queryAt);
    const path = relativePath(fullPath, basePath);
    if (path === undefined) {
      if (next !== undefined) next();
      else {
        req.resume();
        send(res, 404, 'text/plain; charset=utf-8', 'Not Found');
      }
      return;
    }
    if (path === '/api' || path.startsWith('/api/')) {
      const search = new URLSearchParams(queryAt === -1 ? '' : url.slice(queryAt + 1));
      handleApi(req, res, url, path, search).catch((error: unknown) => {
        report(error, { phase: 'operation', method: req.method ?? 'GET', path });
        sendFailure(res, INTERNAL, API_HEADERS);
      });
      return;
    }
    req.resume();
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain; charset=utf-8', 'Method Not Allowed', { allow: 'GET, HEAD' });
      return;
    }
    site.serve(res, path, req.method === 'HEAD');
  };
}

/** `''` or `/prefix` without a trailing slash. */
function normaliseBasePath(basePath: string): string {
  const trimmed = basePath.replace(/\/+$/, '');
  if (trimmed === '') return '';
  if (!trimmed.startsWith('/') || /[?#]/.test(trimmed))
    throw new TypeError(`basePath must be empty or start with '/': ${basePath}`);
  return trimmed;
}

/** The path below `basePath`, or `undefined` for a path outside it. */
function relativePath(path: string, basePath: string): string | undefined {
  if (!path.startsWith('/')) return undefined;
  if (basePath === '') return path;
  if (path === basePath) return '/';
  return path.startsWith(`${basePath}/`) ? path.slice(basePath.length) : undefined;
}

function defaultOnError(error: unknown, context: DashboardErrorContext): void {
  console.error(
    `@openmdr/dashboard: ${context.phase} failed on ${context.method} ${context.path}`,
    error,
  );
}
