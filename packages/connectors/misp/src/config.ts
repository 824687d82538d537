import { secret } from '@openmdr/connector-kit';
import * as z from 'zod';

/** The configuration of the MISP connector, one per tenant and MISP instance. */
export const mispConfigSchema = z.object({
  /** The MISP instance's base URL (`https://misp.example`). */
  url: z.url({ protocol: /^https?$/ }),
  /**
   * The automation key (Event Actions → Automation, or the user's Auth keys), sent as
   * `Authorization: <key>`; read from the tenant's secret provider as `misp.auth_key`.
   */
  authKey: secret({ name: 'misp.auth_key' }),
  /** Only attributes flagged for detection (`to_ids`). Default true. */
  toIdsOnly: z.boolean().default(true),
  /** Only these attribute types (`type`, e.g. `["ip-dst", "domain", "sha256"]`). Default: all. */
  types: z.array(z.string().min(1)).min(1).optional(),
  /** Only attributes carrying one of these tags (`tags`, e.g. `["tlp:green"]`). Default: any. */
  tags: z.array(z.string().min(1)).min(1).optional(),
  /**
   * Also read soft-deleted attributes (`deleted: [0, 1]`), so that a deletion reaches the index
   * as a revocation. Default true.
   */
  includeDeleted: z.boolean().default(true),
  /** Where a first read starts (attribute `timestamp`, ISO 8601). Default: 30 days back. */
  startAt: z.iso.datetime({ offset: true }).optional(),
  /**
   * How far behind the newest attribute timestamp each run asks again, ms (MISP timestamps are
   * whole seconds and attributes of one event share one). Default 5 minutes.
   */
  lookbackMs: z.int().min(0).max(86_400_000).default(300_000),
  /** Attributes per page (`limit`). Default 1 000. */
  pageSize: z.int().min(1).max(50_000).default(1_000),
});

/** A validated MISP configuration. */
export type MispConfig = z.output<typeof mispConfigSchema>;
