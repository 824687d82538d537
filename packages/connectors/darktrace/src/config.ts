import { secret } from '@openmdr/connector-kit';
import * as z from 'zod';

/** The configuration of the Darktrace connector, one per tenant. */
export const darktraceConfigSchema = z.object({
  /**
   * The Darktrace API host: the appliance (`https://<appliance>`) or the tenant's cloud instance
   * (`https://<tenant>.cloud.darktrace.com`). Darktrace has no shared regional hosts.
   */
  baseUrl: z.url({ protocol: /^https?$/ }),
  /** The public API token (System Config → Settings → API Token), sent as `DTAPI-Token`. */
  publicToken: z.string().min(1),
  /** The private API token, read from the tenant's secret provider as `darktrace.private_token`. */
  privateToken: secret({ name: 'darktrace.private_token' }),
  /** Where a first read starts (ISO 8601). Default: 24 hours before the first run. */
  startAt: z.iso.datetime({ offset: true }).optional(),
  /** How far behind the watermark each run reads again for late records, ms. Default 5 minutes. */
  lookbackMs: z.int().min(0).max(86_400_000).default(300_000),
  /**
   * The span of one request, ms: a read from the watermark to now is cut into windows of this
   * size, so a long catch-up never asks the appliance for days of breaches at once. Default 1 hour.
   */
  windowMs: z.int().min(1_000).max(86_400_000).default(3_600_000),
  /** The lowest model-breach score read (`minscore`, 0–1). Default 0: every breach. */
  minScore: z.number().min(0).max(1).default(0),
});

/** A validated Darktrace configuration. */
export type DarktraceConfig = z.output<typeof darktraceConfigSchema>;
