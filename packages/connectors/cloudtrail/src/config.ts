import type { ConnectorRegion } from '@openmdr/connector-kit';
import { secret } from '@openmdr/connector-kit';
import * as z from 'zod';

/**
 * AWS CloudTrail clouds and their API base URLs. TODO: the vendor's documented hosts, government and
 * sovereign clouds included (flag them with `government: true`).
 */
export const CLOUDTRAIL_REGIONS = {
  us: { baseUrl: 'https://api.cloudtrail.example', description: 'US' },
  eu: { baseUrl: 'https://api.eu.cloudtrail.example', description: 'EU' },
  'us-gov': {
    baseUrl: 'https://api.gov.cloudtrail.example',
    government: true,
    description: 'US Government',
  },
} as const satisfies Record<string, ConnectorRegion>;

/** A AWS CloudTrail region id. */
export type CloudtrailRegion = keyof typeof CLOUDTRAIL_REGIONS;

/** The configuration of the AWS CloudTrail connector, one per tenant. */
export const cloudtrailConfigSchema = z.object({
  /** The AWS CloudTrail cloud of the tenant. */
  region: z.enum(['us', 'eu', 'us-gov']).default('us'),
  /** Overrides the region's base URL (a proxy, a test server). */
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** OAuth2 client id. TODO: where the customer creates the API client. */
  clientId: z.string().min(1),
  /** OAuth2 client secret, read from the tenant's secret provider as `cloudtrail.client_secret`. */
  clientSecret: secret({ name: 'cloudtrail.client_secret' }),
  /** Where a first read starts (ISO 8601). Default: 24 hours before the first run. */
  startAt: z.iso.datetime({ offset: true }).optional(),
  /** How far behind the watermark each run reads again for late alerts, ms. Default 5 minutes. */
  lookbackMs: z.int().min(0).max(86_400_000).default(300_000),
  /** Alerts per page. TODO: the vendor's maximum. */
  pageSize: z.int().min(1).max(1_000).default(100),
});

/** A validated AWS CloudTrail configuration. */
export type CloudtrailConfig = z.output<typeof cloudtrailConfigSchema>;

/** The API base URL of a configuration. */
export function cloudtrailBaseUrl(config: CloudtrailConfig): string {
  return config.baseUrl ?? CLOUDTRAIL_REGIONS[config.region].baseUrl;
}
