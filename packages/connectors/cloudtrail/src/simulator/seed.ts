import { gzipSync } from 'node:zlib';

/** A CloudTrail log file to put in the simulated trail bucket. */
export interface SimulatedLogFile {
  /** Object key; default an account-trail key from the first record's account, region and time. */
  key?: string;
  /** The records (`{"Records": records}`, gzip'd). */
  records?: readonly unknown[];
  /** Raw object bytes instead of `records` (a corrupt file, a digest). */
  body?: Uint8Array | string;
  /** How the object is announced on the queue. Default `s3`. */
  notification?: 's3' | 'sns' | 'eventbridge' | 'none';
}

/** The account-trail key CloudTrail would write `records` under (`AWSLogs/<account>/CloudTrail/<region>/…`). */
export function cloudTrailKey(
  records: readonly unknown[],
  index: number,
  organizationId?: string,
): string {
  const first = (records[0] ?? {}) as Record<string, unknown>;
  const account = String(first['recipientAccountId'] ?? '111122223333');
  const region = String(first['awsRegion'] ?? 'us-east-1');
  const time = new Date(Date.parse(String(first['eventTime'])) || Date.now());
  const day = time.toISOString().slice(0, 10).replace(/-/g, '/');
  const stamp = time.toISOString().replace(/[-:]/g, '').slice(0, 13);
  const org = organizationId ? `${organizationId}/` : '';
  return `AWSLogs/${org}${account}/CloudTrail/${region}/${day}/${account}_CloudTrail_${region}_${stamp}Z_sim${String(index).padStart(4, '0')}.json.gz`;
}

/** The gzip'd `{"Records": …}` body of a log file. */
export function cloudTrailGzipRecords(records: readonly unknown[]): Uint8Array {
  return gzipSync(JSON.stringify({ Records: records }));
}

/** The SQS body announcing `bucket/key`, as S3, SNS (wrapping S3's) or EventBridge sends it. */
export function cloudTrailNotificationBody(
  bucket: string,
  key: string,
  size: number,
  style: 's3' | 'sns' | 'eventbridge',
): string {
  const s3 = JSON.stringify({
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime: new Date().toISOString(),
        eventName: 'ObjectCreated:Put',
        s3: {
          s3SchemaVersion: '1.0',
          bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
          // S3 notifications URL-encode keys, spaces as +
          object: { key: encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+'), size },
        },
      },
    ],
  });
  if (style === 's3') return s3;
  if (style === 'sns') {
    return JSON.stringify({
      Type: 'Notification',
      MessageId: 'sim-sns-message',
      TopicArn: 'arn:aws:sns:us-east-1:111122223333:cloudtrail-logs',
      Subject: 'Amazon S3 Notification',
      Message: s3,
      Timestamp: new Date().toISOString(),
    });
  }
  return JSON.stringify({
    version: '0',
    id: 'sim-eventbridge-event',
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '111122223333',
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: [`arn:aws:s3:::${bucket}`],
    detail: { version: '0', bucket: { name: bucket }, object: { key, size } },
  });
}
