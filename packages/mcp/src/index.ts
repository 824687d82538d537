/**
 * `@openmdr/mcp`: a Model Context Protocol server exposing OpenMDR's SOC operations as tools,
 * under the host's authentication, the operations' tenant and role checks, the response policy
 * and human approvals, every call audited.
 *
 * @packageDocumentation
 */

export { MCP_ERROR_CODES, type McpErrorCode } from './error-codes.js';
export { McpServerError } from './mcp-errors.js';
export {
  createMcpHttpHandler,
  type McpHttpHandler,
  type McpHttpHandlerOptions,
} from './mcp-http-handler.js';
export {
  type CreateMcpServerOptions,
  createMcpServer,
  type McpServerBaseOptions,
} from './mcp-server.js';
export {
  type McpStdioSession,
  type McpStdioStreams,
  serveMcpOverStdio,
} from './serve-stdio.js';
export type { AuditLogOf, OnToolCall, ToolCallRecord } from './tool-call-audit.js';
export type { ToolErrorBody } from './tool-result.js';
export { SOC_TOOLS, type SocTool, type SocToolKind, type SocToolName } from './tools.js';
export { VERSION } from './version.js';
