import {
  parseS3Notification,
  type S3Notification,
  type S3ObjectRef,
  stringAtPath,
} from '@openmdr/connector-kit/aws';

/** One S3 object an SQS message announces. */
export type CloudTrailObjectRef = S3ObjectRef;

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

/** What an SQS message body announces. */
export type CloudTrailNotification = S3Notification;

/** CloudTrail's own SNS delivery notification: `{"s3Bucket","s3ObjectKey":[…]}`. */
function cloudTrailDelivery(value: Readonly<Record<string, unknown>>): S3Notification | undefined {
  const s3Bucket = stringAtPath(value, 's3Bucket');
  const keys = value['s3ObjectKey'];
  if (!s3Bucket || !Array.isArray(keys)) return undefined;
  return {
    type: 'objects',
    objects: keys
      .filter((key): key is string => typeof key === 'string' && key !== '')
      .map((key) => ({ bucket: s3Bucket, key })),
  };
}

/**
 * Reads an SQS message body: an S3 event notification (`{"Records":[{"s3":…}]}`, keys decoded),
 * the same inside an SNS envelope, an EventBridge `Object Created` event, CloudTrail's own SNS
 * delivery notification (`{"s3Bucket","s3ObjectKey":[…]}`), or S3's test event.
 */
export function parseCloudTrailNotification(body: string): CloudTrailNotification {
  return parseS3Notification(body, { shapes: [cloudTrailDelivery], producer: 'CloudTrail' });
}
