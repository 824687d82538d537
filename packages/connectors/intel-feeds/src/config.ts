import { secret } from '@openmdr/connector-kit';
import * as z from 'zod';

/** One feed: a plain list (one indicator a line) or a CSV file with a header, over HTTP. */
export const intelFeedSchema = z.object({
  /** The feed's name, unique in the config (kebab-case): the key of its cursor in the state. */
  name: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'kebab-case name'),
  /** Where the feed is served (`https://feeds.example/ip-blocklist.txt`). */
  url: z.url({ protocol: /^https?$/ }),
  /** `list`: one value a line, `#` comments; `csv`: a header row, then one indicator a row. */
  format: z.enum(['list', 'csv']).default('list'),
  /**
   * The CSV column holding the indicator. Default: `value`, else `indicator`, else the first
   * column.
   */
  valueColumn: z.string().min(1).optional(),
});

/** How the connector signs in to the feeds (the same credentials for every feed of the config). */
export const intelFeedsAuthSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  z.object({
    type: z.literal('header'),
    /** The header (`authorization`, `auth-key` for abuse.ch, `x-otx-api-key`). */
    header: z.string().regex(/^[A-Za-z0-9-]+$/),
    /** A prefix before the key (`Bearer`). Default none. */
    prefix: z.string().min(1).optional(),
    /** The key, read from the tenant's secret provider as `intel-feeds.api_key`. */
    apiKey: secret({ name: 'intel-feeds.api_key' }),
  }),
  z.object({
    type: z.literal('basic'),
    /** User name. */
    username: z.string().min(1),
    /** Password, read from the tenant's secret provider as `intel-feeds.password`. */
    password: secret({ name: 'intel-feeds.password' }),
  }),
]);

/** The configuration of the feeds connector, one per tenant. */
export const intelFeedsConfigSchema = z
  .object({
    /** The feeds, read in this order. */
    feeds: z.array(intelFeedSchema).min(1),
    /** How the connector signs in. Default none. */
    auth: intelFeedsAuthSchema.default({ type: 'none' }),
    /** Rows per batch. Default 1 000. */
    batchSize: z.int().min(1).max(100_000).default(1_000),
  })
  .refine((config) => new Set(config.feeds.map((feed) => feed.name)).size === config.feeds.length, {
    message: 'feed names must be unique',
    path: ['feeds'],
  });

/** One validated feed. */
export type IntelFeed = z.output<typeof intelFeedSchema>;

/** A validated feeds configuration. */
export type IntelFeedsConfig = z.output<typeof intelFeedsConfigSchema>;
