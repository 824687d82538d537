import { OpenMdrError, type OpenMdrErrorOptions } from '@openmdr/core';
import type { McpErrorCode } from './error-codes.js';

/** An error of `@openmdr/mcp`: bad options, or a tool call that could not be completed safely. */
export class McpServerError extends OpenMdrError {
  static override readonly marker: symbol = Symbol.for('openmdr.error.mcp.McpServerError');
  declare readonly code: McpErrorCode;

  constructor(code: McpErrorCode, message: string, options: OpenMdrErrorOptions = {}) {
    super(code, message, options);
    this.name = 'McpServerError';
  }
}
