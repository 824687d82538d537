import type { ConnectorRegion } from '@openmdr/connector-kit';
import { secret } from '@openmdr/connector-kit';
import * as z from 'zod';

/** CrowdStrike Falcon clouds and their API base URLs. */
export const CROWDSTRIKE_REGIONS = {
  'us-1': { baseUrl: 'https://api.crowdstrike.com', description: 'US-1' },
  'us-2': { baseUrl: 'https://api.us-2.crowdstrike.com', description: 'US-2' },
  'eu-1': { baseUrl: 'https://api.eu-1.crowdstrike.com', description: 'EU-1' },
  'us-gov-1': {
    baseUrl: 'https://api.laggar.gcw.crowdstrike.com',
    government: true,
    description: 'US GovCloud (US-GOV-1)',
  },
  'us-gov-2': {
    baseUrl: 'https://api.us-gov-2.crowdstrike.mil',
    government: true,
    description: 'US GovCloud (US-GOV-2)',
  },
} as const satisfies Record<string, ConnectorRegion>;

/** A CrowdStrike cloud id. */
export type CrowdStrikeRegion = keyof typeof CROWDSTRIKE_REGIONS;

/** The configuration of the CrowdStrike connector. */
export const crowdstrikeConfigSchema = z.object({
  /** The Falcon cloud of the customer's CID. */
  region: z.enum(['us-1', 'us-2', 'eu-1', 'us-gov-1', 'us-gov-2']).default('us-1'),
  /** Overrides the region's base URL (a proxy, a test server). */
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** API client id (Falcon console → API clients and keys). */
  clientId: z.string().min(1),
  /** API client secret. */
  clientSecret: secret({ name: 'crowdstrike.client_secret' }),
  /** MSSP: the child CID to act on (`member_cid` of the token request). */
  memberCid: z
    .string()
    .regex(/^[0-9a-fA-F]{32}$/, 'a 32-hex-digit CID')
    .optional(),
  /** Where a first read starts (ISO 8601). Default: 24 hours before the first run. */
  startAt: z.iso.datetime({ offset: true }).optional(),
  /** How far behind the watermark each run reads again for late alerts, ms. Default 5 minutes. */
  lookbackMs: z.int().min(0).max(86_400_000).default(300_000),
  /** Ids per query page (alerts ≤ 10 000, hosts ≤ 5 000). Default 500. */
  pageSize: z.int().min(1).max(5_000).default(500),
});

/** A validated CrowdStrike configuration. */
export type CrowdStrikeConfig = z.output<typeof crowdstrikeConfigSchema>;

/** The API base URL of a configuration. */
export function crowdstrikeBaseUrl(config: CrowdStrikeConfig): string {
  return config.baseUrl ?? CROWDSTRIKE_REGIONS[config.region].baseUrl;
}
