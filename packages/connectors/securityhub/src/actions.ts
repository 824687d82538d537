import { BatchUpdateFindingsCommand } from '@aws-sdk/client-securityhub';
import type { ActionDefinition, ActionResult } from '@openmdr/connector-kit';
import { defineAction } from '@openmdr/connector-kit';
import * as z from 'zod';
import type { SecurityhubClient } from './client.js';
import type { SecurityhubConfig } from './config.js';

/** A finding as `BatchUpdateFindings` names it: its `Id` and `ProductArn`. */
const findingIdentifier = z.object({
  /** The finding's `Id`. */
  id: z.string().min(1).max(512),
  /** The finding's `ProductArn`. */
  productArn: z.string().regex(/^arn:aws[a-z-]*:securityhub:/, 'a Security Hub product ARN'),
});

/** Input of `update-findings`: the findings and at least one change. */
export const updateFindingsInputSchema = z
  .object({
    /** The findings to update (1 to 100). */
    findings: z.array(findingIdentifier).min(1).max(100),
    /** The new workflow status. */
    workflowStatus: z.enum(['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED']).optional(),
    /** A note: replaces the finding's note. */
    note: z
      .object({
        /** The text (up to 512 characters). */
        text: z.string().min(1).max(512),
        /** Who wrote it. */
        updatedBy: z.string().min(1).max(512).default('OpenMDR'),
      })
      .optional(),
    /** The new severity: a label, a 0-100 normalised score, or both. */
    severity: z
      .object({
        /** The label. */
        label: z.enum(['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']).optional(),
        /** The normalised score, 0 to 100. */
        normalized: z.int().min(0).max(100).optional(),
      })
      .refine((value) => value.label !== undefined || value.normalized !== undefined, {
        message: 'a label or a normalized score',
      })
      .optional(),
  })
  .refine(
    (value) =>
      value.workflowStatus !== undefined ||
      value.note !== undefined ||
      value.severity !== undefined,
    { message: 'at least one of workflowStatus, note, severity' },
  );

const identifierOutput = z.object({ id: z.string(), productArn: z.string() });

/** Output of `update-findings`: what Security Hub updated, and what it refused and why. */
export const updateFindingsOutputSchema = z.object({
  /** The findings updated. */
  processed: z.array(identifierOutput),
  /** The findings not updated, with Security Hub's error code and message. */
  unprocessed: z.array(
    identifierOutput.extend({ errorCode: z.string(), errorMessage: z.string() }),
  ),
});

/** The manifest entry of `update-findings`. */
export const updateFindingsManifest = defineAction({
  description:
    'Update Security Hub findings: workflow status, note, severity (BatchUpdateFindings: PATCH /findings/batchupdate). Fails when Security Hub updated none of them.',
  input: updateFindingsInputSchema,
  output: updateFindingsOutputSchema,
  asynchronous: false,
  requiredPermissions: ['securityhub:BatchUpdateFindings'],
});

type UpdateFindingsOutput = z.input<typeof updateFindingsOutputSchema>;

/** `update-findings`: one `BatchUpdateFindings` call. */
export const updateFindingsAction: ActionDefinition<
  SecurityhubConfig,
  SecurityhubClient,
  z.output<typeof updateFindingsInputSchema>,
  UpdateFindingsOutput
> = {
  run: async (input, { client, signal }): Promise<ActionResult<UpdateFindingsOutput>> => {
    const { severity, note, workflowStatus } = input;
    const output = await client.send(
      new BatchUpdateFindingsCommand({
        FindingIdentifiers: input.findings.map(({ id, productArn }) => ({
          Id: id,
          ProductArn: productArn,
        })),
        ...(workflowStatus ? { Workflow: { Status: workflowStatus } } : {}),
        ...(note ? { Note: { Text: note.text, UpdatedBy: note.updatedBy } } : {}),
        ...(severity
          ? {
              Severity: {
                ...(severity.label ? { Label: severity.label } : {}),
                ...(severity.normalized === undefined ? {} : { Normalized: severity.normalized }),
              },
            }
          : {}),
      }),
      signal ? { signal } : {},
    );
    const processed = (output.ProcessedFindings ?? []).map((finding) => ({
      id: finding.Id ?? '',
      productArn: finding.ProductArn ?? '',
    }));
    const unprocessed = (output.UnprocessedFindings ?? []).map((finding) => ({
      id: finding.FindingIdentifier?.Id ?? '',
      productArn: finding.FindingIdentifier?.ProductArn ?? '',
      errorCode: finding.ErrorCode ?? '',
      errorMessage: finding.ErrorMessage ?? '',
    }));
    if (processed.length === 0 && unprocessed.length > 0) {
      return {
        status: 'failed',
        reason: `Security Hub updated none of the findings: ${unprocessed
          .map((finding) => `${finding.id}: ${finding.errorCode}`)
          .join('; ')
          .slice(0, 500)}`,
      };
    }
    return { status: 'completed', output: { processed, unprocessed } };
  },
};
