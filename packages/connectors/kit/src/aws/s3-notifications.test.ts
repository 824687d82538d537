import { describe, expect, it } from 'vitest';
import { parseS3Notification, type S3NotificationShape } from './s3-notifications.js';

const s3 = JSON.stringify({
  Records: [
    {
      eventName: 'ObjectCreated:Put',
      s3: { bucket: { name: 'b' }, object: { key: 'a+b%2Fc.gz' } },
    },
    { eventName: 'ObjectRemoved:Delete', s3: { bucket: { name: 'b' }, object: { key: 'gone' } } },
  ],
});

describe('parseS3Notification', () => {
  it('reads S3 notifications, plain or in SNS, EventBridge Object Created and the test event', () => {
    expect(parseS3Notification(s3)).toEqual({
      type: 'objects',
      objects: [{ bucket: 'b', key: 'a b/c.gz' }],
    });
    expect(parseS3Notification(JSON.stringify({ Type: 'Notification', Message: s3 }))).toEqual(
      parseS3Notification(s3),
    );
    expect(
      parseS3Notification(
        JSON.stringify({
          'detail-type': 'Object Created',
          detail: { bucket: { name: 'b' }, object: { key: 'k' } },
        }),
      ),
    ).toEqual({ type: 'objects', objects: [{ bucket: 'b', key: 'k' }] });
    expect(parseS3Notification('{"Event":"s3:TestEvent"}')).toEqual({ type: 'test' });
  });

  it('tries the producer shapes first, also inside SNS, and names them when nothing fits', () => {
    const own: S3NotificationShape = (value) =>
      typeof value['where'] === 'string'
        ? { type: 'objects', objects: [{ bucket: value['where'], key: 'x' }] }
        : undefined;
    const options = { shapes: [own], producer: 'Acme' };
    expect(parseS3Notification('{"where":"b1"}', options)).toEqual({
      type: 'objects',
      objects: [{ bucket: 'b1', key: 'x' }],
    });
    expect(
      parseS3Notification(
        JSON.stringify({ Type: 'Notification', Message: '{"where":"b2"}' }),
        options,
      ),
    ).toEqual({ type: 'objects', objects: [{ bucket: 'b2', key: 'x' }] });
    expect(parseS3Notification('{"hello":1}', options)).toEqual({
      type: 'unrecognised',
      reason: 'not an S3, SNS, EventBridge or Acme notification',
    });
    expect(parseS3Notification('{')).toEqual({
      type: 'unrecognised',
      reason: 'the body is not JSON',
    });
  });
});
