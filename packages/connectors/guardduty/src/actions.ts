import { ArchiveFindingsCommand, UpdateFindingsFeedbackCommand } from '@aws-sdk/client-guardduty';
import type { ActionDefinition, ActionResult } from '@openmdr/connector-kit';
import { defineAction } from '@openmdr/connector-kit';
import * as z from 'zod';
import type { GuarddutyClient } from './client.js';
import type { GuarddutyConfig } from './config.js';

/** A GuardDuty finding id. */
const findingId = z.string().regex(/^[a-zA-Z0-9]{1,300}$/, 'a GuardDuty finding id');

/** GuardDuty takes at most 50 finding ids per call. */
const findingIds = z.array(findingId).min(1).max(50);

/** Input of `archive-findings`. */
export const archiveFindingsInputSchema = z.object({
  /** The findings to archive (1 to 50), of the connector's detector. */
  findingIds,
});

/** Output of `archive-findings`. */
export const archiveFindingsOutputSchema = z.object({
  /** The detector. */
  detectorId: z.string(),
  /** The archived findings. */
  archived: z.array(z.string()),
});

/** The manifest entry of `archive-findings`. */
export const archiveFindingsManifest = defineAction({
  description:
    'Archive GuardDuty findings (ArchiveFindings: POST /detector/{detectorId}/findings/archive). Only the administrator account can archive its members’ findings.',
  input: archiveFindingsInputSchema,
  output: archiveFindingsOutputSchema,
  asynchronous: false,
  requiredPermissions: ['guardduty:ArchiveFindings'],
});

/** Input of `update-feedback`. */
export const updateFeedbackInputSchema = z.object({
  /** The findings (1 to 50). */
  findingIds,
  /** Whether the findings were useful. */
  feedback: z.enum(['USEFUL', 'NOT_USEFUL']),
  /** A comment (GuardDuty keeps up to 5 000 characters). */
  comments: z.string().max(5_000).optional(),
});

/** Output of `update-feedback`. */
export const updateFeedbackOutputSchema = z.object({
  /** The detector. */
  detectorId: z.string(),
  /** The findings given feedback. */
  updated: z.array(z.string()),
  /** The feedback given. */
  feedback: z.enum(['USEFUL', 'NOT_USEFUL']),
});

/** The manifest entry of `update-feedback`. */
export const updateFeedbackManifest = defineAction({
  description:
    'Mark GuardDuty findings useful or not useful, with a comment (UpdateFindingsFeedback: POST /detector/{detectorId}/findings/feedback).',
  input: updateFeedbackInputSchema,
  output: updateFeedbackOutputSchema,
  asynchronous: false,
  requiredPermissions: ['guardduty:UpdateFindingsFeedback'],
});

/** `archive-findings`: `ArchiveFindings` on the connector's detector. */
export const archiveFindingsAction: ActionDefinition<
  GuarddutyConfig,
  GuarddutyClient,
  z.output<typeof archiveFindingsInputSchema>,
  z.input<typeof archiveFindingsOutputSchema>
> = {
  run: async (
    input,
    { client, signal },
  ): Promise<ActionResult<z.input<typeof archiveFindingsOutputSchema>>> => {
    const detectorId = await client.detectorId();
    await client.send(
      new ArchiveFindingsCommand({ DetectorId: detectorId, FindingIds: input.findingIds }),
      signal ? { signal } : {},
    );
    return { status: 'completed', output: { detectorId, archived: input.findingIds } };
  },
};

/** `update-feedback`: `UpdateFindingsFeedback` on the connector's detector. */
export const updateFeedbackAction: ActionDefinition<
  GuarddutyConfig,
  GuarddutyClient,
  z.output<typeof updateFeedbackInputSchema>,
  z.input<typeof updateFeedbackOutputSchema>
> = {
  run: async (
    input,
    { client, signal },
  ): Promise<ActionResult<z.input<typeof updateFeedbackOutputSchema>>> => {
    const detectorId = await client.detectorId();
    await client.send(
      new UpdateFindingsFeedbackCommand({
        DetectorId: detectorId,
        FindingIds: input.findingIds,
        Feedback: input.feedback,
        ...(input.comments === undefined ? {} : { Comments: input.comments }),
      }),
      signal ? { signal } : {},
    );
    return {
      status: 'completed',
      output: { detectorId, updated: input.findingIds, feedback: input.feedback },
    };
  },
};
