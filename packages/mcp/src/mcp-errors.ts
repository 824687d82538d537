import { OpenMdrError, type OpenMdrErrorOptions } from '@openmdr/core';
import type { McpErrorCode } from './error-codes.js';

/**
 * An error of `@openmdr/mcp`: bad options, or a tool call that could not be completed safely.
 *
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#mcp_options_invalid | MCP_OPTIONS_INVALID} in the error reference
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#mcp_tool_failed | MCP_TOOL_FAILED} in the error reference
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#mcp_audit_failed | MCP_AUDIT_FAILED} in the error reference
 */
export class McpServerError extends OpenMdrError {
  static override readonly marker: symbol = Symbol.for('openmdr.error.mcp.McpServerError');
  declare readonly code: McpErrorCode;

  constructor(code: McpErrorCode, message: string, options: OpenMdrErrorOptions = {}) {
    super(code, message, options);
    this.name = 'McpServerError';
  }
}
