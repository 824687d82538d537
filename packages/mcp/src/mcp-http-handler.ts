import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Authenticate, Principal } from '@openmdr/dashboard';
import { McpServerError } from './mcp-errors.js';
import { createMcpServer, type McpServerBaseOptions } from './mcp-server.js';

/** Options of {@link createMcpHttpHandler}. */
export interface McpHttpHandlerOptions extends McpServerBaseOptions {
  /**
   * The host product's authentication, called on every request (a Bearer token, a session
   * cookie). `null` or a throw: 401 and no MCP processing at all.
   */
  readonly authenticate: Authenticate;
}

/**
 * A Node request handler, `(req, res, next?)`: mount it on one path (`/mcp`) of Node's `http`,
 * Express, Fastify (`reply.raw`) or Hono's Node adapter. A body already parsed by the framework
 * (`req.body`) is used as is.
 */
export type McpHttpHandler = (
  request: IncomingMessage & { body?: unknown },
  response: ServerResponse,
  next?: (error?: unknown) => void,
) => Promise<void>;

function sendJson(response: ServerResponse, status: number, body: unknown, headers = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/**
 * The MCP tools over Streamable HTTP, stateless: every request is authenticated with
 * `authenticate` (401 `DASHBOARD_UNAUTHENTICATED` without a principal), then served by a server
 * bound to that request's principal, so that no principal outlives its request. POST carries the
 * JSON-RPC messages; GET and DELETE (sessions, server-initiated streams) answer 405.
 *
 * @example Node's http:
 * ```ts
 * const mcp = createMcpHttpHandler({ operations, authenticate, audit: (t) => auditLogs.get(t) });
 * createServer((req, res) => (req.url?.startsWith('/mcp') ? mcp(req, res) : app(req, res)))
 *   .listen(8080, '127.0.0.1');
 * ```
 */
export function createMcpHttpHandler(options: McpHttpHandlerOptions): McpHttpHandler {
  if (typeof options?.authenticate !== 'function')
    throw new McpServerError('MCP_OPTIONS_INVALID', 'createMcpHttpHandler needs `authenticate`');
  const { authenticate, ...base } = options;
  return async (request, response, next) => {
    try {
      let principal: Principal | null;
      try {
        principal = await authenticate({
          method: request.method ?? 'GET',
          url: request.url ?? '/',
          headers: request.headers,
        });
      } catch (error) {
        options.onError?.(error, { tool: '-' });
        principal = null;
      }
      if (principal === null) {
        sendJson(
          response,
          401,
          { error: { code: 'DASHBOARD_UNAUTHENTICATED', message: 'authentication required' } },
          { 'www-authenticate': 'Bearer' },
        );
        return;
      }
      if (request.method !== 'POST') {
        sendJson(
          response,
          405,
          {
            error: {
              code: 'DASHBOARD_INVALID',
              message: 'this MCP endpoint is stateless: POST only',
            },
          },
          { allow: 'POST' },
        );
        return;
      }
      const server = createMcpServer({ ...base, principal });
      // no session id generator: stateless
      const transport = new StreamableHTTPServerTransport({ enableJsonResponse: true });
      response.on('close', () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      await transport.handleRequest(request, response, request.body);
    } catch (error) {
      if (next !== undefined) {
        next(error);
        return;
      }
      options.onError?.(error, { tool: '-' });
      if (!response.headersSent)
        sendJson(response, 500, { error: { code: 'MCP_TOOL_FAILED', message: 'internal error' } });
      else response.end();
    }
  };
}
