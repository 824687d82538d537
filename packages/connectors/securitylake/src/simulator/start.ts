import { type AwsSimulator, startAwsSimulator } from '@openmdr/connector-kit/aws';
import { createTestSecretProvider, hourAgo } from '@openmdr/connector-kit/simulator';
import type { SecretProvider } from '@openmdr/core';
import {
  type SecurityLakeEventsSummary,
  writeSecurityLakeEvents,
} from '../lake/partitioned-writer.js';

/** The simulated tenant's placeholder access key (never a real key). */
export const SECURITYLAKE_SIM_KEYS = {
  accessKeyId: 'AKIASIMSECURITYLAKE1',
  secretAccessKey: 'sim-securitylake-secret-Vb3nK8qRw2Lt6Zp',
} as const;

/** The provider role the simulated tenant assumes, with its external id. */
export const SECURITYLAKE_SIM_ROLE = {
  roleArn: 'arn:aws:iam::111122223333:role/AmazonSecurityLake-Provider-openmdr-us-east-1',
  externalId: 'sim-external-id-5520',
} as const;

/** The simulated Security Lake bucket. */
export const SECURITYLAKE_SIM_BUCKET = 'aws-security-data-lake-us-east-1-sim';
/** The simulated Region. */
export const SECURITYLAKE_SIM_REGION = 'us-east-1';
/** The account partition of simulated events without `cloud.account.uid`. */
export const SECURITYLAKE_SIM_ACCOUNT = '111122223333';

/** Options of {@link startSecuritylakeSimulator}. */
export interface SecuritylakeSimulatorOptions {
  /** OCSF events written to the bucket as the source's objects at start. */
  events?: readonly object[];
  /** The custom source. Default `openmdr`. */
  sourceName?: string;
  /** The custom source's `sourceVersion` folder (its objects under `ext/<source>/<version>/`). */
  sourceVersion?: string;
  /** Where reads start (ISO 8601). Default one hour ago. */
  startAt?: string;
}

/** The connector config a started simulator hands out. */
export interface SecuritylakeSimulatorConfig {
  region: string;
  endpoint: { sts: string; s3: string };
  credentials: { type: 'keys' };
  assumeRole: { roleArn: string; externalId: string };
  bucket: string;
  sourceName: string;
  sourceVersion?: string;
  accountId: string;
  startAt: string;
}

/** A running Security Lake simulator. */
export interface StartedSecuritylakeSimulator {
  /** The kit's AWS simulator: STS (the provider role) and S3 (the lake bucket). */
  readonly aws: AwsSimulator;
  /** The connector config pointing at it. */
  readonly config: SecuritylakeSimulatorConfig;
  /** The placeholder keys as `securitylake.access_key_id` / `.secret_access_key`. */
  readonly secrets: SecretProvider;
  /** Writes events to the bucket as the source's Parquet objects (as a producer would). */
  addEvents(events: readonly object[]): Promise<SecurityLakeEventsSummary>;
  /** Stops the server. */
  close(): Promise<void>;
}

/**
 * Starts a simulated Security Lake on 127.0.0.1: the kit's AWS simulator with the lake bucket
 * (S3 `ListObjectsV2` with delimiters and continuation tokens, `GetObject`, `PutObject`), STS
 * with the source's provider role and external id, SigV4 checked; `events` are written into the
 * bucket as the custom source's Parquet objects. Faults: `aws.failNext('ListObjectsV2',
 * 'throttling')` (503 SlowDown), `aws.expireSessions()`, `aws.failNext('GetObject',
 * 'expired-token')`.
 *
 * @example
 * ```ts
 * const sim = await startSecuritylakeSimulator({ events });
 * const lake = await securitylakeConnector.connect({ config: sim.config, secrets: sim.secrets });
 * ```
 */
export async function startSecuritylakeSimulator(
  options: SecuritylakeSimulatorOptions = {},
): Promise<StartedSecuritylakeSimulator> {
  const aws = await startAwsSimulator({
    users: [{ ...SECURITYLAKE_SIM_KEYS, account: '999999999999', name: 'openmdr-mssp' }],
    roles: [{ arn: SECURITYLAKE_SIM_ROLE.roleArn, externalId: SECURITYLAKE_SIM_ROLE.externalId }],
    buckets: [{ name: SECURITYLAKE_SIM_BUCKET }],
  });
  const sourceName = options.sourceName ?? 'openmdr';
  const addEvents = (events: readonly object[]) =>
    writeSecurityLakeEvents(events, {
      sink: {
        put: async (key, bytes) =>
          aws.putObject(SECURITYLAKE_SIM_BUCKET, key, bytes, 'application/vnd.apache.parquet'),
      },
      sourceName,
      sourceVersion: options.sourceVersion,
      region: SECURITYLAKE_SIM_REGION,
      accountId: SECURITYLAKE_SIM_ACCOUNT,
    });
  try {
    if (options.events && options.events.length > 0) await addEvents(options.events);
  } catch (error) {
    await aws.close();
    throw error;
  }
  return {
    aws,
    config: {
      region: SECURITYLAKE_SIM_REGION,
      endpoint: { sts: aws.endpoint.sts, s3: aws.endpoint.s3 },
      credentials: { type: 'keys' },
      assumeRole: { ...SECURITYLAKE_SIM_ROLE },
      bucket: SECURITYLAKE_SIM_BUCKET,
      sourceName,
      ...(options.sourceVersion === undefined ? {} : { sourceVersion: options.sourceVersion }),
      accountId: SECURITYLAKE_SIM_ACCOUNT,
      startAt: options.startAt ?? hourAgo(),
    },
    secrets: createTestSecretProvider({
      'securitylake.access_key_id': SECURITYLAKE_SIM_KEYS.accessKeyId,
      'securitylake.secret_access_key': SECURITYLAKE_SIM_KEYS.secretAccessKey,
    }),
    addEvents,
    close: () => aws.close(),
  };
}
