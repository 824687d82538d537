import type { ActionDefinition, ActionResult } from '@openmdr/connector-kit';
import { defineAction } from '@openmdr/connector-kit';
import * as z from 'zod';
import type { DarktraceClient } from './client.js';
import type { DarktraceConfig } from './config.js';
import { codeidSchema, durationSchema, reasonSchema } from './respond-inputs.js';

/** The path of Darktrace RESPOND/Network actions (`GET` lists them, `POST` changes one). */
export const DARKTRACE_ANTIGENA_PATH = '/antigena';

/** Input of `activate-respond-action`: a pending action, with an optional duration. */
export const activateRespondInputSchema = z.object({
  /** The RESPOND action (`codeid`). */
  codeid: codeidSchema,
  /** Seconds it stays active. Default: the model's "RESPOND Action Duration". */
  duration: durationSchema.optional(),
  /** Why, written to the action history. */
  reason: reasonSchema.optional(),
});

/** Input of `extend-respond-action` and `reactivate-respond-action`: the duration is required. */
export const timedRespondInputSchema = z.object({
  /** The RESPOND action (`codeid`). */
  codeid: codeidSchema,
  /**
   * Seconds from now the action covers. For an extension this is the new remaining time, not
   * time added: 600 on an action with 100 s left makes it last 600 s more.
   */
  duration: durationSchema,
  /** Why, written to the action history. */
  reason: reasonSchema.optional(),
});

/** Input of `clear-respond-action`. */
export const clearRespondInputSchema = z.object({
  /** The RESPOND action (`codeid`). */
  codeid: codeidSchema,
  /** Why, written to the action history. */
  reason: reasonSchema.optional(),
});

/** Output of the `codeid` actions: the action and what was asked of it. */
export const respondChangeOutputSchema = z.object({
  /** The RESPOND action. */
  codeid: z.int().positive(),
  /** What was done: `activate`, `extend`, `clear` or `reactivate`. */
  change: z.enum(['activate', 'extend', 'clear', 'reactivate']),
  /** The duration sent, seconds, when one was. */
  duration: z.int().positive().optional(),
});

type Change = z.output<typeof respondChangeOutputSchema>['change'];
type ChangeOutput = z.input<typeof respondChangeOutputSchema>;
type ChangeInput = {
  codeid: number | string;
  duration?: number | undefined;
  reason?: string | undefined;
};

/** The JSON body of `POST /antigena` for `change`, as the API guide lists its fields. */
export function respondChangeBody(change: Change, input: ChangeInput): Record<string, unknown> {
  const body: Record<string, unknown> = { codeid: Number(input.codeid) };
  if (change === 'activate' || change === 'reactivate') body['activate'] = true;
  if (change === 'clear') body['clear'] = true;
  if (change !== 'clear' && input.duration !== undefined) body['duration'] = input.duration;
  if (input.reason !== undefined) body['reason'] = input.reason;
  return body;
}

/** The action posting `change` of a RESPOND action to `/antigena`. */
function respondChange(
  change: Change,
): ActionDefinition<DarktraceConfig, DarktraceClient, ChangeInput, ChangeOutput> {
  return {
    run: async (input, { client }): Promise<ActionResult<ChangeOutput>> => {
      await client.api.request({
        method: 'POST',
        path: DARKTRACE_ANTIGENA_PATH,
        json: respondChangeBody(change, input),
      });
      return {
        status: 'completed',
        output: {
          codeid: Number(input.codeid),
          change,
          ...(change !== 'clear' && input.duration !== undefined
            ? { duration: input.duration }
            : {}),
        },
      };
    },
  };
}

/** `activate-respond-action`: `POST /antigena` `{ codeid, activate: true[, duration, reason] }`. */
export const activateRespondAction = respondChange('activate');
/** `extend-respond-action`: `POST /antigena` `{ codeid, duration[, reason] }`. */
export const extendRespondAction = respondChange('extend');
/** `clear-respond-action`: `POST /antigena` `{ codeid, clear: true[, reason] }`. */
export const clearRespondAction = respondChange('clear');
/** `reactivate-respond-action`: `POST /antigena` `{ codeid, activate: true, duration[, reason] }`. */
export const reactivateRespondAction = respondChange('reactivate');

const PERMISSIONS = ['antigena:respond'];

/** Manifest entries of the `codeid` actions (no action kind: they need a RESPOND action id). */
export const respondChangeManifests = {
  'activate-respond-action': defineAction({
    description:
      'Activate (confirm) a pending RESPOND action (POST /antigena, { codeid, activate: true, duration?, reason? }).',
    input: activateRespondInputSchema,
    output: respondChangeOutputSchema,
    asynchronous: false,
    requiredPermissions: PERMISSIONS,
  }),
  'extend-respond-action': defineAction({
    description:
      'Set the remaining time of an active RESPOND action (POST /antigena, { codeid, duration, reason? }).',
    input: timedRespondInputSchema,
    output: respondChangeOutputSchema,
    asynchronous: false,
    requiredPermissions: PERMISSIONS,
  }),
  'clear-respond-action': defineAction({
    description:
      'Clear an active, pending or expired RESPOND action (POST /antigena, { codeid, clear: true, reason? }).',
    input: clearRespondInputSchema,
    output: respondChangeOutputSchema,
    asynchronous: false,
    requiredPermissions: PERMISSIONS,
  }),
  'reactivate-respond-action': defineAction({
    description:
      'Reactivate a cleared or expired RESPOND action (POST /antigena, { codeid, activate: true, duration, reason? }).',
    input: timedRespondInputSchema,
    output: respondChangeOutputSchema,
    asynchronous: false,
    requiredPermissions: PERMISSIONS,
  }),
};
