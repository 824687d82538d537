import { awsConfigSchema, awsServiceRegions } from '@openmdr/connector-kit/aws';
import * as z from 'zod';

/**
 * The regions GuardDuty runs in, with their endpoints (`region` in the config picks one; the SDK
 * builds the same URL, FIPS and VPC endpoints go in `endpoint.guardduty`).
 */
export const GUARDDUTY_REGIONS = awsServiceRegions('guardduty');

const aws = awsConfigSchema({ connector: 'guardduty' });

/**
 * The configuration of the Amazon GuardDuty connector, one per tenant and region: the kit's AWS
 * settings (`region`, `endpoint.guardduty`, `credentials`, `assumeRole`) and what to read.
 */
export const guarddutyConfigSchema = z.object({
  ...aws.shape,
  /** The detector to read. Default: the region's detector (`ListDetectors`; a region has one). */
  detectorId: z
    .string()
    .regex(/^[a-z0-9]{1,300}$/, 'a GuardDuty detector id')
    .optional(),
  /**
   * Only findings of these accounts (a delegated administrator sees every member account's
   * findings; this narrows them). Default: every account the detector sees.
   */
  accountIds: z
    .array(z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id'))
    .min(1)
    .max(50)
    .optional(),
  /** Read archived findings too. Default false: `service.archived` = false only. */
  includeArchived: z.boolean().default(false),
  /** Where a first read starts (ISO 8601). Default: 24 hours before the first run. */
  startAt: z.iso.datetime({ offset: true }).optional(),
  /** How far behind the watermark each run reads again for late updates, ms. Default 5 minutes. */
  lookbackMs: z.int().min(0).max(86_400_000).default(300_000),
  /** Finding ids per `ListFindings` page (GuardDuty's maximum is 50). */
  pageSize: z.int().min(1).max(50).default(50),
});

/** A validated Amazon GuardDuty configuration. */
export type GuarddutyConfig = z.output<typeof guarddutyConfigSchema>;
