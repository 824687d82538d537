import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { defineConnector, INCREMENTAL_STATE_VERSION } from '@openmdr/connector-kit';
import { awsSend, awsServiceRegions } from '@openmdr/connector-kit/aws';
import {
  cloudtrailClientOptions,
  createCloudtrailClient,
  destroyCloudtrailClient,
} from './client.js';
import { cloudtrailConfigSchema } from './config.js';
import { eventsStream, QUEUE_STATE_VERSION } from './events-stream.js';
import { lookupEventsStream } from './lookup-stream.js';

/** The OCSF classes CloudTrail records normalise to (see `event-kinds.ts`). */
const CLOUDTRAIL_CLASSES = [
  'api_activity',
  'authentication',
  'account_change',
  'detection_finding',
] as const;

/**
 * The AWS CloudTrail connector: log files delivered to S3 and announced on SQS (stream
 * `events`, account and organisation trails), or `LookupEvents` for small accounts (stream
 * `lookup-events`), normalised to OCSF API Activity, Authentication, Account Change and (for
 * Insights) Detection Finding. Credentials: the SDK's default chain or keys from the tenant's
 * secrets, with a per-tenant STS AssumeRole.
 *
 * @example
 * ```ts
 * const cloudtrail = await cloudtrailConnector.connect({
 *   config: {
 *     region: 'eu-west-1',
 *     queueUrl: 'https://sqs.eu-west-1.amazonaws.com/111122223333/cloudtrail-logs',
 *     assumeRole: { roleArn: 'arn:aws:iam::111122223333:role/openmdr-reader', externalId: 'mssp-42' },
 *   },
 * });
 * for await (const batch of cloudtrail.read('events', savedState)) { … }
 * ```
 */
export const cloudtrailConnector = defineConnector({
  manifest: {
    id: 'cloudtrail',
    vendor: 'Amazon Web Services',
    product: 'AWS CloudTrail',
    category: 'cloud',
    version: '0.1.0',
    auth: ['aws-sigv4'],
    regions: awsServiceRegions('cloudtrail'),
    streams: {
      events: {
        description:
          'CloudTrail log files (management, data, Insights events) announced on SQS by the trail bucket, account and organisation trails; each message deleted once its batch is committed',
        cursor: 'queue',
        sortField: 'eventTime',
        dedupKey: 'eventID',
        stateVersion: QUEUE_STATE_VERSION,
        ocsfClasses: [...CLOUDTRAIL_CLASSES],
        requiredPermissions: [
          'sqs:ReceiveMessage',
          'sqs:DeleteMessage',
          'sqs:ChangeMessageVisibility',
          's3:GetObject',
          'kms:Decrypt (SSE-KMS trails)',
        ],
      },
      'lookup-events': {
        description:
          'Management events of the last 90 days from LookupEvents, newest first, windowed from the watermark with a look-back (at most 2 calls per second)',
        cursor: 'next-token',
        sortField: 'EventTime',
        dedupKey: 'EventId',
        stateVersion: INCREMENTAL_STATE_VERSION,
        ocsfClasses: ['api_activity', 'authentication', 'account_change'],
        requiredPermissions: ['cloudtrail:LookupEvents'],
      },
    },
    actions: {},
    // the tenant's budget per AWS service endpoint (SQS, S3, CloudTrail): LookupEvents has its
    // own 2 per second inside it
    rateLimit: { requests: 50, perMs: 1_000 },
    docsUrl: 'https://openmdr.dev/docs/connectors/cloudtrail',
  },
  config: cloudtrailConfigSchema,
  createClient: createCloudtrailClient,
  check: async ({ config, context }) => {
    const sts = new STSClient(cloudtrailClientOptions(config, context, 'sts'));
    try {
      await awsSend(sts, new GetCallerIdentityCommand({}), context);
    } finally {
      sts.destroy();
    }
  },
  close: async ({ client }) => {
    destroyCloudtrailClient(client);
  },
  streams: { events: eventsStream, 'lookup-events': lookupEventsStream },
  actions: {},
});
