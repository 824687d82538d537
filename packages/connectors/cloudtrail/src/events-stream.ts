import { GetObjectCommand } from '@aws-sdk/client-s3';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import {
  ConnectorConfigError,
  type ConnectorSession,
  type StreamDefinition,
} from '@openmdr/connector-kit';
import { awsErrorCode, awsSend, SQS_MESSAGE_GONE_CODES } from '@openmdr/connector-kit/aws';
import type { CloudtrailClient } from './client.js';
import type { CloudtrailConfig } from './config.js';
import {
  type CloudTrailPoisonFile,
  decodeCloudTrailLogFile,
  POISON_FILE_TYPE,
} from './log-file.js';
import { normalizeCloudTrailStreamRecord } from './normalize-stream-record.js';
import {
  type CloudTrailObjectRef,
  isCloudTrailDigestKey,
  parseCloudTrailNotification,
} from './s3-notifications.js';

/**
 * The state of the `events` stream: the receipt handles of the SQS messages whose records were
 * delivered up to this batch. Committing it says they were accepted: the next read deletes them
 * from the queue before it receives (the kit's read contract has no commit callback).
 */
export type CloudTrailQueueState = {
  /** State schema version (1). */
  version: 1;
  /** Receipt handles to delete once this state is committed, oldest first. */
  pending: string[];
};

/** The state version of the `events` stream. */
export const QUEUE_STATE_VERSION = 1;

type Session = ConnectorSession<CloudtrailConfig, CloudtrailClient>;

/** One received message: its handle and when its visibility was last set, epoch ms. */
interface InFlight {
  readonly handle: string;
  extendedAt: number;
}

/** Keeps this read's messages invisible until the next read deletes them. */
class VisibilityKeeper {
  private readonly inFlight = new Map<string, InFlight>();

  constructor(
    private readonly session: Session,
    private readonly queueUrl: string,
  ) {}

  track(handle: string, at: number): void {
    this.inFlight.set(handle, { handle, extendedAt: at });
  }

  /**
   * Extends every tracked message (or `only`) whose visibility was set more than half the
   * visibility timeout ago (`force`: any), so that none reappears while its records are read or
   * wait for the commit.
   */
  async extend(options: { only?: string; force?: boolean } = {}): Promise<void> {
    const { client, config, context, signal } = this.session;
    const seconds = config.visibilityTimeoutSeconds;
    const now = context.clock.now();
    for (const entry of [...this.inFlight.values()]) {
      if (options.only !== undefined && entry.handle !== options.only) continue;
      if (!options.force && now - entry.extendedAt < (seconds * 1000) / 2) continue;
      try {
        await awsSend(
          client.sqs,
          new ChangeMessageVisibilityCommand({
            QueueUrl: this.queueUrl,
            ReceiptHandle: entry.handle,
            VisibilityTimeout: seconds,
          }),
          context,
          signal ? { signal } : {},
        );
        entry.extendedAt = now;
      } catch (error) {
        if (!SQS_MESSAGE_GONE_CODES.has(awsErrorCode(error) ?? '')) throw error;
        // its visibility lapsed: it will be received again (records deduplicate by eventID)
        context.logger.warn(
          { code: awsErrorCode(error) },
          'cloudtrail: a received message is no longer in flight; it will be redelivered',
        );
        this.inFlight.delete(entry.handle);
      }
    }
  }

  /** While `work` runs, extends `handle` every third of the visibility timeout (a big object). */
  async during<T>(handle: string, work: () => Promise<T>): Promise<T> {
    const periodMs = (this.session.config.visibilityTimeoutSeconds * 1000) / 3;
    let running: Promise<void> = Promise.resolve();
    const timer = setInterval(() => {
      running = running
        .then(() => this.extend({ only: handle, force: true }))
        .catch((error: unknown) => {
          this.session.context.logger.warn(
            { error: (error as Error).message },
            'cloudtrail: could not extend a message visibility',
          );
        });
    }, periodMs);
    timer.unref();
    try {
      return await work();
    } finally {
      clearInterval(timer);
      await running;
    }
  }
}

/** Deletes the messages a committed state lists; handles no longer valid are skipped. */
async function deleteCommitted(session: Session, queueUrl: string, handles: readonly string[]) {
  const { client, context, signal } = session;
  for (const handle of handles) {
    try {
      await awsSend(
        client.sqs,
        new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: handle }),
        context,
        signal ? { signal } : {},
      );
    } catch (error) {
      if (!SQS_MESSAGE_GONE_CODES.has(awsErrorCode(error) ?? '')) throw error;
      // the message was redelivered (its records come again, deduplicated by eventID) or deleted
      context.logger.warn(
        { code: awsErrorCode(error) },
        'cloudtrail: a committed message could not be deleted; it will be redelivered',
      );
    }
  }
}

