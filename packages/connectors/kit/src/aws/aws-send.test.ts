import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { OpenMdrError, REDACTED } from '@openmdr/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorAuthError, ConnectorHttpError } from '../errors/connector-errors.js';
import { startTestAws, TENANT_KEYS, tenantConfig, testContext } from './aws.test-helpers.js';
import { awsClientOptions } from './aws-client-options.js';
import { classifyAwsError } from './aws-errors.js';
import { awsSend } from './aws-send.js';
import type { AwsSimulator } from './simulator/aws-simulator.js';

let aws: AwsSimulator;
beforeAll(async () => {
  aws = await startTestAws();
});
afterAll(() => aws.close());
afterEach(() => aws.resetFaults());

/** A ready SQS client of tenant-a (its session already assumed) and the queue URL. */
async function readySqs(retries = 3) {
  const context = testContext('tenant-a', retries);
  const sqs = new SQSClient(
    awsClientOptions(
      tenantConfig(aws, 'tenant-a', { sessionName: `s-${Math.random().toString(36).slice(2, 8)}` }),
      context,
      'sqs',
    ),
  );
  const QueueUrl = aws.queueUrl('cloudtrail-events');
  await awsSend(sqs, new ReceiveMessageCommand({ QueueUrl }), context);
  context.scheduled.length = 0;
  aws.simulator.clearRecording();
  return { context, sqs, QueueUrl };
}

describe('awsSend: retries', () => {
  it('retries AWS-style throttling with the kit backoff, the SDK retrying nothing itself', async () => {
    const { context, sqs, QueueUrl } = await readySqs();
    aws.failNext('ReceiveMessage', 'throttling', 2);
    await awsSend(sqs, new ReceiveMessageCommand({ QueueUrl }), context);
    expect(context.recording.delays).toEqual([100, 200]);
    // one HTTP request per kit attempt: maxAttempts 1 holds
    expect(aws.simulator.requests.map((request) => request.status)).toEqual([400, 400, 200]);
    expect(context.scheduled).toHaveLength(3);
  });

  it('honours the framework’s 429 Retry-After and retries 5xx', async () => {
    const { context, sqs, QueueUrl } = await readySqs();
    aws.simulator.setFaults([
      { type: 'rate-limit', at: [1], retryAfterSeconds: 2 },
      { type: 'server-error', at: [2], status: 503 },
    ]);
    await awsSend(sqs, new ReceiveMessageCommand({ QueueUrl }), context);
    expect(context.recording.delays).toEqual([2_000, 200]);
    expect(aws.simulator.requests.map((request) => request.status)).toEqual([429, 503, 200]);
  });

  it('gives up after the configured retries with a retryable typed error', async () => {
    const { context, sqs, QueueUrl } = await readySqs(2);
    aws.failNext('ReceiveMessage', 'throttling', 5);
    const error = await awsSend(sqs, new ReceiveMessageCommand({ QueueUrl }), context).catch(
      (e) => e,
    );
    expect(ConnectorHttpError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 400,
      isRetryable: true,
      attempts: 3,
      request: { method: 'SQS ReceiveMessage', url: 'aws://sqs', headers: {} },
      details: { awsErrorCode: 'ThrottlingException' },
    });
  });

  it('retries S3 SlowDown (503) and does not retry with retry: false', async () => {
    const context = testContext('tenant-b');
    const s3 = new S3Client(awsClientOptions(tenantConfig(aws, 'tenant-b'), context, 's3'));
    aws.failNext('GetObject', 'throttling', 1);
    const got = await awsSend(
      s3,
      new GetObjectCommand({ Bucket: 'aws-cloudtrail-logs', Key: 'AWSLogs/readme.txt' }),
      context,
    );
    expect(await got.Body?.transformToString()).toBe('hello');
    expect(context.recording.delays).toEqual([100]);
    aws.failNext('GetObject', 'throttling', 1);
    const error = await awsSend(
      s3,
      new GetObjectCommand({ Bucket: 'aws-cloudtrail-logs', Key: 'AWSLogs/readme.txt' }),
      context,
      { retry: false },
    ).catch((e) => e);
    expect(error).toMatchObject({
      status: 503,
      isRetryable: true,
      details: { awsErrorCode: 'SlowDown' },
    });
  });

  it('retries network errors', async () => {
    const context = testContext('tenant-a', 1);
    const closed = {
      ...tenantConfig(aws, 'tenant-a', false),
      endpoint: { sts: 'http://127.0.0.1:9' },
    };
    const sts = new STSClient(awsClientOptions(closed, context, 'sts'));
    const error = await awsSend(sts, new GetCallerIdentityCommand({}), context).catch((e) => e);
    expect(error).toMatchObject({ failure: 'network', isRetryable: true, attempts: 2 });
    expect(context.recording.delays).toEqual([100]);
  });
});

