import type { ActionDefinition, ActionResult } from '@openmdr/connector-kit';
import { defineAction } from '@openmdr/connector-kit';
import * as z from 'zod';
import type { DarktraceClient } from './client.js';
import type { DarktraceConfig } from './config.js';

/** A model breach id (`pbid`): a positive integer, as a number or a string of digits. */
const pbidSchema = z.union([z.int().positive(), z.string().regex(/^\d+$/, 'a pbid is numeric')]);

/** Input of `acknowledge-breach` and `unacknowledge-breach`. */
export const breachInputSchema = z.object({
  /** The model breach id (`pbid`). */
  pbid: pbidSchema,
});

/** Output of `acknowledge-breach` and `unacknowledge-breach`. */
export const breachAcknowledgementOutputSchema = z.object({
  /** The breach. */
  pbid: z.string(),
  /** Whether it is now acknowledged. */
  acknowledged: z.boolean(),
});

/** Input of `comment-breach`. */
export const commentBreachInputSchema = z.object({
  /** The model breach id (`pbid`). */
  pbid: pbidSchema,
  /** The comment, shown in the Threat Visualizer. */
  message: z.string().min(1).max(10_000),
});

/** Output of `comment-breach`. */
export const commentBreachOutputSchema = z.object({
  /** The breach. */
  pbid: z.string(),
  /** The comment. */
  message: z.string(),
});

/** The manifest entry of `acknowledge-breach`: triage state only, no containment kind. */
export const acknowledgeBreachManifest = defineAction({
  description:
    'Acknowledge a model breach (POST /modelbreaches/{pbid}/acknowledge, acknowledge=true).',
  input: breachInputSchema,
  output: breachAcknowledgementOutputSchema,
  asynchronous: false,
  requiredPermissions: ['modelbreaches:acknowledge'],
});

/** The manifest entry of `unacknowledge-breach`. */
export const unacknowledgeBreachManifest = defineAction({
  description:
    'Unacknowledge a model breach (POST /modelbreaches/{pbid}/unacknowledge, unacknowledge=true).',
  input: breachInputSchema,
  output: breachAcknowledgementOutputSchema,
  asynchronous: false,
  requiredPermissions: ['modelbreaches:acknowledge'],
});

/** The manifest entry of `comment-breach`. */
export const commentBreachManifest = defineAction({
  description: 'Comment on a model breach (POST /modelbreaches/{pbid}/comments, { message }).',
  input: commentBreachInputSchema,
  output: commentBreachOutputSchema,
  asynchronous: false,
  requiredPermissions: ['modelbreaches:comment'],
});

type BreachInput = z.output<typeof breachInputSchema>;
type AcknowledgementOutput = z.input<typeof breachAcknowledgementOutputSchema>;

/** The action setting the acknowledgement of a breach to `acknowledged`. */
function acknowledgement(
  acknowledged: boolean,
): ActionDefinition<DarktraceConfig, DarktraceClient, BreachInput, AcknowledgementOutput> {
  const verb = acknowledged ? 'acknowledge' : 'unacknowledge';
  return {
    run: async ({ pbid }, { client }): Promise<ActionResult<AcknowledgementOutput>> => {
      await client.api.request({
        method: 'POST',
        path: `/modelbreaches/${encodeURIComponent(String(pbid))}/${verb}`,
        form: { [verb]: 'true' },
      });
      return { status: 'completed', output: { pbid: String(pbid), acknowledged } };
    },
  };
}

/** `acknowledge-breach`: `POST /modelbreaches/{pbid}/acknowledge` with `acknowledge=true`. */
export const acknowledgeBreachAction = acknowledgement(true);

/** `unacknowledge-breach`: `POST /modelbreaches/{pbid}/unacknowledge` with `unacknowledge=true`. */
export const unacknowledgeBreachAction = acknowledgement(false);

type CommentOutput = z.input<typeof commentBreachOutputSchema>;

/** `comment-breach`: `POST /modelbreaches/{pbid}/comments` with `{ "message": … }`. */
export const commentBreachAction: ActionDefinition<
  DarktraceConfig,
  DarktraceClient,
  z.output<typeof commentBreachInputSchema>,
  CommentOutput
> = {
  run: async ({ pbid, message }, { client }): Promise<ActionResult<CommentOutput>> => {
    await client.api.request({
      method: 'POST',
      path: `/modelbreaches/${encodeURIComponent(String(pbid))}/comments`,
      json: { message },
    });
    return { status: 'completed', output: { pbid: String(pbid), message } };
  },
};
