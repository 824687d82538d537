import { secret } from '@openmdr/connector-kit';
import * as z from 'zod';

/** The configuration of the SentinelOne connector. */
export const sentineloneConfigSchema = z.object({
  /** The management console URL (`https://<tenant>.sentinelone.net`). */
  consoleUrl: z.url({ protocol: /^https?$/ }),
  /** API token of a service user (Settings → Users → Service Users); it expires, rotate it. */
  apiToken: secret({ name: 'sentinelone.api_token' }),
  /** Limit reads to these accounts (ids). */
  accountIds: z.array(z.string().regex(/^\d+$/)).optional(),
  /** Limit reads to these sites (ids). */
  siteIds: z.array(z.string().regex(/^\d+$/)).optional(),
  /** Where a first read starts (ISO 8601). Default: 24 hours before the first run. */
  startAt: z.iso.datetime({ offset: true }).optional(),
  /** How far behind the watermark each run reads again, ms. Default 5 minutes. */
  lookbackMs: z.int().min(0).max(86_400_000).default(300_000),
  /** Records per page (`limit`, at most 1 000). Default 200. */
  pageSize: z.int().min(1).max(1_000).default(200),
});

/** A validated SentinelOne configuration. */
export type SentinelOneConfig = z.output<typeof sentineloneConfigSchema>;