describe('awsSend: credentials', () => {
  it('refreshes expired session credentials once, then retries', async () => {
    const { context, sqs, QueueUrl } = await readySqs();
    const before = aws.assumeRoleCalls.length;
    aws.expireSessions();
    await awsSend(sqs, new ReceiveMessageCommand({ QueueUrl }), context);
    expect(aws.assumeRoleCalls.length - before).toBe(1);
    const statuses = aws.simulator.requests.map((request) => request.status);
    expect(statuses).toEqual([403, 200, 200]); // expired, AssumeRole, retried call
    expect(context.recording.delays).toEqual([]);
  });

  it('refreshes only once: a second ExpiredToken is final', async () => {
    const { context, sqs, QueueUrl } = await readySqs();
    const before = aws.assumeRoleCalls.length;
    aws.failNext('ReceiveMessage', 'expired-token', 2);
    const error = await awsSend(sqs, new ReceiveMessageCommand({ QueueUrl }), context).catch(
      (e) => e,
    );
    expect(aws.assumeRoleCalls.length - before).toBe(1);
    expect(aws.simulator.requests.map((request) => request.status)).toEqual([403, 200, 403]);
    expect(error).toMatchObject({
      status: 403,
      isRetryable: false,
      details: { awsErrorCode: 'ExpiredToken' },
    });
    expect(ConnectorAuthError.isInstance(error)).toBe(false);
  });

  it('surfaces a refused refresh as an auth error', async () => {
    const { context, sqs, QueueUrl } = await readySqs();
    aws.expireSessions();
    aws.failNext('AssumeRole', 'access-denied', 1);
    const error = await awsSend(sqs, new ReceiveMessageCommand({ QueueUrl }), context).catch(
      (e) => e,
    );
    expect(ConnectorAuthError.isInstance(error)).toBe(true);
    expect(aws.simulator.requests.map((request) => request.status)).toEqual([403, 403]);
  });

  it('types AccessDenied and refused signatures as auth errors', async () => {
    const context = testContext('tenant-b');
    const s3 = new S3Client(awsClientOptions(tenantConfig(aws, 'tenant-b'), context, 's3'));
    aws.failNext('GetObject', 'access-denied', 1);
    const denied = await awsSend(
      s3,
      new GetObjectCommand({ Bucket: 'aws-cloudtrail-logs', Key: 'AWSLogs/readme.txt' }),
      context,
    ).catch((e) => e);
    expect(ConnectorAuthError.isInstance(denied)).toBe(true);
    expect(denied).toMatchObject({ status: 403, details: { awsErrorCode: 'AccessDenied' } });

    const wrongSecret = {
      ...tenantConfig(aws, 'tenant-a', false),
      credentials: {
        type: 'keys' as const,
        accessKeyId: TENANT_KEYS['tenant-a'].accessKeyId,
        secretAccessKey: 'sim-wrong-secret-Pl0kIjUhYgTf',
      },
    };
    const sts = new STSClient(awsClientOptions(wrongSecret, context, 'sts'));
    const refused = await awsSend(sts, new GetCallerIdentityCommand({}), context).catch((e) => e);
    expect(ConnectorAuthError.isInstance(refused)).toBe(true);
    expect(refused).toMatchObject({
      status: 403,
      details: { awsErrorCode: 'SignatureDoesNotMatch' },
    });

    const unknown = {
      ...wrongSecret,
      credentials: {
        type: 'keys' as const,
        accessKeyId: 'AKIASIMUNKNOWN00009',
        secretAccessKey: 'sim-unknown-secret-Mn8bVc',
      },
    };
    const other = new STSClient(awsClientOptions(unknown, context, 'sts'));
    const invalid = await awsSend(other, new GetCallerIdentityCommand({}), context).catch((e) => e);
    expect(invalid).toMatchObject({
      status: 403,
      details: { awsErrorCode: 'InvalidClientTokenId' },
    });
    expect(context.recording.delays).toEqual([]);
  });
});

