import { isRecord } from '@openmdr/connector-kit/normalize';

/** One S3 object an SQS message announces. */
export interface CloudTrailObjectRef {
  /** Bucket name. */
  readonly bucket: string;
  /** Object key, decoded. */
  readonly key: string;
}

/** What a CloudTrail log key tells: `[prefix/]AWSLogs/[o-org/]<account>/<kind>/<region>/…`. */
export interface CloudTrailKeyInfo {
  /** The organisation id of an organisation trail (`o-…`). */
  readonly organizationId?: string;
  /** The account the file is about. */
  readonly accountId: string;
  /** `CloudTrail`, `CloudTrail-Insight` or `CloudTrail-Digest`. */
  readonly kind: string;
  /** The region the file is about. */
  readonly region: string;
}

const KEY_LAYOUT =
  /(?:^|\/)AWSLogs\/(?:(o-[a-z0-9]{10,32})\/)?(\d{12})\/([A-Za-z-]+)\/([a-z0-9-]+)\//;

/**
 * Parses a CloudTrail log key, for an account trail
 * (`AWSLogs/111122223333/CloudTrail/us-east-1/2025/01/31/…json.gz`) or an organisation trail
 * (`AWSLogs/o-exampleorgid/111122223333/CloudTrail/…`), behind any prefix; `undefined` for a
 * key in neither layout.
 */
export function parseCloudTrailKey(key: string): CloudTrailKeyInfo | undefined {
  const match = KEY_LAYOUT.exec(key);
  if (!match) return undefined;
  const [, organizationId, accountId = '', kind = '', region = ''] = match;
  return { ...(organizationId ? { organizationId } : {}), accountId, kind, region };
}

/**
 * True for a CloudTrail digest file (`…/CloudTrail-Digest/…` or a `_CloudTrail-Digest_` file
 * name): integrity hashes, not events.
 */
export function isCloudTrailDigestKey(key: string): boolean {
  return (
    parseCloudTrailKey(key)?.kind === 'CloudTrail-Digest' ||
    /(^|\/)CloudTrail-Digest\//.test(key) ||
    /_CloudTrail-Digest_/.test(key)
  );
}

/** S3 event notifications URL-encode keys, with `+` for a space. */
function decodeS3Key(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return key;
  }
}

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

/** What an SQS message body announces. */
export type CloudTrailNotification =
  | { readonly type: 'objects'; readonly objects: readonly CloudTrailObjectRef[] }
  | { readonly type: 'test' }
  | { readonly type: 'unrecognised'; readonly reason: string };

function fromValue(value: unknown, depth: number): CloudTrailNotification {
  if (!isRecord(value)) return { type: 'unrecognised', reason: 'the body is not a JSON object' };
  // SNS: the notification is the `Message` text
  if (value['Type'] === 'Notification' && typeof value['Message'] === 'string' && depth < 2) {
    const inner = parseJson(value['Message']);
    if (inner === undefined) {
      return { type: 'unrecognised', reason: 'the SNS Message is not JSON' };
    }
    return fromValue(inner, depth + 1);
  }
  // S3's test event when a notification is configured
  if (value['Event'] === 's3:TestEvent') return { type: 'test' };
  // S3 event notification
  if (Array.isArray(value['Records'])) {
    const objects: CloudTrailObjectRef[] = [];
    for (const record of value['Records']) {
      const eventName = stringAt(record, 'eventName');
      if (eventName !== undefined && !eventName.startsWith('ObjectCreated:')) continue;
      const bucket = stringAt(record, 's3', 'bucket', 'name');
      const key = stringAt(record, 's3', 'object', 'key');
      if (bucket && key) objects.push({ bucket, key: decodeS3Key(key) });
    }
    return { type: 'objects', objects };
  }
  // EventBridge "Object Created" (keys are not URL-encoded there)
  if (value['detail-type'] === 'Object Created' && isRecord(value['detail'])) {
    const bucket = stringAt(value, 'detail', 'bucket', 'name');
    const key = stringAt(value, 'detail', 'object', 'key');
    if (bucket && key) return { type: 'objects', objects: [{ bucket, key }] };
    return {
      type: 'unrecognised',
      reason: 'an EventBridge Object Created event without bucket or key',
    };
  }
  // CloudTrail's own SNS delivery notification
  const s3Bucket = stringAt(value, 's3Bucket');
  const keys = value['s3ObjectKey'];
  if (s3Bucket && Array.isArray(keys)) {
    return {
      type: 'objects',
      objects: keys
        .filter((key): key is string => typeof key === 'string' && key !== '')
        .map((key) => ({ bucket: s3Bucket, key })),
    };
  }
  return { type: 'unrecognised', reason: 'not an S3, SNS, EventBridge or CloudTrail notification' };
}

/**
 * Reads an SQS message body: an S3 event notification (`{"Records":[{"s3":…}]}`, keys decoded),
 * the same inside an SNS envelope, an EventBridge `Object Created` event, CloudTrail's own SNS
 * delivery notification (`{"s3Bucket","s3ObjectKey":[…]}`), or S3's test event.
 */
export function parseCloudTrailNotification(body: string): CloudTrailNotification {
  const value = parseJson(body);
  if (value === undefined) return { type: 'unrecognised', reason: 'the body is not JSON' };
  return fromValue(value, 0);
}
