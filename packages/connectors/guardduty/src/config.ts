import type { ConnectorRegion } from '@openmdr/connector-kit';
import { awsConfigSchema } from '@openmdr/connector-kit/aws';
import * as z from 'zod';

/**
 * The regions GuardDuty runs in, with their endpoints (`region` in the config picks one; the SDK
 * builds the same URL, FIPS and VPC endpoints go in `endpoint.guardduty`).
 */
export const GUARDDUTY_REGIONS = {
  'us-east-1': { baseUrl: 'https://guardduty.us-east-1.amazonaws.com' },
  'us-east-2': { baseUrl: 'https://guardduty.us-east-2.amazonaws.com' },
  'us-west-1': { baseUrl: 'https://guardduty.us-west-1.amazonaws.com' },
  'us-west-2': { baseUrl: 'https://guardduty.us-west-2.amazonaws.com' },
  'af-south-1': { baseUrl: 'https://guardduty.af-south-1.amazonaws.com' },
  'ap-east-1': { baseUrl: 'https://guardduty.ap-east-1.amazonaws.com' },
  'ap-south-1': { baseUrl: 'https://guardduty.ap-south-1.amazonaws.com' },
  'ap-south-2': { baseUrl: 'https://guardduty.ap-south-2.amazonaws.com' },
  'ap-southeast-1': { baseUrl: 'https://guardduty.ap-southeast-1.amazonaws.com' },
  'ap-southeast-2': { baseUrl: 'https://guardduty.ap-southeast-2.amazonaws.com' },
  'ap-southeast-3': { baseUrl: 'https://guardduty.ap-southeast-3.amazonaws.com' },
  'ap-southeast-4': { baseUrl: 'https://guardduty.ap-southeast-4.amazonaws.com' },
  'ap-northeast-1': { baseUrl: 'https://guardduty.ap-northeast-1.amazonaws.com' },
  'ap-northeast-2': { baseUrl: 'https://guardduty.ap-northeast-2.amazonaws.com' },
  'ap-northeast-3': { baseUrl: 'https://guardduty.ap-northeast-3.amazonaws.com' },
  'ca-central-1': { baseUrl: 'https://guardduty.ca-central-1.amazonaws.com' },
  'ca-west-1': { baseUrl: 'https://guardduty.ca-west-1.amazonaws.com' },
  'eu-central-1': { baseUrl: 'https://guardduty.eu-central-1.amazonaws.com' },
  'eu-central-2': { baseUrl: 'https://guardduty.eu-central-2.amazonaws.com' },
  'eu-west-1': { baseUrl: 'https://guardduty.eu-west-1.amazonaws.com' },
  'eu-west-2': { baseUrl: 'https://guardduty.eu-west-2.amazonaws.com' },
  'eu-west-3': { baseUrl: 'https://guardduty.eu-west-3.amazonaws.com' },
  'eu-south-1': { baseUrl: 'https://guardduty.eu-south-1.amazonaws.com' },
  'eu-south-2': { baseUrl: 'https://guardduty.eu-south-2.amazonaws.com' },
  'eu-north-1': { baseUrl: 'https://guardduty.eu-north-1.amazonaws.com' },
  'il-central-1': { baseUrl: 'https://guardduty.il-central-1.amazonaws.com' },
  'me-south-1': { baseUrl: 'https://guardduty.me-south-1.amazonaws.com' },
  'me-central-1': { baseUrl: 'https://guardduty.me-central-1.amazonaws.com' },
  'sa-east-1': { baseUrl: 'https://guardduty.sa-east-1.amazonaws.com' },
  'us-gov-east-1': {
    baseUrl: 'https://guardduty.us-gov-east-1.amazonaws.com',
    government: true,
    description: 'AWS GovCloud (US)',
  },
  'us-gov-west-1': {
    baseUrl: 'https://guardduty.us-gov-west-1.amazonaws.com',
    government: true,
    description: 'AWS GovCloud (US)',
  },
  'cn-north-1': { baseUrl: 'https://guardduty.cn-north-1.amazonaws.com.cn', description: 'China' },
  'cn-northwest-1': {
    baseUrl: 'https://guardduty.cn-northwest-1.amazonaws.com.cn',
    description: 'China',
  },
} as const satisfies Record<string, ConnectorRegion>;

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
