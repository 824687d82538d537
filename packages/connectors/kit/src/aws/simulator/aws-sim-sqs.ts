import { createHash, randomUUID } from 'node:crypto';
import type { SimulatorRequest, SimulatorResponse } from '../../simulator/simulator-types.js';
import { authenticateAws } from './aws-sim-auth.js';
import { type AwsSimError, awsErrorResponse, jsonResponse } from './aws-sim-protocol.js';
import { type AwsSimState, takeScripted } from './aws-sim-state.js';

/** A message in a simulated queue. */
export interface AwsSimMessage {
  /** Message id. */
  messageId: string;
  /** Body. */
  body: string;
  /** When it was sent, epoch ms. */
  sentAt: number;
  /** When it is next visible, epoch ms. */
  visibleAt: number;
  /** Receives so far. */
  receiveCount: number;
  /** First receive, epoch ms. */
  firstReceivedAt?: number;
  /** The receipt handle of the current receive. */
  receiptHandle?: string;
}

/** A simulated SQS queue. */
export interface AwsSimQueue {
  /** Queue name. */
  name: string;
  /** Owning account. */
  account: string;
  /** Default visibility timeout, seconds. */
  visibilityTimeoutSeconds: number;
  /** Messages not yet deleted, in send order. */
  messages: AwsSimMessage[];
}

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

const sqsError = (error: AwsSimError) =>
  awsErrorResponse('json', { namespace: 'com.amazonaws.sqs', ...error });

/** Adds a message to a queue (the simulator's `SendMessage`, also used to seed queues). */
export function enqueue(
  queue: AwsSimQueue,
  body: string,
  now: number,
  delaySeconds = 0,
): AwsSimMessage {
  const message: AwsSimMessage = {
    messageId: randomUUID(),
    body,
    sentAt: now,
    visibleAt: now + delaySeconds * 1000,
    receiveCount: 0,
  };
  queue.messages.push(message);
  return message;
}

function input(request: SimulatorRequest): Record<string, unknown> {
  return request.json !== null && typeof request.json === 'object'
    ? (request.json as Record<string, unknown>)
    : {};
}

function receive(queue: AwsSimQueue, body: Record<string, unknown>, now: number) {
  const max = Number(body['MaxNumberOfMessages'] ?? 1);
  const visibility = Number(body['VisibilityTimeout'] ?? queue.visibilityTimeoutSeconds);
  const names = [
    ...((body['MessageSystemAttributeNames'] as string[] | undefined) ?? []),
    ...((body['AttributeNames'] as string[] | undefined) ?? []),
  ];
  const wants = (name: string) => names.includes('All') || names.includes(name);
  const out: Record<string, unknown>[] = [];
  for (const message of queue.messages) {
    if (out.length >= max) break;
    if (message.visibleAt > now) continue;
    message.receiveCount += 1;
    message.firstReceivedAt ??= now;
    message.visibleAt = now + visibility * 1000;
    message.receiptHandle = Buffer.from(`${message.messageId}:${randomUUID()}`).toString('base64');
    const attributes: Record<string, string> = {};
    if (wants('SentTimestamp')) attributes['SentTimestamp'] = String(message.sentAt);
    if (wants('ApproximateReceiveCount'))
      attributes['ApproximateReceiveCount'] = String(message.receiveCount);
    if (wants('ApproximateFirstReceiveTimestamp'))
      attributes['ApproximateFirstReceiveTimestamp'] = String(message.firstReceivedAt);
    if (wants('SenderId')) attributes['SenderId'] = 'AIDASIMULATORSENDER';
    out.push({
      MessageId: message.messageId,
      ReceiptHandle: message.receiptHandle,
      MD5OfBody: md5(message.body),
      Body: message.body,
      ...(Object.keys(attributes).length > 0 ? { Attributes: attributes } : {}),
    });
  }
  return out;
}

