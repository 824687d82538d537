import type { ActionDefinition, ActionResult } from '@openmdr/connector-kit';
import { defineAction } from '@openmdr/connector-kit';
import * as z from 'zod';
import type { SplunkClient } from './client.js';
import type { SplunkConfig } from './config.js';

/** The Enterprise Security endpoint that updates notables. */
export const SPLUNK_NOTABLE_UPDATE_PATH = '/services/notable_update';

/** ES urgencies. */
const URGENCIES = ['informational', 'low', 'medium', 'high', 'critical'] as const;

/** Input of `update-notable`: at least one change besides the ids. */
export const updateNotableInputSchema = z
  .object({
    /** The notables' `event_id`s (`ruleUIDs`). */
    eventIds: z.array(z.string().min(1)).min(1).max(1_000),
    /** The new status id (`0`–`5` out of the box: Unassigned, New, In Progress, Pending, Resolved, Closed; custom ones above). */
    status: z.int().min(0).max(999).optional(),
    /** The new urgency. */
    urgency: z.enum(URGENCIES).optional(),
    /** The new owner (a Splunk user name; `unassigned` to clear). */
    owner: z.string().min(1).optional(),
    /** A comment added to the notables' history. */
    comment: z.string().min(1).max(10_000).optional(),
  })
  .refine(
    (input) =>
      input.status !== undefined ||
      input.urgency !== undefined ||
      input.owner !== undefined ||
      input.comment !== undefined,
    { message: 'give a status, urgency, owner or comment' },
  );

/** Output of `update-notable`. */
export const updateNotableOutputSchema = z.object({
  /** The notables updated. */
  eventIds: z.array(z.string()),
  /** Splunk's message (`1 event updated successfully`). */
  message: z.string(),
});

/**
 * The manifest entry of `update-notable`. It implements no OpenMDR action kind: triaging a
 * notable is case management, not a response action of `ACTION_KINDS_V1`.
 */
export const updateNotableManifest = defineAction({
  description:
    'Update Enterprise Security notables: status, urgency, owner and a comment (POST /services/notable_update).',
  input: updateNotableInputSchema,
  output: updateNotableOutputSchema,
  asynchronous: false,
  requiredPermissions: ['edit_notable_events'],
});

/** What `POST /services/notable_update` answers. */
interface NotableUpdateResponse {
  success?: boolean;
  message?: string;
}

type UpdateNotableOutput = z.input<typeof updateNotableOutputSchema>;

/**
 * `update-notable`: `POST /services/notable_update` with `ruleUIDs` (repeated), `status`,
 * `urgency`, `newOwner` and `comment`, form-encoded; Splunk answers `{ success, message }`.
 */
export const updateNotableAction: ActionDefinition<
  SplunkConfig,
  SplunkClient,
  z.output<typeof updateNotableInputSchema>,
  UpdateNotableOutput
> = {
  run: async (input, { client }): Promise<ActionResult<UpdateNotableOutput>> => {
    const form = new URLSearchParams();
    for (const id of input.eventIds) form.append('ruleUIDs', id);
    if (input.status !== undefined) form.set('status', String(input.status));
    if (input.urgency !== undefined) form.set('urgency', input.urgency);
    if (input.owner !== undefined) form.set('newOwner', input.owner);
    if (input.comment !== undefined) form.set('comment', input.comment);
    form.set('output_mode', 'json');
    const response = await client.api.request<NotableUpdateResponse | undefined>({
      method: 'POST',
      path: SPLUNK_NOTABLE_UPDATE_PATH,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    const message = response.data?.message ?? '';
    if (response.data?.success !== true) {
      return { status: 'failed', reason: `Splunk did not update the notables: ${message}` };
    }
    return { status: 'completed', output: { eventIds: input.eventIds, message } };
  },
};
