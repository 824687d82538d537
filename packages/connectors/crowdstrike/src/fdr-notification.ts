import {
  parseS3Notification,
  type S3Notification,
  type S3ObjectRef,
  stringAtPath,
} from '@openmdr/connector-kit/aws';
import { isRecord } from '@openmdr/connector-kit/normalize';

/** One FDR file a queue message announces (`data/<uuid>/part-00000.gz`, `aidmaster/…`). */
export type FdrObjectRef = S3ObjectRef;

/** What an FDR queue message announces. */
export type FdrNotification = S3Notification;

/** CrowdStrike's own FDR message: `{cid, timestamp, fileCount, totalSize, bucket, pathPrefix, files}`. */
function fdrMessage(value: Readonly<Record<string, unknown>>): S3Notification | undefined {
  const bucket = stringAtPath(value, 'bucket');
  if (!bucket || !Array.isArray(value['files'])) return undefined;
  const objects = value['files']
    .map((file) => stringAtPath(file, 'path'))
    .filter((path): path is string => path !== undefined)
    .map((key) => ({ bucket, key }));
  return { type: 'objects', objects };
}

/**
 * Reads an FDR queue message: CrowdStrike's own notification (`{"cid","timestamp","fileCount",
 * "totalSize","bucket","pathPrefix","files":[{"path","size","checksum"}]}`), or, for FDR data
 * replicated to the customer's bucket, an S3 event notification (plain, in an SNS envelope, or
 * an EventBridge `Object Created`), or S3's test event.
 */
export function parseFdrNotification(body: string): FdrNotification {
  return parseS3Notification(body, { shapes: [fdrMessage], producer: 'FDR' });
}

/** The `type` of an {@link FdrPoisonFile}. */
export const FDR_POISON_TYPE = 'openmdr.crowdstrike.fdr-poison';

/**
 * A raw record the `fdr` stream yields in place of a file or message it cannot read (a missing
 * object, corrupt gzip, an unknown message): the normaliser rejects it with the reason, so the
 * pipeline dead-letters it.
 */
export interface FdrPoisonFile {
  /** Always {@link FDR_POISON_TYPE}. */
  readonly type: typeof FDR_POISON_TYPE;
  /** Why it was not read. */
  readonly reason: string;
  /** The bucket, when a file. */
  readonly bucket?: string;
  /** The key, when a file. */
  readonly key?: string;
  /** The SQS message id. */
  readonly messageId?: string;
}

/** True for an {@link FdrPoisonFile}. */
export function isFdrPoisonFile(value: unknown): value is FdrPoisonFile {
  return isRecord(value) && value['type'] === FDR_POISON_TYPE;
}