/**
 * SQS on the AWS JSON 1.0 protocol (`POST /`, `X-Amz-Target: AmazonSQS.<Operation>`):
 * `ReceiveMessage` (visibility timeout, redelivery once it lapses, `ApproximateReceiveCount`,
 * `WaitTimeSeconds` long polling), `DeleteMessage`, `ChangeMessageVisibility` and `SendMessage`,
 * with the errors SQS answers (`QueueDoesNotExist`, `ReceiptHandleIsInvalid`,
 * `MessageNotInflight`) and MD5 digests the SDK checks.
 */
export async function handleSqs(
  state: AwsSimState,
  queues: Map<string, AwsSimQueue>,
  request: SimulatorRequest & { url: URL },
): Promise<SimulatorResponse> {
  const operation = (request.headers['x-amz-target'] ?? '').replace(/^AmazonSQS\./, '');
  const auth = await authenticateAws(
    request,
    (id) => state.principals.get(id),
    state.now(),
    'ExpiredToken',
  );
  if (auth.error) return sqsError({ ...auth.error, namespace: 'com.amazon.coral.service' });
  const scripted = takeScripted(state, operation, {
    status: 400,
    code: 'ThrottlingException',
    message: 'Rate exceeded',
  });
  if (scripted) return sqsError(scripted);
  const body = input(request);
  const queueUrl = String(body['QueueUrl'] ?? '');
  const name = queueUrl.split('/').at(-1) ?? '';
  const queue = queues.get(name);
  if (!queue || !queueUrl.includes(`/${queue.account}/${name}`)) {
    return sqsError({
      status: 400,
      code: 'QueueDoesNotExist',
      queryCode: 'AWS.SimpleQueueService.NonExistentQueue',
      message: 'The specified queue does not exist.',
    });
  }
  const now = state.now();
  const byHandle = (handle: unknown) =>
    queue.messages.find(
      (message) => message.receiptHandle !== undefined && message.receiptHandle === handle,
    );
  switch (operation) {
    case 'ReceiveMessage': {
      let messages = receive(queue, body, now);
      const waitSeconds = Math.min(20, Number(body['WaitTimeSeconds'] ?? 0));
      const deadline = Date.now() + waitSeconds * 1000;
      while (messages.length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        messages = receive(queue, body, state.now());
      }
      return jsonResponse(messages.length > 0 ? { Messages: messages } : {});
    }
    case 'DeleteMessage': {
      const message = byHandle(body['ReceiptHandle']);
      if (!message) {
        return sqsError({
          status: 400,
          code: 'ReceiptHandleIsInvalid',
          queryCode: 'ReceiptHandleIsInvalid',
          message: 'The input receipt handle is invalid.',
        });
      }
      queue.messages.splice(queue.messages.indexOf(message), 1);
      return jsonResponse({});
    }
    case 'ChangeMessageVisibility': {
      const message = byHandle(body['ReceiptHandle']);
      if (!message) {
        return sqsError({
          status: 400,
          code: 'ReceiptHandleIsInvalid',
          queryCode: 'ReceiptHandleIsInvalid',
          message: 'The input receipt handle is invalid.',
        });
      }
      if (message.visibleAt <= now) {
        return sqsError({
          status: 400,
          code: 'MessageNotInflight',
          queryCode: 'AWS.SimpleQueueService.MessageNotInflight',
          message: 'The message referred to is not in flight.',
        });
      }
      message.visibleAt = now + Number(body['VisibilityTimeout'] ?? 0) * 1000;
      return jsonResponse({});
    }
    case 'SendMessage': {
      const text = String(body['MessageBody'] ?? '');
      if (text.length === 0) {
        return sqsError({
          status: 400,
          code: 'MissingParameter',
          queryCode: 'MissingParameter',
          message: 'The request must contain the parameter MessageBody.',
        });
      }
      const message = enqueue(queue, text, now, Number(body['DelaySeconds'] ?? 0));
      return jsonResponse({ MD5OfMessageBody: md5(text), MessageId: message.messageId });
    }
    default:
      return sqsError({
        status: 400,
        code: 'UnknownOperationException',
        message: `operation ${operation} is not simulated`,
      });
  }
}
