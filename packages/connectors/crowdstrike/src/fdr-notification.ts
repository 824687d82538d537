import { isRecord } from '@openmdr/connector-kit/normalize';

/** One FDR file an SQS message announces. */
export interface FdrObjectRef {
  /** Bucket name. */
  readonly bucket: string;
  /** Object key (`data/<uuid>/part-00000.gz`, `aidmaster/<uuid>/part-00000.gz`, …). */
  readonly key: string;
}

/** What an FDR queue message announces. */
export type FdrNotification =
  | { readonly type: 'objects'; readonly objects: readonly FdrObjectRef[] }
  | { readonly type: 'test' }
  | { readonly type: 'unrecognised'; readonly reason: string };

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function stringAt(value: unknown, ...path: string[]): string | undefined {
  let current = value;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return typeof current === 'string' && current !== '' ? current : undefined;
}

/** S3 event notifications URL-encode keys, with `+` for a space. */
function decodeS3Key(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return key;
  }
}

function fromValue(value: unknown, depth: number): FdrNotification {
  if (!isRecord(value)) return { type: 'unrecognised', reason: 'the body is not a JSON object' };
  // CrowdStrike's own FDR message: { cid, timestamp, fileCount, totalSize, bucket, pathPrefix, files }
  const bucket = stringAt(value, 'bucket');
  if (bucket && Array.isArray(value['files'])) {
    const objects = value['files']
      .map((file) => stringAt(file, 'path'))
      .filter((path): path is string => path !== undefined)
      .map((key) => ({ bucket, key }));
    return { type: 'objects', objects };
  }
  // SNS envelope (a customer bucket notifying through SNS)
  if (value['Type'] === 'Notification' && typeof value['Message'] === 'string' && depth < 2) {
    const inner = parseJson(value['Message']);
    if (inner === undefined) return { type: 'unrecognised', reason: 'the SNS Message is not JSON' };
    return fromValue(inner, depth + 1);
  }
  if (value['Event'] === 's3:TestEvent') return { type: 'test' };
  // S3 event notification (FDR data replicated to the customer's bucket)
  if (Array.isArray(value['Records'])) {
    const objects: FdrObjectRef[] = [];
    for (const record of value['Records']) {
      const eventName = stringAt(record, 'eventName');
      if (eventName !== undefined && !eventName.startsWith('ObjectCreated:')) continue;
      const name = stringAt(record, 's3', 'bucket', 'name');
      const key = stringAt(record, 's3', 'object', 'key');
      if (name && key) objects.push({ bucket: name, key: decodeS3Key(key) });
    }
    return { type: 'objects', objects };
  }
  // EventBridge "Object Created"
  if (value['detail-type'] === 'Object Created') {
    const name = stringAt(value, 'detail', 'bucket', 'name');
    const key = stringAt(value, 'detail', 'object', 'key');
    if (name && key) return { type: 'objects', objects: [{ bucket: name, key }] };
  }
  return {
    type: 'unrecognised',
    reason: 'not an FDR, S3, SNS or EventBridge notification',
  };
}

/**
 * Reads an FDR queue message: CrowdStrike's own notification (`{"cid","timestamp","fileCount",
 * "totalSize","bucket","pathPrefix","files":[{"path","size","checksum"}]}`), or, for FDR data
 * replicated to the customer's bucket, an S3 event notification (plain, in an SNS envelope, or
 * an EventBridge `Object Created`), or S3's test event.
 */
export function parseFdrNotification(body: string): FdrNotification {
  const value = parseJson(body);
  if (value === undefined) return { type: 'unrecognised', reason: 'the body is not JSON' };
  return fromValue(value, 0);
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
