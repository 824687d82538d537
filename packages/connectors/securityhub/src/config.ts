import { awsConfigSchema, awsServiceRegions } from '@openmdr/connector-kit/aws';
import * as z from 'zod';

/**
 * The regions Security Hub runs in, with their endpoints (`region` in the config picks one; the
 * SDK builds the same URL, FIPS and VPC endpoints go in `endpoint.securityhub`).
 */
export const SECURITYHUB_REGIONS = awsServiceRegions('securityhub');

const aws = awsConfigSchema({ connector: 'securityhub' });

/**
 * The configuration of the AWS Security Hub connector, one per tenant and region (the
 * aggregation region, where cross-region aggregation is on): the kit's AWS settings (`region`,
 * `endpoint.securityhub`, `credentials`, `assumeRole`) and what to read.
 */
export const securityhubConfigSchema = z.object({
  ...aws.shape,
  /** Only findings of these accounts (`AwsAccountId`). Default every account the hub sees. */
  accountIds: z
    .array(z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id'))
    .min(1)
    .max(20)
    .optional(),
  /** Only findings of these products (`ProductName`: `GuardDuty`, `Inspector`…). Default all. */
  productNames: z.array(z.string().min(1).max(128)).min(1).max(20).optional(),
  /**
   * Only findings in these record states. Default both: an `ARCHIVED` update is how a finding
   * whose resource is gone, or a control that was disabled, is closed.
   */
  recordStates: z
    .array(z.enum(['ACTIVE', 'ARCHIVED']))
    .min(1)
    .optional(),
  /** Where a first read starts (ISO 8601). Default: 24 hours before the first run. */
  startAt: z.iso.datetime({ offset: true }).optional(),
  /** How far behind the watermark each run reads again for late updates, ms. Default 5 minutes. */
  lookbackMs: z.int().min(0).max(86_400_000).default(300_000),
  /** Findings per `GetFindings` page (Security Hub's maximum is 100). */
  pageSize: z.int().min(1).max(100).default(100),
});

/** A validated AWS Security Hub configuration. */
export type SecurityhubConfig = z.output<typeof securityhubConfigSchema>;
