/** Every code of {@link McpServerError}, in documentation order. */
export const MCP_ERROR_CODES = [
  'MCP_OPTIONS_INVALID',
  'MCP_TOOL_FAILED',
  'MCP_AUDIT_FAILED',
] as const;

/**
 * A code of `@openmdr/mcp`:
 * - `MCP_OPTIONS_INVALID`: `createMcpServer` or `createMcpHttpHandler` got unusable options
 *   (neither or both of `principal` and `authenticate`, no `operations`).
 * - `MCP_TOOL_FAILED`: a tool failed with an error that is not an OpenMDR error; the tool result
 *   says only this code (the error itself goes to `onError`).
 * - `MCP_AUDIT_FAILED`: the call could not be audited (the audit log or the `onToolCall` hook
 *   failed), so its result was withheld.
 */
export type McpErrorCode = (typeof MCP_ERROR_CODES)[number];