function poison(
  reason: string,
  message: Message,
  object?: CloudTrailObjectRef,
): CloudTrailPoisonFile {
  return {
    type: POISON_FILE_TYPE,
    reason,
    ...(object ? { bucket: object.bucket, key: object.key } : {}),
    ...(message.MessageId ? { messageId: message.MessageId } : {}),
  };
}

/** The records of one log file, or a poison record for a file that cannot be read. */
async function readObject(
  session: Session,
  message: Message,
  object: CloudTrailObjectRef,
): Promise<readonly unknown[]> {
  const { client, context, signal } = session;
  let bytes: Uint8Array;
  try {
    const output = await awsSend(
      client.s3,
      new GetObjectCommand({ Bucket: object.bucket, Key: object.key }),
      context,
      signal ? { signal } : {},
    );
    if (!output.Body) return [poison('the object has no body', message, object)];
    bytes = await output.Body.transformToByteArray();
  } catch (error) {
    const code = awsErrorCode(error);
    if (code === 'NoSuchKey' || code === 'NotFound') {
      return [poison(`the object does not exist (${code})`, message, object)];
    }
    throw error;
  }
  const file = decodeCloudTrailLogFile(bytes);
  return file.ok ? file.records : [poison(file.reason, message, object)];
}

/** The records of one SQS message: every CloudTrail log file it announces, digests skipped. */
async function recordsOf(
  session: Session,
  keeper: VisibilityKeeper,
  message: Message,
  handle: string,
): Promise<unknown[]> {
  const notification = parseCloudTrailNotification(message.Body ?? '');
  if (notification.type === 'test') return [];
  if (notification.type === 'unrecognised') return [poison(notification.reason, message)];
  const records: unknown[] = [];
  for (const object of notification.objects) {
    if (isCloudTrailDigestKey(object.key)) {
      session.context.logger.debug({ key: object.key }, 'cloudtrail: digest file skipped');
      continue;
    }
    await keeper.extend();
    records.push(...(await keeper.during(handle, () => readObject(session, message, object))));
  }
  return records;
}

/**
 * Reads the queue: first deletes the messages the committed state lists (their records were
 * accepted), then receives up to `maxMessagesPerRead` messages (long poll, 10 at a time),
 * yields one batch per message with the records of the log files it announces, and ends when
 * the queue is empty.
 */
async function* readQueue(
  session: Session,
  state: CloudTrailQueueState | undefined,
): AsyncGenerator<{ records: unknown[]; state: CloudTrailQueueState }> {
  const { client, config, context, signal } = session;
  const queueUrl = config.queueUrl;
  if (queueUrl === undefined) {
    throw new ConnectorConfigError('cloudtrail', [
      { path: 'queueUrl', message: 'the events stream needs the SQS queue of the trail bucket' },
    ]);
  }
  await deleteCommitted(session, queueUrl, state?.pending ?? []);
  const keeper = new VisibilityKeeper(session, queueUrl);
  const pending: string[] = [];
  let received = 0;
  let yielded = false;
  while (received < config.maxMessagesPerRead && !signal?.aborted) {
    await keeper.extend();
    const { Messages: messages = [] } = await awsSend(
      client.sqs,
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(10, config.maxMessagesPerRead - received),
        WaitTimeSeconds: config.waitTimeSeconds,
        VisibilityTimeout: config.visibilityTimeoutSeconds,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
      context,
      signal ? { signal } : {},
    );
    if (messages.length === 0) break;
    received += messages.length;
    const receivedAt = context.clock.now();
    for (const message of messages) {
      if (message.ReceiptHandle) keeper.track(message.ReceiptHandle, receivedAt);
    }
    for (const message of messages) {
      const handle = message.ReceiptHandle;
      if (!handle) continue;
      const records = await recordsOf(session, keeper, message, handle);
      await keeper.extend();
      pending.push(handle);
      yield { records, state: { version: QUEUE_STATE_VERSION, pending: [...pending] } };
      yielded = true;
    }
  }
  if (!yielded) yield { records: [], state: { version: QUEUE_STATE_VERSION, pending: [] } };
}

/**
 * The `events` stream: CloudTrail log files announced on SQS by the trail bucket's
 * notifications (S3 event notifications, SNS-wrapped, EventBridge `Object Created`, or
 * CloudTrail's own SNS notifications), account and organisation trails alike. Each log file is
 * fetched, gunzipped and its `Records` delivered; digest files are skipped. A message is
 * deleted only once a state listing it has been committed (at the start of the next read);
 * until then its visibility is extended. A file that cannot be read is delivered as a poison
 * record that the normaliser rejects, so the pipeline dead-letters it with the reason; its
 * message is then deleted like any other (the object stays in S3).
 */
export const eventsStream: StreamDefinition<CloudtrailConfig, CloudtrailClient> = {
  read: (session, state) => readQueue(session, state as CloudTrailQueueState | undefined),
  normalize: (raw) => normalizeCloudTrailStreamRecord(raw),
};
