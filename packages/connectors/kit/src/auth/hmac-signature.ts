import { createHash, createHmac } from 'node:crypto';
import { type Clock, registerSecret, systemClock } from '@openmdr/core';
import type { Authenticator, OutgoingRequest } from './authenticator.js';

/** HMAC hash algorithms. */
export type HmacAlgorithm = 'sha256' | 'sha1' | 'sha512';

/** Options of {@link hmacSignature}. */
export interface HmacSignatureOptions {
  /** The shared secret (from a secret provider; registered for redaction). */
  secret: string;
  /** A public key id sent alongside (Darktrace `DTAPI-Token`). */
  keyId?: string;
  /** Header carrying the key id. Default `x-api-key-id`. */
  keyIdHeader?: string;
  /** Hash. Default `sha256`. */
  algorithm?: HmacAlgorithm;
  /** Signature encoding. Default `hex`. */
  encoding?: 'hex' | 'base64';
  /** Header carrying the signature. Default `x-signature`. */
  signatureHeader?: string;
  /** Header carrying the timestamp. Default `x-timestamp`. */
  timestampHeader?: string;
  /** Timestamp format. Default `epoch-seconds`. */
  timestampFormat?: 'epoch-seconds' | 'iso';
  /**
   * The string to sign. Default:
   * `<timestamp>\n<METHOD>\n<path and query>\n<hex SHA-256 of the body>`.
   */
  canonicalString?: (request: OutgoingRequest, timestamp: string) => string;
  /** Clock. */
  clock?: Clock;
}

/** The default string an {@link hmacSignature} signs. */
export function defaultHmacCanonicalString(request: OutgoingRequest, timestamp: string): string {
  const bodyHash = createHash('sha256')
    .update(request.body ?? '')
    .digest('hex');
  return `${timestamp}\n${request.method}\n${request.url.pathname}${request.url.search}\n${bodyHash}`;
}

/** HMAC-signed requests: a timestamp header and a signature header over a canonical string. */
export function hmacSignature(options: HmacSignatureOptions): Authenticator {
  registerSecret(options.secret);
  const clock = options.clock ?? systemClock;
  const canonical = options.canonicalString ?? defaultHmacCanonicalString;
  let usedOffsetMs = 0;
  return {
    scheme: 'hmac',
    refresh: async (context) => Math.abs(context.serverTimeOffsetMs - usedOffsetMs) > 1_000,
    authorize: async (request, context) => {
      usedOffsetMs = context.serverTimeOffsetMs;
      const now = clock.now() + context.serverTimeOffsetMs;
      const timestamp =
        options.timestampFormat === 'iso'
          ? new Date(now).toISOString()
          : String(Math.floor(now / 1000));
      const signature = createHmac(options.algorithm ?? 'sha256', options.secret)
        .update(canonical(request, timestamp))
        .digest(options.encoding ?? 'hex');
      request.headers[(options.timestampHeader ?? 'x-timestamp').toLowerCase()] = timestamp;
      request.headers[(options.signatureHeader ?? 'x-signature').toLowerCase()] = signature;
      if (options.keyId !== undefined) {
        request.headers[(options.keyIdHeader ?? 'x-api-key-id').toLowerCase()] = options.keyId;
      }
    },
  };
}
