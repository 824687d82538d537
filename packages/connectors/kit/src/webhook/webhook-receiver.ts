import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Clock, registerSecret, systemClock } from '@openmdr/core';
import { WebhookVerificationError } from '../errors/connector-errors.js';

/** Options of {@link createWebhookReceiver}. */
export interface WebhookReceiverOptions {
  /** Shared secret(s); several allow rotation (any one may match). Registered for redaction. */
  secrets: readonly string[];
  /** Header carrying the signature. Default `x-signature`. */
  signatureHeader?: string;
  /** Prefix before the signature value (`sha256=` for GitHub-style headers). Default none. */
  signaturePrefix?: string;
  /** Hash. Default `sha256`. */
  algorithm?: 'sha256' | 'sha1' | 'sha512';
  /** Signature encoding. Default `hex`. */
  encoding?: 'hex' | 'base64';
  /** Header carrying the timestamp (epoch seconds or ISO). Omit to disable the replay window. */
  timestampHeader?: string;
  /** Largest accepted distance between the timestamp and now, in seconds. Default 300. */
  toleranceSeconds?: number;
  /**
   * The string signed, from the timestamp (empty without `timestampHeader`) and the raw body.
   * Default: `<timestamp>.<body>` with a timestamp, the body alone without.
   */
  signedPayload?: (timestamp: string, body: string) => string;
  /** Largest body accepted, in bytes. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Clock. */
  clock?: Clock;
}

/** A verified pushed request. */
export interface VerifiedWebhook {
  /** The raw body. */
  body: string;
  /** The parsed JSON body. */
  json: unknown;
  /** The timestamp sent, epoch ms, when a timestamp header is configured. */
  timestamp?: number;
  /** SHA-256 of the body (hex): a stable delivery id for dedup. */
  bodyHash: string;
}

/** Verifies signed pushes from vendors (webhooks). */
export interface WebhookReceiver {
  /** Verifies a raw body against its headers; throws {@link WebhookVerificationError}. */
  verify(headers: Record<string, string | string[] | undefined>, body: string): VerifiedWebhook;
  /**
   * A node:http request listener: reads the body (bounded), verifies it, calls `onEvent`, and
   * answers 204; 401/400/413 with a JSON `{ error: { code, reason } }` on failures, 500 when
   * `onEvent` throws.
   */
  handler(
    onEvent: (event: VerifiedWebhook) => void | Promise<void>,
  ): (request: IncomingMessage, response: ServerResponse) => void;
}

function header(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function parseTimestamp(raw: string): number | undefined {
  if (/^\d+$/.test(raw)) {
    const value = Number(raw);
    return value > 1e12 ? value : value * 1000;
  }
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : date;
}

/**
 * Creates a receiver for vendors that push: HMAC signature over the raw body (configurable
 * header, algorithm, encoding, prefix), optional timestamp with a replay window, constant-time
 * comparison, and several secrets for rotation.
 */
export function createWebhookReceiver(options: WebhookReceiverOptions): WebhookReceiver {
  if (options.secrets.length === 0) throw new TypeError('createWebhookReceiver needs a secret');
  for (const secret of options.secrets) registerSecret(secret);
  const clock = options.clock ?? systemClock;
  const signatureHeader = options.signatureHeader ?? 'x-signature';
  const tolerance = (options.toleranceSeconds ?? 300) * 1000;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const payloadOf =
    options.signedPayload ??
    ((timestamp: string, body: string) => (timestamp ? `${timestamp}.${body}` : body));

  const verify: WebhookReceiver['verify'] = (headers, body) => {
    let provided = header(headers, signatureHeader);
    if (!provided)
      throw new WebhookVerificationError('missing-signature', `no ${signatureHeader} header`);
    if (options.signaturePrefix) {
      if (!provided.startsWith(options.signaturePrefix)) {
        throw new WebhookVerificationError('bad-signature', 'signature has the wrong prefix');
      }
      provided = provided.slice(options.signaturePrefix.length);
    }
    let timestampText = '';
    let timestamp: number | undefined;
    if (options.timestampHeader) {
      const raw = header(headers, options.timestampHeader);
      if (!raw) {
        throw new WebhookVerificationError(
          'missing-timestamp',
          `no ${options.timestampHeader} header`,
        );
      }
      timestamp = parseTimestamp(raw.trim());
      if (timestamp === undefined) {
        throw new WebhookVerificationError(
          'bad-timestamp',
          'timestamp is neither epoch nor a date',
        );
      }
      if (Math.abs(clock.now() - timestamp) > tolerance) {
        throw new WebhookVerificationError(
          'stale-timestamp',
          `timestamp is outside the ${tolerance / 1000}s replay window`,
        );
      }
      timestampText = raw.trim();
    }
    const providedBytes = Buffer.from(provided.trim(), options.encoding ?? 'hex');
    const payload = payloadOf(timestampText, body);
    const matches = options.secrets.some((secret) => {
      const expected = createHmac(options.algorithm ?? 'sha256', secret)
        .update(payload)
        .digest();
      return expected.length === providedBytes.length && timingSafeEqual(expected, providedBytes);
    });
    if (!matches) throw new WebhookVerificationError('bad-signature', 'signature does not match');
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new WebhookVerificationError('bad-body', 'body is not JSON');
    }
    return {
      body,
      json,
      bodyHash: createHash('sha256').update(body).digest('hex'),
      ...(timestamp === undefined ? {} : { timestamp }),
    };
  };

  return {
    verify,
    handler: (onEvent) => (request, response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let rejected = false;
      const reject = (status: number, code: string, reason: string) => {
        if (response.headersSent) return;
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { code, reason } }));
      };
      request.on('data', (chunk: Buffer) => {
        if (rejected) return;
        size += chunk.length;
        if (size > maxBodyBytes) {
          rejected = true;
          reject(413, 'WEBHOOK_VERIFICATION', 'body-too-large');
          request.resume();
          return;
        }
        chunks.push(chunk);
      });
      request.on('end', () => {
        if (rejected) return;
        let verified: VerifiedWebhook;
        try {
          verified = verify(request.headers, Buffer.concat(chunks).toString('utf8'));
        } catch (error) {
          if (WebhookVerificationError.isInstance(error)) {
            reject(error.httpStatus, error.code, error.reason);
            return;
          }
          reject(500, 'INTERNAL', 'internal error');
          return;
        }
        Promise.resolve()
          .then(() => onEvent(verified))
          .then(
            () => {
              response.writeHead(204);
              response.end();
            },
            () => reject(500, 'WEBHOOK_HANDLER', 'handler failed'),
          );
      });
    },
  };
}

/** Signs a payload the way {@link createWebhookReceiver} verifies it (for senders and tests). */
export function signWebhook(
  secret: string,
  body: string,
  options: Pick<WebhookReceiverOptions, 'algorithm' | 'encoding' | 'signedPayload'> & {
    timestamp?: string;
  } = {},
): string {
  const timestamp = options.timestamp ?? '';
  const payload = options.signedPayload
    ? options.signedPayload(timestamp, body)
    : timestamp
      ? `${timestamp}.${body}`
      : body;
  return createHmac(options.algorithm ?? 'sha256', secret)
    .update(payload)
    .digest(options.encoding ?? 'hex');
}
