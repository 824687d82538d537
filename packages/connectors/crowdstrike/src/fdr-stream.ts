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
  NormalizationError,
  type StreamDefinition,
} from '@openmdr/connector-kit';
import { awsErrorCode, awsSend, SQS_MESSAGE_GONE_CODES } from '@openmdr/connector-kit/aws';
import type { CrowdStrikeClient, CrowdStrikeFdrClient } from './client.js';
import type { CrowdStrikeConfig, CrowdStrikeFdrConfig } from './config.js';
import {
  FDR_POISON_TYPE,
  type FdrObjectRef,
  type FdrPoisonFile,
  isFdrPoisonFile,
  parseFdrNotification,
} from './fdr-notification.js';
import { gunzipIfGzip, linesOf } from './ndjson.js';
import { normalizeCrowdStrikeFdrEvent } from './normalize-fdr.js';

type Session = ConnectorSession<CrowdStrikeConfig, CrowdStrikeClient>;

/** The state schema version of the `fdr` stream. */
export const FDR_STATE_VERSION = 1;

/**
 * The state of the `fdr` stream: the receipt handles of the SQS messages whose files were
 * delivered whole up to this batch. Committing it says so: the next read deletes them before it
 * receives more (the kit's read contract has no commit callback).
 */
export type FdrQueueState = {
  /** State schema version (1). */
  version: 1;
  /** Receipt handles to delete once this state is committed, oldest first. */
  pending: string[];
};

interface Reader {
  readonly session: Session;
  readonly fdr: CrowdStrikeFdrConfig;
  readonly clients: CrowdStrikeFdrClient;
  /** Receipt handle → when its visibility was last set. */
  readonly inFlight: Map<string, number>;
}

function sendOptions(session: Session) {
  return session.signal ? { signal: session.signal } : {};
}

/**
 * Extends the visibility of every received message set more than half the timeout ago, so none
 * reappears while a big file is read or its batch waits for the commit.
 */
async function keepInvisible(reader: Reader): Promise<void> {
  const { session, fdr, clients, inFlight } = reader;
  const now = session.context.clock.now();
  for (const [handle, setAt] of [...inFlight]) {
    if (now - setAt < (fdr.visibilityTimeoutSeconds * 1000) / 2) continue;
    try {
      await awsSend(
        clients.sqs,
        new ChangeMessageVisibilityCommand({
          QueueUrl: fdr.queueUrl,
          ReceiptHandle: handle,
          VisibilityTimeout: fdr.visibilityTimeoutSeconds,
        }),
        session.context,
        sendOptions(session),
      );
      inFlight.set(handle, now);
    } catch (error) {
      if (!SQS_MESSAGE_GONE_CODES.has(awsErrorCode(error) ?? '')) throw error;
      session.context.logger.warn(
        { code: awsErrorCode(error) },
        'crowdstrike fdr: a received message is no longer in flight; it will be redelivered',
      );
      inFlight.delete(handle);
    }
  }
}

async function deleteCommitted(reader: Reader, handles: readonly string[]): Promise<void> {
  const { session, fdr, clients } = reader;
  for (const handle of handles) {
    try {
      await awsSend(
        clients.sqs,
        new DeleteMessageCommand({ QueueUrl: fdr.queueUrl, ReceiptHandle: handle }),
        session.context,
        sendOptions(session),
      );
    } catch (error) {
      if (!SQS_MESSAGE_GONE_CODES.has(awsErrorCode(error) ?? '')) throw error;
      session.context.logger.warn(
        { code: awsErrorCode(error) },
        'crowdstrike fdr: a committed message could not be deleted; it will be redelivered',
      );
    }
  }
}

function poison(reason: string, message: Message, object?: FdrObjectRef): FdrPoisonFile {
  return {
    type: FDR_POISON_TYPE,
    reason,
    ...(object ? { bucket: object.bucket, key: object.key } : {}),
    ...(message.MessageId ? { messageId: message.MessageId } : {}),
  };
}

/**
 * The records of one FDR file, in batches of `batchSize`: the object is streamed, gunzipped
 * and split into lines; a line that is not JSON is delivered as is (the normaliser rejects it).
 * A missing object or a corrupt file ends in a poison record.
 */
