import { createHmac } from 'node:crypto';
import type { Authenticator, OutgoingRequest } from '@openmdr/connector-kit';
import { type Clock, registerSecret, systemClock } from '@openmdr/core';

/** Options of {@link darktraceAuth}. */
export interface DarktraceAuthOptions {
  /** The public API token, sent as `DTAPI-Token`. */
  publicToken: string;
  /** The private API token, the HMAC key (registered for redaction). */
  privateToken: string;
  /** Clock. */
  clock?: Clock;
}

/** A time as Darktrace's `DTAPI-Date` wants it: `YYYYMMDDTHHMMSS`, UTC. */
export function darktraceDate(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/\.\d{3}Z$/, '')
    .replace(/[-:]/g, '');
}

/**
 * The string Darktrace signs: the request path with its query string, then the public token and
 * the date, one per line. A POST's body parameters are appended as query parameters
 * (`?acknowledge=true`, or `?{"message":"…"}` for a JSON body), as Darktrace's API guide shows.
 */
export function darktraceSignedString(
  pathAndQuery: string,
  body: string | undefined,
  publicToken: string,
  date: string,
): string {
  const withBody = body
    ? `${pathAndQuery}${pathAndQuery.includes('?') ? '&' : '?'}${body}`
    : pathAndQuery;
  return `${withBody}\n${publicToken}\n${date}`;
}

/** The hex HMAC-SHA1 `DTAPI-Signature` of a request, keyed with the private token. */
export function darktraceSignature(
  privateToken: string,
  pathAndQuery: string,
  body: string | undefined,
  publicToken: string,
  date: string,
): string {
  return createHmac('sha1', privateToken)
    .update(darktraceSignedString(pathAndQuery, body, publicToken, date))
    .digest('hex');
}

/**
 * Darktrace's token-pair authentication: every request carries `DTAPI-Token`, `DTAPI-Date`
 * (the vendor's time, corrected by the skew learnt from `Date` headers) and `DTAPI-Signature`.
 * The kit's `hmacSignature` cannot write Darktrace's date format, hence this small scheme.
 */
export function darktraceAuth(options: DarktraceAuthOptions): Authenticator {
  registerSecret(options.privateToken);
  const clock = options.clock ?? systemClock;
  let usedOffsetMs = 0;
  return {
    scheme: 'hmac',
    refresh: async (context) => Math.abs(context.serverTimeOffsetMs - usedOffsetMs) > 1_000,
    authorize: async (request: OutgoingRequest, context) => {
      usedOffsetMs = context.serverTimeOffsetMs;
      const date = darktraceDate(clock.now() + context.serverTimeOffsetMs);
      request.headers['dtapi-token'] = options.publicToken;
      request.headers['dtapi-date'] = date;
      request.headers['dtapi-signature'] = darktraceSignature(
        options.privateToken,
        `${request.url.pathname}${request.url.search}`,
        request.body,
        options.publicToken,
        date,
      );
    },
  };
}
