import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Authenticate, AuthRequest, Principal, SocOperations } from '@openmdr/dashboard';
import { McpServerError } from './mcp-errors.js';
import {
  type AuditLogOf,
  auditTenants,
  type OnToolCall,
  type ToolCallRecord,
  tenantOfCall,
} from './tool-call-audit.js';
import { toolErrorBody, toolFailure, toolSuccess } from './tool-result.js';
import { SOC_TOOLS, type SocTool } from './tools.js';
import { VERSION } from './version.js';

/**
 * The codes of the checks an operation makes before it audits anything itself: a call refused by
 * them is recorded by the MCP server even for a tool whose operation audits its own calls.
 */
const REFUSED_BEFORE_OPERATION_AUDIT: ReadonlySet<string> = new Set([
  'DASHBOARD_UNAUTHENTICATED',
  'DASHBOARD_FORBIDDEN',
  'DASHBOARD_TENANT_REQUIRED',
  'DASHBOARD_INVALID',
]);

/** Options shared by {@link createMcpServer} and `createMcpHttpHandler`. */
export interface McpServerBaseOptions {
  /** The SOC operations the tools run (`createSocOperations` of `@openmdr/dashboard`). */
  readonly operations: SocOperations;
  /** The server name announced to clients. Default `openmdr`. */
  readonly name?: string | undefined;
  /** The server version announced to clients. Default this package's version. */
  readonly version?: string | undefined;
  /**
   * The audit log of a tenant. When given, a call appends an `access.call` record (actor: the
   * principal; data: channel `mcp`, tool, input, outcome, duration) to the log of the tenant(s) it
   * concerns, unless its operation audits it itself ({@link SocTool.auditedByOperation}: the
   * mutations and `explainScore`, whose refusals by the tenant, role and input checks are still
   * recorded here). When the append fails, the result is withheld (`MCP_AUDIT_FAILED`).
   */
  readonly audit?: AuditLogOf | undefined;
  /** Sees every tool call once finished (after the audit log). A throw withholds the result. */
  readonly onToolCall?: OnToolCall | undefined;
  /**
   * Sees errors the caller is not told about: an unexpected error in a tool (reported to the
   * caller as `MCP_TOOL_FAILED`), a failed audit, a throwing `authenticate`. Default: ignored.
   */
  readonly onError?: ((error: unknown, context: { readonly tool: string }) => void) | undefined;
}

/** Options of {@link createMcpServer}: a fixed principal (stdio), or an authentication hook. */
export type CreateMcpServerOptions = McpServerBaseOptions &
  (
    | {
        /** The principal every call runs as (stdio: the one the host authenticated at start). */
        readonly principal: Principal;
        readonly authenticate?: undefined;
      }
    | {
        /**
         * Resolves the principal on every tool call, from `{ method: 'MCP', url:
         * 'mcp:tools/call/<tool>', headers }` (headers of the HTTP request when there is one).
         * `null` or a throw: the call fails with `DASHBOARD_UNAUTHENTICATED`.
         */
        readonly authenticate: Authenticate;
        readonly principal?: undefined;
      }
  );

/**
 * An MCP server whose tools are OpenMDR's SOC operations: `overview`, `search_findings`,
 * `search_cases`, `get_case`, `sla_status`, `list_pending_approvals`, `explain_score`,
 * `run_hunt`, `add_case_comment` and `propose_action` (which never executes: it evaluates policy
 * and requests approval). There is no tool to approve or deny: that is a human's decision.
 *
 * Every tool is listed to every principal; a call the principal's roles or tenants do not allow
 * fails with the operation's error (`DASHBOARD_FORBIDDEN`, …) as a tool error result
 * (`isError: true`, `{ error: { code, message } }`). Tools carry `readOnlyHint` and
 * `destructiveHint` annotations. Every call is reported to `onToolCall` and, with `audit`, on the
 * tenant's audit log.
 *
 * @example stdio, for a principal the host resolved from its configuration:
 * ```ts
 * import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
 * const server = createMcpServer({ operations, principal });
 * await server.connect(new StdioServerTransport());
 * ```
 */
