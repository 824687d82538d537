import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConnectorInstance, NormalizedEvent } from '@openmdr/connector-kit';
import {
  createWebhookReceiver,
  readPath,
  type VerifiedWebhook,
  type WebhookReceiverOptions,
} from '@openmdr/connector-kit';

/** Options of {@link createRestWebhookHandler}. */
export interface RestWebhookOptions extends WebhookReceiverOptions {
  /** The connected REST connector whose mapping normalises the pushed records. */
  connector: ConnectorInstance;
  /** The stream whose mapping applies. Default: the connector's only stream. */
  stream?: string;
  /** Dotted path of the record array in the pushed body. Default: the body is one record or an array. */
  recordsPath?: string;
  /** Receives the normalised events and the records that failed (dead letters). */
  onEvents(
    events: NormalizedEvent[],
    deadLetters: Array<{ record: unknown; reason: string }>,
  ): void | Promise<void>;
}

/**
 * A node:http handler for vendors that push: verifies the HMAC signature (and replay window),
 * normalises the pushed records with the REST connector's mapping, hands them on, and answers
 * 204 (401 on a bad signature, 413 on an oversized body, 500 when `onEvents` throws).
 */
export function createRestWebhookHandler(
  options: RestWebhookOptions,
): (request: IncomingMessage, response: ServerResponse) => void {
  const stream = options.stream ?? Object.keys(options.connector.manifest.streams)[0] ?? 'records';
  const receiver = createWebhookReceiver(options);
  return receiver.handler(async (pushed: VerifiedWebhook) => {
    const body = options.recordsPath ? readPath(pushed.json, options.recordsPath) : pushed.json;
    const records = Array.isArray(body) ? body : [body];
    const batch = options.connector.normalizeBatch(stream, records);
    await options.onEvents(
      batch.events,
      batch.deadLetters.map((letter) => ({ record: letter.record, reason: letter.error.message })),
    );
  });
}
