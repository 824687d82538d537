import type { ConnectorRegion } from '@openmdr/connector-kit';
import { secret } from '@openmdr/connector-kit';
import { awsConfigSchema } from '@openmdr/connector-kit/aws';
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

const fdrAws = awsConfigSchema({ connector: 'crowdstrike_fdr' });

/**
 * Falcon Data Replicator: the SQS queue announcing the FDR files and the S3 bucket holding them,
 * with the AWS access key CrowdStrike issues for them (`credentials: { type: 'keys' }`, read
 * from the secrets `crowdstrike_fdr.access_key_id` / `crowdstrike_fdr.secret_access_key`), or
 * the default chain and an AssumeRole when the files are replicated to the customer's bucket.
 */
export const crowdstrikeFdrConfigSchema = z.object({
  ...fdrAws.shape,
  /** The FDR queue: `https://sqs.<region>.amazonaws.com/<account>/<name>`. */
  queueUrl: z.url({ protocol: /^https?$/ }),
  /** ReceiveMessage long-poll wait, seconds (0 to 20). Default 20. */
  waitTimeSeconds: z.int().min(0).max(20).default(20),
  /** How long a received message stays invisible while its files are read, seconds. */
  visibilityTimeoutSeconds: z.int().min(30).max(43_200).default(600),
  /** Most messages received in one read (a read ends earlier on an empty queue). Default 50. */
  maxMessagesPerRead: z.int().min(1).max(10_000).default(50),
  /** Events per yielded batch while a big FDR file is read. Default 5 000. */
  batchSize: z.int().min(1).max(100_000).default(5_000),
});

/** A validated FDR configuration. */
export type CrowdStrikeFdrConfig = z.output<typeof crowdstrikeFdrConfigSchema>;

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
  /**
   * Event Streams: the application id naming this consumer (1 to 32 letters and digits); the
   * Falcon cloud keeps one offset per `appId`. Needed by the `event-stream` stream.
   */
  appId: z
    .string()
    .regex(/^[A-Za-z0-9]{1,32}$/, '1 to 32 letters and digits')
    .optional(),
  /** Event Streams: the event types to receive (`eventType` filter); all when absent. */
  eventTypes: z.array(z.string().regex(/^[A-Za-z0-9]+$/)).optional(),
  /**
   * Event Streams: a read ends when no event has arrived for this long, ms. Default 10 000.
   * The stream is long-lived; each read drains it, then resumes from the committed offset.
   */
  streamIdleMs: z.int().min(100).max(600_000).default(10_000),
  /** Event Streams: most events one read takes before it ends. Default 10 000. */
  maxEventsPerRead: z.int().min(1).max(1_000_000).default(10_000),
  /** Event Streams: events per yielded batch. Default 500. */
  streamBatchSize: z.int().min(1).max(10_000).default(500),
  /** Falcon Data Replicator (stream `fdr`). */
  fdr: crowdstrikeFdrConfigSchema.optional(),
});

/** A validated CrowdStrike configuration. */
export type CrowdStrikeConfig = z.output<typeof crowdstrikeConfigSchema>;

/** The API base URL of a configuration. */
export function crowdstrikeBaseUrl(config: CrowdStrikeConfig): string {
  return config.baseUrl ?? CROWDSTRIKE_REGIONS[config.region].baseUrl;
}