export function createMcpServer(options: CreateMcpServerOptions): McpServer {
  if (typeof options?.operations !== 'object' || options.operations === null)
    throw new McpServerError('MCP_OPTIONS_INVALID', 'createMcpServer needs `operations`');
  const hasPrincipal = options.principal !== undefined;
  const hasAuthenticate = options.authenticate !== undefined;
  if (hasPrincipal === hasAuthenticate)
    throw new McpServerError(
      'MCP_OPTIONS_INVALID',
      'createMcpServer needs exactly one of `principal` and `authenticate`',
    );
  const server = new McpServer(
    { name: options.name ?? 'openmdr', version: options.version ?? VERSION },
    {
      instructions:
        "OpenMDR's SOC tools. Reads are scoped to your tenants and roles. propose_action never executes an action: it requests approval from a human approver, and nothing here can approve.",
    },
  );
  for (const tool of SOC_TOOLS) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        annotations: { title: tool.title, ...tool.annotations },
      },
      (args, extra) =>
        callTool(options, tool, args as Record<string, unknown>, extra.requestInfo?.headers ?? {}),
    );
  }
  return server;
}

async function resolvePrincipal(
  options: CreateMcpServerOptions,
  tool: SocTool,
  headers: AuthRequest['headers'],
): Promise<Principal | null> {
  if (options.principal !== undefined) return options.principal;
  try {
    return await options.authenticate({
      method: 'MCP',
      url: `mcp:tools/call/${tool.name}`,
      headers,
    });
  } catch (error) {
    options.onError?.(error, { tool: tool.name });
    return null;
  }
}

async function callTool(
  options: CreateMcpServerOptions,
  tool: SocTool,
  args: Record<string, unknown>,
  headers: AuthRequest['headers'],
): Promise<CallToolResult> {
  const started = performance.now();
  const principal = await resolvePrincipal(options, tool, headers);
  if (principal === null) {
    const body = { code: 'DASHBOARD_UNAUTHENTICATED', message: 'no authenticated principal' };
    await report(options, tool, null, args, {
      ok: false,
      code: body.code,
      durationMs: performance.now() - started,
    });
    return toolFailure(body);
  }
  let result: CallToolResult;
  let outcome: { ok: boolean; code?: string };
  try {
    result = toolSuccess(await tool.run(options.operations, principal, args));
    outcome = { ok: true };
  } catch (error) {
    const body = toolErrorBody(error);
    if (body.code === 'MCP_TOOL_FAILED') options.onError?.(error, { tool: tool.name });
    result = toolFailure(body);
    outcome = { ok: false, code: body.code };
  }
  const audited = await report(options, tool, principal, args, {
    ...outcome,
    durationMs: performance.now() - started,
  });
  return audited
    ? result
    : toolFailure({ code: 'MCP_AUDIT_FAILED', message: 'the call could not be audited' });
}

/** Audits a finished call; false when the audit log or the hook failed. */
async function report(
  options: CreateMcpServerOptions,
  tool: SocTool,
  principal: Principal | null,
  args: Record<string, unknown>,
  outcome: { ok: boolean; code?: string; durationMs: number },
): Promise<boolean> {
  const tenant = tenantOfCall(principal, args['tenant']);
  const record: ToolCallRecord = {
    tool: tool.name,
    principal: principal?.id ?? 'anonymous',
    tenant,
    ok: outcome.ok,
    ...(outcome.code === undefined ? {} : { code: outcome.code }),
    durationMs: Math.round(outcome.durationMs * 1000) / 1000,
  };
  try {
    const recordHere =
      !tool.auditedByOperation ||
      (outcome.code !== undefined && REFUSED_BEFORE_OPERATION_AUDIT.has(outcome.code));
    if (options.audit !== undefined && principal !== null && recordHere) {
      const tenants = await auditTenants(options.operations, principal, tenant);
      await Promise.all(
        tenants.map((id) =>
          options.audit?.(id).append({
            type: 'access.call',
            actor: principal.id,
            data: {
              channel: 'mcp',
              tool: tool.name,
              tenant,
              input: args,
              ok: record.ok,
              code: record.code ?? null,
              durationMs: record.durationMs,
            },
          }),
        ),
      );
    }
    await options.onToolCall?.(record);
    return true;
  } catch (error) {
    options.onError?.(error, { tool: tool.name });
    return false;
  }
}
