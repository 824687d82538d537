import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { OpenMdrError } from '@openmdr/core';

/** The error a failed tool call reports: a stable code and a message, never a stack. */
export interface ToolErrorBody {
  readonly code: string;
  readonly message: string;
}

/**
 * The result of a successful call: the value as compact JSON text (what every client shows the
 * model) and as `structuredContent` (an object: lists are wrapped as `{ items }`).
 */
export function toolSuccess(value: unknown): CallToolResult {
  const structured = (
    Array.isArray(value) ? { items: value } : (value ?? {})
  ) as CallToolResult['structuredContent'];
  return {
    content: [{ type: 'text', text: JSON.stringify(structured) }],
    structuredContent: structured,
  };
}

/** The result of a failed call: `isError`, and `{ error: { code, message } }` as text and structure. */
export function toolFailure(body: ToolErrorBody): CallToolResult {
  const structured = { error: { code: body.code, message: body.message } };
  return {
    content: [{ type: 'text', text: JSON.stringify(structured) }],
    structuredContent: structured,
    isError: true,
  };
}

/**
 * What a caller may learn of an error: an OpenMDR error's code and (redacted) message, e.g.
 * `DASHBOARD_FORBIDDEN`; anything else is `MCP_TOOL_FAILED` with a generic message, since its
 * message may hold internals (addresses, paths) the agent has no business seeing.
 */
export function toolErrorBody(error: unknown): ToolErrorBody {
  if (OpenMdrError.isInstance(error)) return { code: error.code, message: error.message };
  return { code: 'MCP_TOOL_FAILED', message: 'the tool failed; the server logged the error' };
}
