import { awsConfigSchema } from '@openmdr/connector-kit/aws';
import * as z from 'zod';

const aws = awsConfigSchema({ connector: 'cloudtrail' });

/**
 * The configuration of the AWS CloudTrail connector, one per tenant: the kit's AWS settings
 * (`region`, `endpoint` overrides, `credentials`, per-tenant `assumeRole`), the SQS queue the
 * trail's S3 notifications arrive on (stream `events`) and the LookupEvents window (stream
 * `lookup-events`).
 */
export const cloudtrailConfigSchema = z.object({
  ...aws.shape,
  /**
   * The SQS queue receiving the trail bucket's object notifications (S3 event notifications,
   * through SNS or EventBridge too): `https://sqs.<region>.amazonaws.com/<account>/<name>`.
   * Needed by the `events` stream.
   */
  queueUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** ReceiveMessage long-poll wait, seconds (0 to 20). Default 20. */
  waitTimeSeconds: z.int().min(0).max(20).default(20),
  /**
   * How long a received message stays invisible to other readers, seconds; extended while a
   * big object is read, and it must outlast the pipeline's commit of the batch. Default 300.
   */
  visibilityTimeoutSeconds: z.int().min(30).max(43_200).default(300),
  /** Most messages received in one read before it ends (a read ends earlier on an empty queue). */
  maxMessagesPerRead: z.int().min(1).max(10_000).default(500),
  /** Where a first `lookup-events` read starts (ISO 8601). Default: 24 hours before it. */
  startAt: z.iso.datetime({ offset: true }).optional(),
  /** How far behind the watermark each `lookup-events` read starts again, ms. Default 15 min. */
  lookbackMs: z.int().min(0).max(86_400_000).default(900_000),
  /** LookupEvents calls per second (CloudTrail allows 2 per account and region). Default 2. */
  lookupRequestsPerSecond: z.number().min(0.1).max(2).default(2),
});

/** A validated AWS CloudTrail configuration. */
export type CloudtrailConfig = z.output<typeof cloudtrailConfigSchema>;
