import { secret } from '@openmdr/connector-kit';
import * as z from 'zod';

/**
 * How the connector signs in to the management port: a Splunk authentication token (Settings →
 * Tokens), sent as `Authorization: Bearer <token>`, or a user name and password sent as HTTP
 * Basic. Splunk Cloud accepts both on `https://<stack>.splunkcloud.com:8089`.
 */
export const splunkAuthSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('token'),
    /** The authentication token, read from the tenant's secret provider as `splunk.token`. */
    token: secret({ name: 'splunk.token' }),
  }),
  z.object({
    type: z.literal('basic'),
    /** The Splunk user. */
    username: z.string().min(1),
    /** Its password, read from the tenant's secret provider as `splunk.password`. */
    password: secret({ name: 'splunk.password' }),
  }),
]);

/**
 * The HTTP Event Collector the connector writes findings to: its URL (`https://<host>:8088`,
 * Splunk Cloud `https://http-inputs-<stack>.splunkcloud.com`) and token, sent as
 * `Authorization: Splunk <token>`.
 */
export const splunkHecSchema = z.object({
  /** The collector's base URL, without `/services/collector`. */
  url: z.url({ protocol: /^https?$/ }),
  /** The HEC token, read from the tenant's secret provider as `splunk.hec_token`. */
  token: secret({ name: 'splunk.hec_token' }),
  /** The index events go to. Default: the token's default index. */
  index: z.string().min(1).optional(),
  /** The sourcetype of the events. Default `ocsf:finding`. */
  sourcetype: z.string().min(1).default('ocsf:finding'),
  /** The `source` of the events. Default `openmdr`. */
  source: z.string().min(1).default('openmdr'),
  /**
   * The channel sent as `X-Splunk-Request-Channel` (a GUID); needed when the token has indexer
   * acknowledgement on. Default: one derived from the tenant, stable across restarts.
   */
  channel: z.uuid().optional(),
  /** Wait for indexer acknowledgement (`/services/collector/ack`) of every batch. Default false. */
  acknowledge: z.boolean().default(false),
  /** Events per request. Default 100. */
  batchSize: z.int().min(1).max(10_000).default(100),
});

/** The configuration of the Splunk connector, one per tenant. */
export const splunkConfigSchema = z.object({
  /**
   * The management port's URL: `https://<host>:8089` on premises, `https://<stack>.splunkcloud.com:8089`
   * on Splunk Cloud.
   */
  baseUrl: z.url({ protocol: /^https?$/ }),
  /** How the connector signs in. */
  auth: splunkAuthSchema,
  /** Verify the server's TLS certificate. Default true; false only for a lab's self-signed one. */
  verifyTls: z.boolean().default(true),
  /**
   * The search of the `notables` stream, before the time window and sort the connector adds.
   * Default `search index=notable`; with Enterprise Security the `` `notable` `` macro also
   * adds the status, urgency and owner labels Incident Review shows.
   */
  notableSearch: z.string().min(1).default('search index=notable'),
  /**
   * The SPL of the `search` stream (a saved search's text, `search index=… | …`); its results
   * keep every field in `unmapped`. Absent: the stream reads nothing.
   */
  search: z.string().min(1).optional(),
  /**
   * How the `search` stream reads its results. `jobs` (default): a search job per run, polled to
   * `DONE` and paged with `offset`/`count` — better when results must be re-read or paged (a sid
   * that expires is dispatched again and read on from the same offset) or when the search is
   * small. `export`: Splunk's streaming export (`POST /services/search/v2/jobs/export`, legacy
   * `/services/search/jobs/export`), results read line by line as they arrive — better for large
   * result sets: no job to poll, no `maxresultrows` cap, one request per run, and never more
   * than `pageSize` results held in memory. A stream cut part-way is resumed from the last
   * `_indextime` read. The cursor (index-time window, look-back, dedup ids) is the same.
   */
  searchMode: z.enum(['jobs', 'export']).default('jobs'),
  /**
   * The Splunk app the searches run in (`SplunkEnterpriseSecuritySuite` for the ES macros): jobs
   * are dispatched on `/servicesNS/nobody/<app>/search/jobs`. Absent: `/services/search/jobs`, in
   * the user's default app.
   */
  app: z
    .string()
    .regex(/^[\w.-]+$/)
    .optional(),
  /** Where a first read starts (ISO 8601). Default: 24 hours before the first run. */
  startAt: z.iso.datetime({ offset: true }).optional(),
  /** How far behind the watermark each run reads again for late indexing, ms. Default 5 minutes. */
  lookbackMs: z.int().min(0).max(86_400_000).default(300_000),
  /**
   * How much older than its index time an event's `_time` may be, ms: the `earliest_time` of a
   * job is the window start minus this. Default 24 hours.
   */
  maxEventLagMs: z
    .int()
    .min(0)
    .max(30 * 86_400_000)
    .default(86_400_000),
  /**
   * Results per `results` request (`count`), and per batch in `export` mode. Default 500;
   * Splunk's default cap is 50 000.
   */
  pageSize: z.int().min(1).max(50_000).default(500),
  /** How often a running job is polled, ms. Default 1 000. */
  pollIntervalMs: z.int().min(1).max(60_000).default(1_000),
  /** How long a job may run before the read fails, ms. Default 10 minutes. */
  jobTimeoutMs: z.int().min(1_000).max(86_400_000).default(600_000),
  /** The base URL of Incident Review links. Default: `baseUrl` on port 8000. */
  webUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Where findings are written back. Absent: `write-findings` fails. */
  hec: splunkHecSchema.optional(),
});

/** A validated Splunk configuration. */
export type SplunkConfig = z.output<typeof splunkConfigSchema>;

/** The Splunk Web URL of a configuration: `webUrl`, else the management URL on port 8000. */
export function splunkWebUrl(config: SplunkConfig): string {
  if (config.webUrl) return config.webUrl.replace(/\/$/, '');
  const url = new URL(config.baseUrl);
  if (url.port === '8089') url.port = '8000';
  return url.origin;
}
