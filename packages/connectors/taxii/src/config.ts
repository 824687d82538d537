import { secret } from '@openmdr/connector-kit';
import * as z from 'zod';

/**
 * How the connector signs in to the TAXII server: none (public feeds), HTTP Basic (most TAXII 2.1
 * servers: OpenTAXII, medallion, vendor feeds) or a bearer token (`Authorization: Bearer …`).
 */
export const taxiiAuthSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  z.object({
    type: z.literal('basic'),
    /** The feed account's user name. */
    username: z.string().min(1),
    /** Its password, read from the tenant's secret provider as `taxii.password`. */
    password: secret({ name: 'taxii.password' }),
  }),
  z.object({
    type: z.literal('bearer'),
    /** The API token, read from the tenant's secret provider as `taxii.token`. */
    token: secret({ name: 'taxii.token' }),
  }),
]);

/** The configuration of the TAXII 2.1 connector, one per tenant and server. */
export const taxiiConfigSchema = z.object({
  /** The server's discovery URL (`https://cti.example/taxii2/`). */
  discoveryUrl: z.url({ protocol: /^https?$/ }),
  /**
   * The API root to read (a URL, or a path resolved against the discovery URL). Default: the
   * discovery resource's `default`, else its first `api_roots` entry.
   */
  apiRoot: z.string().min(1).optional(),
  /** Collection ids to read. Default: every collection of the API root with `can_read: true`. */
  collections: z.array(z.string().min(1)).min(1).optional(),
  /** How the connector signs in. Default none. */
  auth: taxiiAuthSchema.default({ type: 'none' }),
  /**
   * Only these STIX types (`match[type]`, e.g. `["indicator"]`). Default: every type, so that
   * marking definitions and relationships reach the caller too.
   */
  types: z
    .array(z.string().regex(/^[a-z0-9-]+$/))
    .min(1)
    .optional(),
  /** Where a first read starts (`added_after`, ISO 8601). Default: the collection's beginning. */
  startAt: z.iso.datetime({ offset: true }).optional(),
  /**
   * How far behind the last `X-TAXII-Date-Added-Last` each run asks again, ms: objects sharing
   * a `date_added` across a page boundary are then not lost; re-read ones are dropped by id and
   * `modified`. Default 1 minute.
   */
  lookbackMs: z.int().min(0).max(86_400_000).default(60_000),
  /** Objects per page asked for (`limit`; servers may cap it). Default 500. */
  pageSize: z.int().min(1).max(10_000).default(500),
});

/** A validated TAXII 2.1 configuration. */
export type TaxiiConfig = z.output<typeof taxiiConfigSchema>;
