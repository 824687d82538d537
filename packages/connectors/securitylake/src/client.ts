import { S3Client } from '@aws-sdk/client-s3';
import type { ConnectorContext } from '@openmdr/connector-kit';
import { awsClientOptions, awsSend } from '@openmdr/connector-kit/aws';
import type { SecuritylakeConfig } from './config.js';
import { localLakeStore, type SecurityLakeStore } from './lake/store.js';
import { type S3Send, s3LakeStore } from './s3/s3-store.js';

/** The Amazon Security Lake vendor client: the lake, on S3 or in a local directory. */
export interface SecuritylakeClient {
  /** The lake: listing, reading and writing objects in the custom-source layout. */
  readonly store: SecurityLakeStore;
  /** The S3 client when the lake is on S3 (region, endpoint, the tenant's credentials). */
  readonly s3?: S3Client;
}

/**
 * Builds the client for a tenant: with `bucket`, an S3 client from the kit's AWS options
 * (endpoint override `endpoint.s3`, path-style then) whose commands go through `awsSend` (the
 * tenant's budget for `s3.<region>.amazonaws.com`, retries on `SlowDown`/5xx, refreshed
 * credentials on `ExpiredToken`, typed errors), and an S3 lake store over it; with `localDir`,
 * a local lake store.
 */
export function createSecuritylakeClient(
  config: SecuritylakeConfig,
  context: ConnectorContext,
): SecuritylakeClient {
  if (config.localDir !== undefined) return { store: localLakeStore(config.localDir) };
  const s3 = new S3Client(awsClientOptions(config, context, 's3'));
  const send: S3Send = (command) => awsSend(s3, command, context);
  return {
    s3,
    store: s3LakeStore({
      client: s3,
      send,
      bucket: config.bucket as string,
      prefix: config.prefix,
      pageSize: config.pageSize,
    }),
  };
}

/** Releases the client: temporary downloads and the S3 client's sockets. */
export async function closeSecuritylakeClient(client: SecuritylakeClient): Promise<void> {
  await client.store.close();
  client.s3?.destroy();
}
