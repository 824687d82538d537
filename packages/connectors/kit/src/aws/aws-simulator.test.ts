import { gunzipSync, gzipSync } from 'node:zlib';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorHttpError } from '../errors/connector-errors.js';
import { startTestAws, tenantConfig, testContext } from './aws.test-helpers.js';
import { awsClientOptions } from './aws-client-options.js';
import { awsSend } from './aws-send.js';
import type { AwsSimulator } from './simulator/aws-simulator.js';

let aws: AwsSimulator;
beforeAll(async () => {
  aws = await startTestAws();
});
afterAll(() => aws.close());

describe('AWS simulator: SQS (JSON protocol) through the SDK', () => {
  it('sends, receives with a visibility timeout, redelivers, changes visibility and deletes', async () => {
    const context = testContext('tenant-a');
    const sqs = new SQSClient(awsClientOptions(tenantConfig(aws, 'tenant-a'), context, 'sqs'));
    const QueueUrl = aws.queueUrl('cloudtrail-events');
    const sent = await awsSend(
      sqs,
      new SendMessageCommand({ QueueUrl, MessageBody: '{"n":1}' }),
      context,
    );
    expect(sent.MessageId).toBeTruthy();
    aws.sendMessage('cloudtrail-events', '{"n":2}');

    const first = await awsSend(
      sqs,
      new ReceiveMessageCommand({
        QueueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 60,
        MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
      }),
      context,
    );
    expect(first.Messages?.map((message) => message.Body)).toEqual(['{"n":1}', '{"n":2}']);
    expect(first.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('1');
    // in flight: nothing visible
    const empty = await awsSend(sqs, new ReceiveMessageCommand({ QueueUrl }), context);
    expect(empty.Messages ?? []).toEqual([]);

    // the visibility timeout lapses: both come back, receive count 2
    aws.advanceTime(61_000);
    const again = await awsSend(
      sqs,
      new ReceiveMessageCommand({
        QueueUrl,
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ['All'],
      }),
      context,
    );
    expect(again.Messages?.map((message) => message.Attributes?.ApproximateReceiveCount)).toEqual([
      '2',
      '2',
    ]);
    const [one, two] = again.Messages ?? [];
    // the old receipt handle no longer deletes
    const stale = await awsSend(
      sqs,
      new DeleteMessageCommand({ QueueUrl, ReceiptHandle: first.Messages?.[0]?.ReceiptHandle }),
      context,
    ).catch((error) => error);
    expect(ConnectorHttpError.isInstance(stale)).toBe(true);
    expect(stale).toMatchObject({
      status: 400,
      isRetryable: false,
      details: { awsErrorCode: 'ReceiptHandleIsInvalid' },
    });

    await awsSend(
      sqs,
      new DeleteMessageCommand({ QueueUrl, ReceiptHandle: one?.ReceiptHandle }),
      context,
    );
    await awsSend(
      sqs,
      new ChangeMessageVisibilityCommand({
        QueueUrl,
        ReceiptHandle: two?.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
      context,
    );
    const released = await awsSend(sqs, new ReceiveMessageCommand({ QueueUrl }), context);
    expect(released.Messages?.map((message) => message.Body)).toEqual(['{"n":2}']);
    await awsSend(
      sqs,
      new DeleteMessageCommand({ QueueUrl, ReceiptHandle: released.Messages?.[0]?.ReceiptHandle }),
      context,
    );
    expect(aws.messages('cloudtrail-events')).toEqual([]);
    // every attempt ran under the tenant's budget: STS (the AssumeRole) and SQS
    expect(new Set(context.scheduled)).toEqual(
      new Set(['sts.us-east-1.amazonaws.com', 'sqs.us-east-1.amazonaws.com']),
    );
    expect(context.scheduled.filter((host) => host.startsWith('sqs'))).toHaveLength(9);
  });

  it('answers QueueDoesNotExist for an unknown queue', async () => {
    const context = testContext('tenant-a');
    const sqs = new SQSClient(awsClientOptions(tenantConfig(aws, 'tenant-a'), context, 'sqs'));
    const error = await awsSend(
      sqs,
      new ReceiveMessageCommand({ QueueUrl: `${aws.url}/111111111111/missing` }),
      context,
    ).catch((e) => e);
    expect(error).toMatchObject({
      status: 400,
      isRetryable: false,
      details: { awsErrorCode: 'QueueDoesNotExist' },
    });
  });
});

describe('AWS simulator: S3 (REST-XML, path-style) through the SDK', () => {
  it('puts, gets (binary) and lists with continuation', async () => {
    const context = testContext('tenant-b');
    const s3 = new S3Client(awsClientOptions(tenantConfig(aws, 'tenant-b'), context, 's3'));
    const Bucket = 'aws-cloudtrail-logs';
    const gz = gzipSync(Buffer.from('{"Records":[{"eventName":"ConsoleLogin"}]}'));
    aws.putObject(Bucket, 'AWSLogs/111111111111/CloudTrail/us-east-1/2026/12/07/a.json.gz', gz);
    await awsSend(
      s3,
      new PutObjectCommand({
        Bucket,
        Key: 'AWSLogs/111111111111/CloudTrail/us-east-1/2026/12/07/b.json',
        Body: '{"Records":[]}',
        ContentType: 'application/json',
      }),
      context,
    );
    expect(
      aws.object(Bucket, 'AWSLogs/111111111111/CloudTrail/us-east-1/2026/12/07/b.json')
        ?.contentType,
    ).toBe('application/json');

    const got = await awsSend(
      s3,
      new GetObjectCommand({
        Bucket,
        Key: 'AWSLogs/111111111111/CloudTrail/us-east-1/2026/12/07/a.json.gz',
      }),
      context,
    );
    const bytes = await got.Body?.transformToByteArray();
    expect(gunzipSync(Buffer.from(bytes ?? [])).toString()).toContain('ConsoleLogin');
    expect(got.ETag).toMatch(/^"[0-9a-f]{32}"$/);

    const keys: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await awsSend(
        s3,
        new ListObjectsV2Command({
          Bucket,
          Prefix: 'AWSLogs/111111111111/',
          MaxKeys: 1,
          ContinuationToken,
        }),
        context,
      );
      keys.push(...(page.Contents ?? []).map((object) => object.Key ?? ''));
      ContinuationToken = page.NextContinuationToken;
    } while (ContinuationToken);
    expect(keys).toEqual([
      'AWSLogs/111111111111/CloudTrail/us-east-1/2026/12/07/a.json.gz',
      'AWSLogs/111111111111/CloudTrail/us-east-1/2026/12/07/b.json',
    ]);
  });

  it('rolls keys up into common prefixes with a delimiter, paging over both', async () => {
    const context = testContext('tenant-b');
    const s3 = new S3Client(awsClientOptions(tenantConfig(aws, 'tenant-b'), context, 's3'));
    const Bucket = 'aws-cloudtrail-logs';
    for (const key of ['lake/a/1', 'lake/a/2', 'lake/b/1', 'lake/c', 'lake/d/x/1']) {
      aws.putObject(Bucket, key, 'x');
    }
    const seen: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await awsSend(
        s3,
        new ListObjectsV2Command({
          Bucket,
          Prefix: 'lake/',
          Delimiter: '/',
          MaxKeys: 2,
          ContinuationToken,
        }),
        context,
      );
      expect(page.KeyCount).toBeLessThanOrEqual(2);
      seen.push(
        ...(page.CommonPrefixes ?? []).map((common) => `prefix ${common.Prefix}`),
        ...(page.Contents ?? []).map((object) => `key ${object.Key}`),
      );
      ContinuationToken = page.NextContinuationToken;
    } while (ContinuationToken);
    expect(seen.sort()).toEqual([
      'key lake/c',
      'prefix lake/a/',
      'prefix lake/b/',
      'prefix lake/d/',
    ]);
  });

  it('answers NoSuchKey as a final 404', async () => {
    const context = testContext('tenant-b');
    const s3 = new S3Client(awsClientOptions(tenantConfig(aws, 'tenant-b'), context, 's3'));
    const error = await awsSend(
      s3,
      new GetObjectCommand({ Bucket: 'aws-cloudtrail-logs', Key: 'nope' }),
      context,
    ).catch((e) => e);
    expect(error).toMatchObject({
      status: 404,
      isRetryable: false,
      details: { awsErrorCode: 'NoSuchKey' },
    });
    expect(error.request).toEqual({ method: 'S3 GetObject', url: 'aws://s3', headers: {} });
  });
});
