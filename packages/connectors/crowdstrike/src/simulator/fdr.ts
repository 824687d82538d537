import { gzipSync } from 'node:zlib';
import { type AwsSimulator, startAwsSimulator } from '@openmdr/connector-kit/aws';
import { createTestSecretProvider } from '@openmdr/connector-kit/simulator';
import type { SecretProvider } from '@openmdr/core';

/** Placeholder FDR credentials of the simulator (not key-shaped, never real). */
export const FDR_SIM_KEYS = {
  accessKeyId: 'sim-fdr-access-key-id',
  secretAccessKey: 'sim-fdr-secret-access-key-value',
} as const;

/** The simulated FDR bucket and queue (CrowdStrike's naming: `cs-prod-cannon-…`). */
export const FDR_SIM_BUCKET = 'cs-prod-cannon-0123456789abcdef';
/** The simulated FDR queue. */
export const FDR_SIM_QUEUE = 'cs-prod-cannon-queue-0123456789abcdef';

/** One FDR delivery: files under one prefix, announced by one message. */
export interface SimulatedFdrBatch {
  /** The prefix kind: `data` (default), `aidmaster`, `managedassets`, `notmanaged`. */
  kind?: string;
  /** The files: each a list of records (gzipped NDJSON) or raw bytes. */
  files: readonly (readonly unknown[] | Uint8Array)[];
  /** Announce a key that is not in the bucket too (a file expired before it was read). */
  missingFile?: boolean;
}

/** A running simulated FDR: the AWS simulator, a config for `fdr`, its secrets. */
export interface StartedFdrSimulator {
  /** The AWS simulator (STS, SQS, S3). */
  readonly aws: AwsSimulator;
  /** The `fdr` part of a CrowdStrike config. */
  readonly fdr: {
    region: string;
    endpoint: { sts: string; sqs: string; s3: string };
    credentials: { type: 'keys' };
    queueUrl: string;
    waitTimeSeconds: number;
  };
  /** The FDR secrets (`crowdstrike_fdr.access_key_id`, `crowdstrike_fdr.secret_access_key`). */
  readonly secrets: Readonly<Record<string, string>>;
  /** A secret provider holding them. */
  readonly secretProvider: SecretProvider;
  /** Uploads a batch and sends its notification; returns the keys. */
  deliver(batch: SimulatedFdrBatch): string[];
  /** Stops the server. */
  close(): Promise<void>;
}

/** Newline-delimited JSON, gzipped, as FDR writes its files. */
export function fdrGzipLines(records: readonly unknown[]): Uint8Array {
  return gzipSync(`${records.map((record) => JSON.stringify(record)).join('\n')}\n`);
}

/**
 * Starts a simulated Falcon Data Replicator on the kit's AWS simulator: the FDR bucket and
 * queue, FDR's own SQS message per delivery (`{cid, timestamp, fileCount, totalSize, bucket,
 * pathPrefix, files: [{path, size, checksum}]}`), gzipped NDJSON files under
 * `<kind>/<uuid>/part-0000N.gz`. Faults: the AWS simulator's `failNext` and framework faults.
 */
export async function startFdrSimulator(
  options: { batches?: readonly SimulatedFdrBatch[]; visibilityTimeoutSeconds?: number } = {},
): Promise<StartedFdrSimulator> {
  const aws = await startAwsSimulator({
    users: [{ ...FDR_SIM_KEYS, account: '292230061137', name: 'fdr-customer' }],
    queues: [
      { name: FDR_SIM_QUEUE, visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 300 },
    ],
    buckets: [{ name: FDR_SIM_BUCKET }],
  });
  let sequence = 0;
  const deliver = (batch: SimulatedFdrBatch): string[] => {
    sequence += 1;
    const prefix = `${batch.kind ?? 'data'}/00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`;
    const files = batch.files.map((file, index) => {
      const body = file instanceof Uint8Array ? file : fdrGzipLines(file);
      const path = `${prefix}/part-${String(index).padStart(5, '0')}.gz`;
      aws.putObject(FDR_SIM_BUCKET, path, body, 'application/gzip');
      return { path, size: body.length, checksum: `sim-${sequence}-${index}` };
    });
    if (batch.missingFile) {
      files.push({ path: `${prefix}/part-99999.gz`, size: 0, checksum: 'missing' });
    }
    aws.sendMessage(
      FDR_SIM_QUEUE,
      JSON.stringify({
        cid: '0123456789abcdef0123456789abcdef',
        timestamp: Date.now(),
        fileCount: files.length,
        totalSize: files.reduce((sum, file) => sum + file.size, 0),
        bucket: FDR_SIM_BUCKET,
        pathPrefix: prefix,
        files,
      }),
    );
    return files.map((file) => file.path);
  };
  for (const batch of options.batches ?? []) deliver(batch);
  const secrets = {
    'crowdstrike_fdr.access_key_id': FDR_SIM_KEYS.accessKeyId,
    'crowdstrike_fdr.secret_access_key': FDR_SIM_KEYS.secretAccessKey,
  };
  return {
    aws,
    fdr: {
      region: 'us-west-1',
      endpoint: aws.endpoint,
      credentials: { type: 'keys' },
      queueUrl: aws.queueUrl(FDR_SIM_QUEUE),
      waitTimeSeconds: 0,
    },
    secrets,
    secretProvider: createTestSecretProvider(secrets),
    deliver,
    close: () => aws.close(),
  };
}