async function* readObject(
  reader: Reader,
  message: Message,
  object: FdrObjectRef,
): AsyncGenerator<unknown[]> {
  const { session, fdr, clients } = reader;
  let body: AsyncIterable<Uint8Array>;
  try {
    const output = await awsSend(
      clients.s3,
      new GetObjectCommand({ Bucket: object.bucket, Key: object.key }),
      session.context,
      sendOptions(session),
    );
    if (!output.Body) {
      yield [poison('the object has no body', message, object)];
      return;
    }
    body = output.Body as unknown as AsyncIterable<Uint8Array>;
  } catch (error) {
    const code = awsErrorCode(error);
    if (code === 'NoSuchKey' || code === 'NotFound') {
      yield [poison(`the object does not exist (${code})`, message, object)];
      return;
    }
    throw error;
  }
  let batch: unknown[] = [];
  try {
    for await (const line of linesOf(gunzipIfGzip(body))) {
      if (line.trim().length === 0) continue;
      try {
        batch.push(JSON.parse(line) as unknown);
      } catch {
        batch.push(line);
      }
      if (batch.length >= fdr.batchSize) {
        yield batch;
        batch = [];
        await keepInvisible(reader);
      }
    }
  } catch (error) {
    batch.push(poison(`the file cannot be read: ${(error as Error).message}`, message, object));
  }
  if (batch.length > 0) yield batch;
}

/**
 * Reads the FDR queue: deletes the messages the committed state lists, then receives up to
 * `maxMessagesPerRead` messages (long poll, 10 at a time); for each, streams the files it
 * announces and yields their records in batches; a message's receipt handle enters the state
 * with the last batch of its files. Ends when the queue is empty.
 */
async function* readFdr(
  session: Session,
  state: FdrQueueState | undefined,
): AsyncGenerator<{ records: unknown[]; state: FdrQueueState }> {
  const fdr = session.config.fdr;
  const clients = session.client.fdr();
  if (!fdr || !clients) {
    throw new ConnectorConfigError('crowdstrike', [
      { path: 'fdr', message: 'the fdr stream needs the FDR queue and its AWS credentials' },
    ]);
  }
  const reader: Reader = { session, fdr, clients, inFlight: new Map() };
  await deleteCommitted(reader, state?.pending ?? []);
  const pending: string[] = [];
  const snapshot = (): FdrQueueState => ({ version: FDR_STATE_VERSION, pending: [...pending] });
  let received = 0;
  let yielded = false;
  while (received < fdr.maxMessagesPerRead && !session.signal?.aborted) {
    await keepInvisible(reader);
    const { Messages: messages = [] } = await awsSend(
      clients.sqs,
      new ReceiveMessageCommand({
        QueueUrl: fdr.queueUrl,
        MaxNumberOfMessages: Math.min(10, fdr.maxMessagesPerRead - received),
        WaitTimeSeconds: fdr.waitTimeSeconds,
        VisibilityTimeout: fdr.visibilityTimeoutSeconds,
      }),
      session.context,
      sendOptions(session),
    );
    if (messages.length === 0) break;
    received += messages.length;
    const at = session.context.clock.now();
    for (const message of messages) {
      if (message.ReceiptHandle) reader.inFlight.set(message.ReceiptHandle, at);
    }
    for (const message of messages) {
      const handle = message.ReceiptHandle;
      if (!handle) continue;
      const notification = parseFdrNotification(message.Body ?? '');
      let last: unknown[] = [];
      if (notification.type === 'unrecognised') last = [poison(notification.reason, message)];
      if (notification.type === 'objects') {
        for (const object of notification.objects) {
          for await (const batch of readObject(reader, message, object)) {
            // hold each batch back by one so the message's last batch carries its handle
            if (last.length > 0) {
              yield { records: last, state: snapshot() };
              yielded = true;
            }
            last = batch;
          }
          await keepInvisible(reader);
        }
      }
      pending.push(handle);
      yield { records: last, state: snapshot() };
      yielded = true;
    }
  }
  if (!yielded) yield { records: [], state: snapshot() };
}

/**
 * The `fdr` stream: Falcon Data Replicator files announced on SQS (CrowdStrike's own queue
 * and bucket, or a copy in the customer's bucket with S3 notifications). Each file is streamed
 * from S3, gunzipped and split into records (`data/` telemetry, `aidmaster/` inventory, …),
 * normalised by {@link normalizeCrowdStrikeFdrEvent}. A message is deleted only once a state
 * listing it has been committed; until then its visibility is extended. Unreadable files and
 * messages become poison records the normaliser rejects, so they are dead-lettered.
 */
export const fdrStream: StreamDefinition<CrowdStrikeConfig, CrowdStrikeClient> = {
  read: (session, state) => readFdr(session, state as FdrQueueState | undefined),
  normalize: (raw) => {
    if (isFdrPoisonFile(raw)) {
      throw new NormalizationError(`CrowdStrike FDR: ${raw.reason}`, {
        path: raw.key
          ? `s3://${raw.bucket ?? ''}/${raw.key}`
          : `sqs-message:${raw.messageId ?? ''}`,
      });
    }
    return normalizeCrowdStrikeFdrEvent(raw);
  },
};