describe('awsSend: no secret in any error', () => {
  function everything(error: unknown, seen = new Set<unknown>()): string {
    if (error === null || typeof error !== 'object' || seen.has(error)) return String(error);
    seen.add(error);
    const parts = [JSON.stringify(error), String(error), (error as Error).stack ?? ''];
    for (const key of Object.getOwnPropertyNames(error)) {
      parts.push(key, everything((error as Record<string, unknown>)[key], seen));
    }
    return parts.join('\n');
  }

  it('keeps keys, session tokens and signatures out of messages, details, causes and JSON', async () => {
    const errors: unknown[] = [];
    const context = testContext('tenant-a', 1);
    const config = tenantConfig(aws, 'tenant-a', { sessionName: 'secret-check' });
    const sqs = new SQSClient(awsClientOptions(config, context, 'sqs'));
    const QueueUrl = aws.queueUrl('cloudtrail-events');
    const session = await awsClientOptions(config, context, 'sqs').credentials();
    aws.failNext('ReceiveMessage', 'throttling', 5);
    errors.push(
      await awsSend(sqs, new ReceiveMessageCommand({ QueueUrl }), context).catch((e) => e),
    );
    aws.resetFaults();
    errors.push(
      await awsSend(
        sqs,
        new ReceiveMessageCommand({ QueueUrl: `${aws.url}/1/nope` }),
        context,
      ).catch((e) => e),
    );
    const wrong = { ...config, assumeRole: { roleArn: 'arn:aws:iam::999999999999:role/none' } };
    const denied = new SQSClient(awsClientOptions(wrong, context, 'sqs'));
    errors.push(
      await awsSend(denied, new ReceiveMessageCommand({ QueueUrl }), context).catch((e) => e),
    );
    const secrets = [
      TENANT_KEYS['tenant-a'].secretAccessKey,
      session.secretAccessKey,
      session.sessionToken ?? 'missing-token',
    ];
    expect(errors).toHaveLength(3);
    for (const error of errors) {
      expect(OpenMdrError.isInstance(error)).toBe(true);
      const text = everything(error);
      for (const value of secrets) expect(text).not.toContain(value);
      expect(text).not.toMatch(/Signature=[0-9a-f]{64}/);
      expect(text).not.toMatch(/X-Amz-Security-Token/i);
    }
    expect(REDACTED).toBe('[REDACTED]');
  });
});

describe('classifyAwsError', () => {
  it('classifies codes the way the kit retries them', () => {
    const sdk = (name: string, status?: number, extra: Record<string, unknown> = {}) =>
      Object.assign(new Error('x'), {
        name,
        ...extra,
        ...(status ? { $metadata: { httpStatusCode: status } } : {}),
      });
    expect(classifyAwsError(sdk('RequestLimitExceeded', 503))).toMatchObject({
      throttling: true,
      retryable: true,
    });
    expect(classifyAwsError(sdk('ProvisionedThroughputExceededException', 400))).toMatchObject({
      retryable: true,
    });
    expect(classifyAwsError(sdk('TooManyRequestsException', 429))).toMatchObject({
      retryable: true,
    });
    expect(classifyAwsError(sdk('InternalError', 500))).toMatchObject({
      retryable: true,
      throttling: false,
    });
    expect(classifyAwsError(sdk('RequestExpired', 400))).toMatchObject({
      expiredCredentials: true,
      retryable: false,
    });
    expect(classifyAwsError(sdk('ExpiredTokenException', 403))).toMatchObject({
      expiredCredentials: true,
      auth: false,
    });
    expect(classifyAwsError(sdk('UnrecognizedClientException', 400))).toMatchObject({
      auth: true,
      retryable: false,
    });
    expect(classifyAwsError(sdk('ValidationException', 400))).toMatchObject({
      retryable: false,
      auth: false,
    });
    expect(
      classifyAwsError(Object.assign(new Error('reset'), { code: 'ECONNRESET' })),
    ).toMatchObject({ network: true, retryable: true });
    expect(
      classifyAwsError(
        sdk('QueueDoesNotExist', 400, { Code: 'AWS.SimpleQueueService.NonExistentQueue' }),
      ),
    ).toMatchObject({ code: 'QueueDoesNotExist' });
  });
});
