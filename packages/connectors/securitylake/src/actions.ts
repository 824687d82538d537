import type { ActionDefinition, ActionResult } from '@openmdr/connector-kit';
import { defineAction, ocsfEventsInputSchema } from '@openmdr/connector-kit';
import * as z from 'zod';
import type { SecuritylakeClient } from './client.js';
import type { SecuritylakeConfig } from './config.js';
import { writeSecurityLakeEvents } from './lake/partitioned-writer.js';

/** Input of `write-findings`. */
export const writeFindingsInputSchema = z.object({
  /** The OCSF events (1.8.0, as `@openmdr/core` builds them): findings or any class. */
  events: ocsfEventsInputSchema,
  /** The Region partition of events without `cloud.region`. Default: the config's `region`. */
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'an AWS region')
    .optional(),
  /** The account partition of events without `cloud.account.uid`. Default: the config's. */
  accountId: z
    .string()
    .regex(/^\d{12}$/, 'a 12-digit AWS account id')
    .optional(),
});

/** Output of `write-findings`. */
export const writeFindingsOutputSchema = z.object({
  /** Events stored. */
  written: z.int(),
  /** The objects stored: key (under the bucket's prefix), class, day, events, bytes. */
  objects: z.array(
    z.object({
      key: z.string(),
      classUid: z.int(),
      eventDay: z.string(),
      rows: z.int(),
      bytes: z.int(),
    }),
  ),
  /** Events not stored: their position in `events` and why. */
  rejected: z.array(z.object({ index: z.int(), reason: z.string() })),
  /** What OCSF 1.1.0 could not carry: attribute path, reason, in how many events. */
  downConverted: z.array(z.object({ path: z.string(), reason: z.string(), count: z.int() })),
});

/**
 * The manifest entry of `write-findings`: OCSF events written to the lake as the custom
 * source's Parquet objects. It implements no OpenMDR action kind.
 */
export const writeFindingsManifest = defineAction({
  description:
    'Write OCSF findings and events to the Security Lake custom source: down-converted to OCSF 1.1.0, one Parquet object per class, Region, account and day (S3 PutObject, or files in a local lake).',
  input: writeFindingsInputSchema,
  output: writeFindingsOutputSchema,
  asynchronous: false,
  requiredPermissions: ['s3:PutObject'],
});

type WriteFindingsOutput = z.input<typeof writeFindingsOutputSchema>;

/**
 * `write-findings`: the events are partitioned by their `cloud.region` and `cloud.account.uid`
 * (else the input's or the config's Region and account), down-converted to OCSF 1.1.0 and
 * written as zstd Parquet objects of at most `targetFileBytes` through the lake's sink (one
 * `PutObject` each on S3). Object names derive from the events, so retrying the same write
 * replaces the same objects. Events without a `time`, a `class_uid`, a class OCSF 1.1.0 has, or
 * an account partition are reported in `rejected`; the action fails only when nothing could be
 * stored.
 */
export const writeFindingsAction: ActionDefinition<
  SecuritylakeConfig,
  SecuritylakeClient,
  z.output<typeof writeFindingsInputSchema>,
  WriteFindingsOutput
> = {
  run: async (input, { client, config }): Promise<ActionResult<WriteFindingsOutput>> => {
    const accountId = input.accountId ?? config.accountId;
    const summary = await writeSecurityLakeEvents(input.events, {
      sink: client.store.sink,
      sourceName: config.sourceName,
      sourceVersion: config.sourceVersion,
      region: input.region ?? config.region,
      ...(accountId === undefined ? {} : { accountId }),
      targetFileBytes: config.targetFileBytes,
    });
    const written = summary.objects.reduce((sum, object) => sum + object.rows, 0);
    if (written === 0) {
      const reasons = [...new Set(summary.rejected.map((rejection) => rejection.reason))];
      return {
        status: 'failed',
        reason: `no event could be written to ${client.store.location} (${reasons.join(', ')})`,
      };
    }
    return {
      status: 'completed',
      output: {
        written,
        objects: summary.objects.map(({ key, classUid, eventDay, rows, bytes }) => ({
          key,
          classUid,
          eventDay,
          rows,
          bytes,
        })),
        rejected: summary.rejected.map(({ index, reason }) => ({ index, reason })),
        downConverted: summary.downConverted.map(({ path, reason, count }) => ({
          path,
          reason,
          count,
        })),
      },
    };
  },
};
