import type { ConnectorRegion } from '@openmdr/connector-kit';
import { secret } from '@openmdr/connector-kit';
import * as z from 'zod';

/**
 * Amazon Security Lake clouds and their API base URLs. TODO: the vendor's documented hosts, government and
 * sovereign clouds included (flag them with `government: true`).
 */
export const SECURITYLAKE_REGIONS = {
  us: { baseUrl: 'https://api.securitylake.example', description: 'US' },
  eu: { baseUrl: 'https://api.eu.securitylake.example', description: 'EU' },
  'us-gov': {
    baseUrl: 'https://api.gov.securitylake.example',
    government: true,
    description: 'US Government',
  },
} as const satisfies Record<string, ConnectorRegion>;

/** A Amazon Security Lake region id. */
export type SecuritylakeRegion = keyof typeof SECURITYLAKE_REGIONS;

/** The configuration of the Amazon Security Lake connector, one per tenant. */
export const securitylakeConfigSchema = z.object({
  /** The Amazon Security Lake cloud of the tenant. */
  region: z.enum(['us', 'eu', 'us-gov']).default('us'),
  /** Overrides the region's base URL (a proxy, a test server). */
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** OAuth2 client id. TODO: where the customer creates the API client. */
  clientId: z.string().min(1),
  /** OAuth2 client secret, read from the tenant's secret provider as `securitylake.client_secret`. */
  clientSecret: secret({ name: 'securitylake.client_secret' }),
  /** Where a first read starts (ISO 8601). Default: 24 hours before the first run. */
  startAt: z.iso.datetime({ offset: true }).optional(),
  /** How far behind the watermark each run reads again for late alerts, ms. Default 5 minutes. */
  lookbackMs: z.int().min(0).max(86_400_000).default(300_000),
  /** Alerts per page. TODO: the vendor's maximum. */
  pageSize: z.int().min(1).max(1_000).default(100),
});

/** A validated Amazon Security Lake configuration. */
export type SecuritylakeConfig = z.output<typeof securitylakeConfigSchema>;

/** The API base URL of a configuration. */
export function securitylakeBaseUrl(config: SecuritylakeConfig): string {
  return config.baseUrl ?? SECURITYLAKE_REGIONS[config.region].baseUrl;
}
