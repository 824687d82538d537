import { randomUUID } from 'node:crypto';
import { createWebhookReceiver, signWebhook, type VerifiedWebhook } from '@openmdr/connector-kit';
import type { Clock } from '@openmdr/core';
import * as z from 'zod';
import { deliveryError, type HttpNotifierTransport, notifierHttpClient } from './http-delivery.js';
import type { Notification, Notifier } from './notification.js';
import { notifierId, parseNotifierConfig, secretString } from './notifier-config.js';

/** Headers of a signed OpenMDR webhook delivery. */
export const WEBHOOK_HEADERS = {
  /** Epoch seconds when the delivery was signed. */
  timestamp: 'x-openmdr-timestamp',
  /** `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`. */
  signature: 'x-openmdr-signature',
  /** A unique id per delivery (retries of one delivery keep it). */
  delivery: 'x-openmdr-delivery',
} as const;

const webhookConfigSchema = z.object({
  id: notifierId,
  /** Where to POST. */
  url: z.url({ protocol: /^https?$/ }),
  /** The shared HMAC secret (at least 16 characters): a secret. */
  secret: secretString.pipe(z.string().min(16)),
});

/** Options of {@link createWebhookNotifier}. */
export interface WebhookNotifierOptions extends HttpNotifierTransport {
  /** Unique among the router's notifiers. */
  id: string;
  /** Where to POST. */
  url: string;
  /** The shared HMAC secret (at least 16 characters): a secret. */
  secret: string;
}

/** The JSON body of a webhook delivery. */
export function webhookBody(notification: Notification, deliveryId: string): string {
  return JSON.stringify({
    id: deliveryId,
    tenant: notification.tenant,
    event: notification.event,
    severity: notification.severity,
    title: notification.title,
    summary: notification.summary,
    dedupKey: notification.dedupKey,
    occurredAt: new Date(notification.occurredAt).toISOString(),
    caseId: notification.caseId ?? null,
    incidentId: notification.incidentId ?? null,
    url: notification.url ?? null,
    lifecycle: notification.lifecycle ?? 'trigger',
    fields: notification.fields ?? {},
    details: notification.details ?? {},
  });
}

/**
 * A generic webhook notifier: POSTs the notification as JSON, signed with HMAC-SHA256 over
 * `<timestamp>.<body>` (headers {@link WEBHOOK_HEADERS}), so receivers can check origin and
 * freshness with {@link verifyWebhookSignature}. 2xx is a delivery; 4xx fail at once; 429 and
 * 5xx are retried by the kit (the same delivery id and signature). Default budget: 10 per second.
 */
export function createWebhookNotifier(options: WebhookNotifierOptions): Notifier {
  const config = parseNotifierConfig(webhookConfigSchema, options, 'webhook');
  const url = new URL(config.url);
  const client = notifierHttpClient('webhook', url, options, { requests: 10, perMs: 1_000 });
  const now = () => (options.clock ?? { now: () => Date.now() }).now();
  return {
    id: config.id,
    kind: 'webhook',
    async send(notification) {
      const deliveryId = randomUUID();
      const body = webhookBody(notification, deliveryId);
      const timestamp = String(Math.floor(now() / 1000));
      try {
        const response = await client.request({
          method: 'POST',
          path: url.toString(),
          body,
          headers: {
            'content-type': 'application/json',
            [WEBHOOK_HEADERS.timestamp]: timestamp,
            [WEBHOOK_HEADERS.signature]: `sha256=${signWebhook(config.secret, body, { timestamp })}`,
            [WEBHOOK_HEADERS.delivery]: deliveryId,
          },
          responseType: 'text',
        });
        return { notifier: config.id, status: response.status, id: deliveryId };
      } catch (error) {
        throw deliveryError(config.id, error);
      }
    },
  };
}

/** Options of {@link verifyWebhookSignature}. */
export interface VerifyWebhookOptions {
  /** The shared secret, or several during a rotation. */
  secret: string | readonly string[];
  /** The request headers (lower-case names, as node:http gives them). */
  headers: Record<string, string | string[] | undefined>;
  /** The raw request body, exactly as received. */
  body: string;
  /** Largest accepted age of the timestamp, in seconds. Default 300. */
  toleranceSeconds?: number;
  /** Clock. */
  clock?: Clock;
}

/**
 * Verifies an OpenMDR webhook delivery on the receiving side: the `sha256=` HMAC of
 * `<timestamp>.<body>` in constant time, and the timestamp within `toleranceSeconds` (replays
 * of an old delivery are refused). Returns the parsed delivery; throws `WebhookVerificationError`
 * (code `WEBHOOK_VERIFICATION`) otherwise.
 */
export function verifyWebhookSignature(options: VerifyWebhookOptions): VerifiedWebhook {
  return createWebhookReceiver({
    secrets: typeof options.secret === 'string' ? [options.secret] : options.secret,
    signatureHeader: WEBHOOK_HEADERS.signature,
    signaturePrefix: 'sha256=',
    timestampHeader: WEBHOOK_HEADERS.timestamp,
    toleranceSeconds: options.toleranceSeconds ?? 300,
    ...(options.clock ? { clock: options.clock } : {}),
  }).verify(options.headers, options.body);
}
