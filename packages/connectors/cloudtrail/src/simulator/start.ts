import { type AwsSimulator, startAwsSimulator } from '@openmdr/connector-kit/aws';
import {
  createTestSecretProvider,
  createVendorSimulator,
  hourAgo,
  type VendorSimulator,
} from '@openmdr/connector-kit/simulator';
import type { SecretProvider } from '@openmdr/core';
import { type LookupEventsData, lookupEventOf, lookupEventsRoutes } from './lookup-events-route.js';
import {
  cloudTrailGzipRecords,
  cloudTrailKey,
  cloudTrailNotificationBody,
  type SimulatedLogFile,
} from './seed.js';

/** The simulated tenant's placeholder access key (never a real key). */
export const CLOUDTRAIL_SIM_KEYS = {
  accessKeyId: 'AKIASIMCLOUDTRAIL001',
  secretAccessKey: 'sim-cloudtrail-secret-Hq8vN2kLp5Rt7Wx',
} as const;

/** The role the simulated tenant assumes, with its external id. */
export const CLOUDTRAIL_SIM_ROLE = {
  roleArn: 'arn:aws:iam::111122223333:role/openmdr-cloudtrail-reader',
  externalId: 'sim-external-id-4410',
} as const;

/** The simulated trail bucket and queue. */
export const CLOUDTRAIL_SIM_BUCKET = 'aws-cloudtrail-logs-111122223333-sim';
/** The simulated notification queue. */
export const CLOUDTRAIL_SIM_QUEUE = 'cloudtrail-notifications';

/** Options of {@link startCloudtrailSimulator}. */
export interface CloudtrailSimulatorOptions {
  /** Log files put in the bucket and announced on the queue, in order. */
  files?: readonly SimulatedLogFile[];
  /** CloudTrail records LookupEvents serves. */
  lookupRecords?: readonly Record<string, unknown>[];
  /** Write default keys as an organisation trail of this organisation (`o-…`). */
  organizationId?: string;
  /** The queue's default visibility timeout, seconds. Default 30. */
  visibilityTimeoutSeconds?: number;
  /** Where `lookup-events` reads start (ISO 8601). Default one hour ago. */
  startAt?: string;
}

/** The connector config a started simulator hands out. */
export interface CloudtrailSimulatorConfig {
  region: string;
  endpoint: { sts: string; sqs: string; s3: string; cloudtrail: string };
  credentials: { type: 'keys' };
  assumeRole: { roleArn: string; externalId: string };
  queueUrl: string;
  waitTimeSeconds: number;
  startAt: string;
}

/** A running CloudTrail simulator: the kit's AWS simulator plus LookupEvents. */
export interface StartedCloudtrailSimulator {
  /** STS, SQS (the notification queue) and S3 (the trail bucket). */
  readonly aws: AwsSimulator;
  /** The CloudTrail LookupEvents endpoint. */
  readonly lookup: VendorSimulator;
  /** LookupEvents' events, call times and scripted throttling. */
  readonly lookupData: LookupEventsData;
  /** The connector config pointing at both. */
  readonly config: CloudtrailSimulatorConfig;
  /** The tenant's placeholder keys as `cloudtrail.access_key_id` / `.secret_access_key`. */
  readonly secrets: SecretProvider;
  /** Puts a log file in the bucket and announces it; returns its key. */
  addLogFile(file: SimulatedLogFile): string;
  /** Stops both servers. */
  close(): Promise<void>;
}

/**
 * Starts a simulated CloudTrail deployment on 127.0.0.1: the kit's AWS simulator (STS with the
 * tenant's role and external id, the trail bucket with gzip'd `{"Records":…}` files, the SQS
 * queue with their S3, SNS-wrapped or EventBridge notifications) and a LookupEvents endpoint
 * built on the kit's simulator framework.
 *
 * @example
 * ```ts
 * const sim = await startCloudtrailSimulator({ files: [{ records }] });
 * const instance = await cloudtrailConnector.connect({ config: sim.config, secrets: sim.secrets });
 * ```
 */
export async function startCloudtrailSimulator(
  options: CloudtrailSimulatorOptions = {},
): Promise<StartedCloudtrailSimulator> {
  const aws = await startAwsSimulator({
    users: [{ ...CLOUDTRAIL_SIM_KEYS, account: '999999999999', name: 'openmdr-mssp' }],
    roles: [{ arn: CLOUDTRAIL_SIM_ROLE.roleArn, externalId: CLOUDTRAIL_SIM_ROLE.externalId }],
    queues: [
      {
        name: CLOUDTRAIL_SIM_QUEUE,
        visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 30,
      },
    ],
    buckets: [{ name: CLOUDTRAIL_SIM_BUCKET }],
  });
  const lookupData: LookupEventsData = {
    events: (options.lookupRecords ?? []).map(lookupEventOf),
    calls: [],
    throttleNext: 0,
  };
  const lookup = await createVendorSimulator({ routes: lookupEventsRoutes(lookupData) });
  let index = 0;
  const addLogFile = (file: SimulatedLogFile): string => {
    index += 1;
    const key = file.key ?? cloudTrailKey(file.records ?? [], index, options.organizationId);
    const body = file.body ?? cloudTrailGzipRecords(file.records ?? []);
    aws.putObject(CLOUDTRAIL_SIM_BUCKET, key, body, 'application/x-gzip');
    const style = file.notification ?? 's3';
    if (style !== 'none') {
      aws.sendMessage(
        CLOUDTRAIL_SIM_QUEUE,
        cloudTrailNotificationBody(CLOUDTRAIL_SIM_BUCKET, key, body.length, style),
      );
    }
    return key;
  };
  for (const file of options.files ?? []) addLogFile(file);
  return {
    aws,
    lookup,
    lookupData,
    config: {
      region: 'us-east-1',
      endpoint: { ...aws.endpoint, cloudtrail: lookup.url },
      credentials: { type: 'keys' },
      assumeRole: { ...CLOUDTRAIL_SIM_ROLE },
      queueUrl: aws.queueUrl(CLOUDTRAIL_SIM_QUEUE),
      waitTimeSeconds: 0,
      startAt: options.startAt ?? hourAgo(),
    },
    secrets: createTestSecretProvider({
      'cloudtrail.access_key_id': CLOUDTRAIL_SIM_KEYS.accessKeyId,
      'cloudtrail.secret_access_key': CLOUDTRAIL_SIM_KEYS.secretAccessKey,
    }),
    addLogFile,
    close: async () => {
      await Promise.all([aws.close(), lookup.close()]);
    },
  };
}
