import { describe, expect, it } from 'vitest';
import {
  isCloudTrailDigestKey,
  parseCloudTrailKey,
  parseCloudTrailNotification,
} from './s3-notifications.js';

describe('CloudTrail S3 keys and SQS notifications', () => {
  it('parses account and organisation trail keys behind any prefix', () => {
    expect(
      parseCloudTrailKey(
        'AWSLogs/111122223333/CloudTrail/eu-west-1/2025/01/31/111122223333_CloudTrail_eu-west-1_20250131T0000Z_a.json.gz',
      ),
    ).toEqual({ accountId: '111122223333', kind: 'CloudTrail', region: 'eu-west-1' });
    expect(
      parseCloudTrailKey(
        'logs/AWSLogs/o-aa111bb222/444455556666/CloudTrail-Insight/us-east-1/2025/01/31/x.json.gz',
      ),
    ).toEqual({
      organizationId: 'o-aa111bb222',
      accountId: '444455556666',
      kind: 'CloudTrail-Insight',
      region: 'us-east-1',
    });
    expect(parseCloudTrailKey('elsewhere/file.json.gz')).toBeUndefined();
  });

  it('recognises digest files', () => {
    expect(
      isCloudTrailDigestKey(
        'AWSLogs/o-aa111bb222/444455556666/CloudTrail-Digest/us-east-1/2025/01/31/d.json.gz',
      ),
    ).toBe(true);
    expect(
      isCloudTrailDigestKey('x/444455556666_CloudTrail-Digest_us-east-1_t_20250131T0000Z.json.gz'),
    ).toBe(true);
    expect(
      isCloudTrailDigestKey('AWSLogs/444455556666/CloudTrail/us-east-1/2025/01/31/e.json.gz'),
    ).toBe(false);
  });

  it('reads S3, SNS-wrapped, EventBridge and CloudTrail SNS notifications', () => {
    const s3 = JSON.stringify({
      Records: [
        {
          eventName: 'ObjectCreated:Put',
          s3: { bucket: { name: 'trail' }, object: { key: 'AWSLogs/1/a+b%3Dc.json.gz' } },
        },
        {
          eventName: 'ObjectRemoved:Delete',
          s3: { bucket: { name: 'trail' }, object: { key: 'x' } },
        },
      ],
    });
    expect(parseCloudTrailNotification(s3)).toEqual({
      type: 'objects',
      objects: [{ bucket: 'trail', key: 'AWSLogs/1/a b=c.json.gz' }],
    });
    expect(
      parseCloudTrailNotification(JSON.stringify({ Type: 'Notification', Message: s3 })),
    ).toEqual(parseCloudTrailNotification(s3));
    expect(
      parseCloudTrailNotification(
        JSON.stringify({
          'detail-type': 'Object Created',
          detail: { bucket: { name: 'trail' }, object: { key: 'AWSLogs/1/a b.json.gz' } },
        }),
      ),
    ).toEqual({ type: 'objects', objects: [{ bucket: 'trail', key: 'AWSLogs/1/a b.json.gz' }] });
    expect(
      parseCloudTrailNotification(JSON.stringify({ s3Bucket: 'trail', s3ObjectKey: ['k1', 'k2'] })),
    ).toEqual({
      type: 'objects',
      objects: [
        { bucket: 'trail', key: 'k1' },
        { bucket: 'trail', key: 'k2' },
      ],
    });
    expect(parseCloudTrailNotification('{"Event":"s3:TestEvent"}')).toEqual({ type: 'test' });
    expect(parseCloudTrailNotification('{"hello":1}')).toMatchObject({ type: 'unrecognised' });
    expect(parseCloudTrailNotification('{')).toMatchObject({ type: 'unrecognised' });
  });
});
