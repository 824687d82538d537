import { isRecord } from '../normalize/record-reader.js';

/** One S3 object a queue message announces. */
export interface S3ObjectRef {
  /** Bucket name. */
  readonly bucket: string;
  /** Object key, decoded. */
  readonly key: string;
}

/** What a queue message announces: objects to read, S3's test event, or nothing it understands. */
export type S3Notification =
  | { readonly type: 'objects'; readonly objects: readonly S3ObjectRef[] }
  | { readonly type: 'test' }
  | { readonly type: 'unrecognised'; readonly reason: string };

/**
 * A producer's own notification shape (CloudTrail's `{"s3Bucket","s3ObjectKey":[…]}`, CrowdStrike
 * FDR's `{"bucket","files":[…]}`): the notification it announces, or `undefined` when the value
 * is not of that shape. Tried before the standard shapes, also inside an SNS envelope.
 */
export type S3NotificationShape = (
  value: Readonly<Record<string, unknown>>,
) => S3Notification | undefined;

/** Options of {@link parseS3Notification}. */
export interface ParseS3NotificationOptions {
  /** The producer's own shapes. */
  readonly shapes?: readonly S3NotificationShape[];
  /** What the producer's shapes are called, for the `unrecognised` reason (`CloudTrail`). */
  readonly producer?: string;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The non-empty string at a path of nested objects. */
export function stringAtPath(value: unknown, ...path: readonly string[]): string | undefined {
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

function fromValue(
  value: unknown,
  depth: number,
  options: ParseS3NotificationOptions,
): S3Notification {
  if (!isRecord(value)) return { type: 'unrecognised', reason: 'the body is not a JSON object' };
  for (const shape of options.shapes ?? []) {
    const found = shape(value);
    if (found !== undefined) return found;
  }
  // SNS: the notification is the `Message` text
  if (value['Type'] === 'Notification' && typeof value['Message'] === 'string' && depth < 2) {
    const inner = parseJson(value['Message']);
    if (inner === undefined) return { type: 'unrecognised', reason: 'the SNS Message is not JSON' };
    return fromValue(inner, depth + 1, options);
  }
  // S3's test event when a notification is configured
  if (value['Event'] === 's3:TestEvent') return { type: 'test' };
  // S3 event notification
  if (Array.isArray(value['Records'])) {
    const objects: S3ObjectRef[] = [];
    for (const record of value['Records']) {
      const eventName = stringAtPath(record, 'eventName');
      if (eventName !== undefined && !eventName.startsWith('ObjectCreated:')) continue;
      const bucket = stringAtPath(record, 's3', 'bucket', 'name');
      const key = stringAtPath(record, 's3', 'object', 'key');
      if (bucket && key) objects.push({ bucket, key: decodeS3Key(key) });
    }
    return { type: 'objects', objects };
  }
  // EventBridge "Object Created" (keys are not URL-encoded there)
  if (value['detail-type'] === 'Object Created' && isRecord(value['detail'])) {
    const bucket = stringAtPath(value, 'detail', 'bucket', 'name');
    const key = stringAtPath(value, 'detail', 'object', 'key');
    if (bucket && key) return { type: 'objects', objects: [{ bucket, key }] };
    return {
      type: 'unrecognised',
      reason: 'an EventBridge Object Created event without bucket or key',
    };
  }
  const producer = options.producer === undefined ? '' : ` or ${options.producer}`;
  return { type: 'unrecognised', reason: `not an S3, SNS, EventBridge${producer} notification` };
}

/**
 * Reads an SQS message body that announces S3 objects: the producer's own shapes first, then an
 * S3 event notification (`{"Records":[{"s3":…}]}`, `ObjectCreated:*` only, keys decoded), the
 * same inside an SNS envelope, an EventBridge `Object Created` event, or S3's test event.
 */
export function parseS3Notification(
  body: string,
  options: ParseS3NotificationOptions = {},
): S3Notification {
  const value = parseJson(body);
  if (value === undefined) return { type: 'unrecognised', reason: 'the body is not JSON' };
  return fromValue(value, 0, options);
}
