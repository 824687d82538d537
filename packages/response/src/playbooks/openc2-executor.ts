import { OpenMdrError } from '@openmdr/core';
import { undoCommand } from '../actions/classify.js';
import type { Command } from '../actions/command.js';
import type { CommandExecutor, CommandRequest } from './commands.js';

/** Options of {@link createOpenC2HttpExecutor}. */
export interface OpenC2HttpExecutorOptions {
  /** The OpenC2 consumer's endpoint (`https://edr.example/openc2`). */
  url: string | URL;
  /** Extra request headers (authentication). */
  headers?: Readonly<Record<string, string>>;
  /** The producer name sent in the message header `from`. */
  from?: string;
  /** `fetch` to use (default: the global one). */
  fetch?: typeof fetch;
}

function asCommand(request: CommandRequest): Command {
  return { ...(request.openc2 as Omit<Command, 'request_id'>), request_id: request.requestId };
}

/**
 * Runs `openc2-http` commands: POSTs each OpenC2 command, with its request id in the message
 * header, to an OpenC2 consumer (`Content-Type: application/openc2+json;version=1.0`) and checks the
 * OpenC2 response status. 5xx and transport errors are retryable; other non-2xx statuses are not.
 * The undo of a command (compensation) comes from the action vocabulary (`undoCommand`): contain ↔
 * allow device, disable ↔ enable account, deny ↔ allow indicator.
 */
export function createOpenC2HttpExecutor(options: OpenC2HttpExecutorOptions): CommandExecutor {
  const send = options.fetch ?? fetch;
  return {
    async execute(request, signal) {
      if (request.openc2 === undefined) {
        throw new OpenMdrError(
          'PLAYBOOK_COMMAND_INVALID',
          `command ${request.requestId} has no OpenC2 content`,
        );
      }
      const message = {
        headers: {
          request_id: request.requestId,
          created: Date.now(),
          ...(options.from === undefined ? {} : { from: options.from }),
        },
        body: { openc2: { request: request.openc2 } },
      };
      let response: Response;
      try {
        response = await send(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/openc2+json;version=1.0', ...options.headers },
          body: JSON.stringify(message),
          signal,
        });
      } catch (cause) {
        throw new OpenMdrError(
          'OPENC2_TRANSPORT',
          `OpenC2 request ${request.requestId} failed to send`,
          {
            cause,
            isRetryable: true,
          },
        );
      }
      const text = await response.text();
      let status = response.status;
      let details: unknown = text;
      try {
        const parsed = JSON.parse(text) as {
          body?: { openc2?: { response?: { status?: number } } };
        };
        details = parsed;
        status = parsed.body?.openc2?.response?.status ?? status;
      } catch {
        // not JSON: the HTTP status decides
      }
      if (status >= 300) {
        throw new OpenMdrError(
          'OPENC2_STATUS',
          `OpenC2 request ${request.requestId} answered ${status}`,
          {
            isRetryable: status >= 500,
            details: { status },
          },
        );
      }
      return { details };
    },
    undo(request) {
      if (request.openc2 === undefined) return null;
      let undone: Command | null;
      try {
        undone = undoCommand(asCommand(request));
      } catch {
        return null;
      }
      if (undone === null) return null;
      const { request_id: requestId, ...openc2 } = undone;
      return { ...request, requestId, openc2: openc2 as Record<string, unknown> };
    },
  };
}
