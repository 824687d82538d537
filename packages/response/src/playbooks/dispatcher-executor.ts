import { OpenMdrError } from '@openmdr/core';
import { undoCommand } from '../actions/classify.js';
import type { Command } from '../actions/command.js';
import type { CommandDispatcher } from '../actuators/command-dispatcher.js';
import type { CommandExecutor, CommandRequest } from './commands.js';

/** Options of {@link createDispatcherExecutor}. */
export interface DispatcherExecutorOptions {
  /** Who asks, for the audit log (default `playbook`). */
  actor?: string;
}

const toCommand = (request: CommandRequest): Command =>
  ({ ...request.openc2, request_id: request.requestId }) as Command;

/**
 * Runs `openc2-http` commands through a {@link CommandDispatcher}: the tenant's policy, approvals,
 * the actuator of the connector (CrowdStrike, Defender, Okta, …), polling, idempotency by request
 * id and the audit log all apply. A command still processing or awaiting approval (status 102)
 * fails the attempt with a retryable `ACTION_PENDING`, so step retries poll it (the dispatcher
 * answers a repeated request id from its record, never acting twice); statuses ≥ 300 fail the step.
 */
export function createDispatcherExecutor(
  dispatcher: CommandDispatcher,
  options: DispatcherExecutorOptions = {},
): CommandExecutor {
  return {
    async execute(request) {
      if (request.openc2 === undefined) {
        throw new OpenMdrError(
          'PLAYBOOK_COMMAND_INVALID',
          `command ${request.requestId} has no OpenC2 content`,
        );
      }
      const command = toCommand(request);
      const outcome = await dispatcher.dispatch(command, { actor: options.actor ?? 'playbook' });
      const { status, status_text: text } = outcome.response;
      if (status === 102) {
        throw new OpenMdrError(
          'ACTION_PENDING',
          `command ${request.requestId} is pending: ${text ?? 'processing'}`,
          {
            isRetryable: true,
            details: { status },
          },
        );
      }
      if (status >= 300) {
        throw new OpenMdrError(
          'ACTION_REFUSED',
          `command ${request.requestId} answered ${status}: ${text ?? ''}`,
          {
            details: { status, decision: outcome.decision?.decision ?? null },
          },
        );
      }
      return { details: outcome.response };
    },
    undo(request) {
      if (request.openc2 === undefined) return null;
      let undone: Command | null;
      try {
        undone = undoCommand(toCommand(request));
      } catch {
        return null;
      }
      if (undone === null) return null;
      const { request_id: requestId, ...openc2 } = undone;
      return { ...request, requestId, openc2: openc2 as Record<string, unknown> };
    },
  };
}
