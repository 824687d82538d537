import { Sha256 } from '@aws-crypto/sha256-js';
import { type Clock, registerSecret, systemClock } from '@openmdr/core';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Authenticator } from './authenticator.js';

/** Options of {@link awsSigV4}. */
export interface AwsSigV4Options {
  /** Access key id. */
  accessKeyId: string;
  /** Secret access key (from a secret provider; registered for redaction). */
  secretAccessKey: string;
  /** Session token of temporary (STS) credentials. */
  sessionToken?: string;
  /** AWS region (`us-east-1`, `us-gov-west-1`). */
  region: string;
  /** Signing service name (`guardduty`, `cloudtrail`, `execute-api`). */
  service: string;
  /** Clock (the signing date). */
  clock?: Clock;
}

/**
 * AWS Signature Version 4 with the maintained `@smithy/signature-v4` signer (the one the AWS SDK
 * uses) and `@aws-crypto/sha256-js`.
 */
export function awsSigV4(options: AwsSigV4Options): Authenticator {
  registerSecret(options.secretAccessKey);
  if (options.sessionToken) registerSecret(options.sessionToken);
  const clock = options.clock ?? systemClock;
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: options.accessKeyId,
      secretAccessKey: options.secretAccessKey,
      ...(options.sessionToken ? { sessionToken: options.sessionToken } : {}),
    },
    region: options.region,
    service: options.service,
    sha256: Sha256,
  });
  let usedOffsetMs = 0;
  return {
    scheme: 'aws-sigv4',
    refresh: async (context) => Math.abs(context.serverTimeOffsetMs - usedOffsetMs) > 1_000,
    authorize: async (request, context) => {
      usedOffsetMs = context.serverTimeOffsetMs;
      const query: Record<string, string | string[]> = {};
      for (const [key, value] of request.url.searchParams) {
        const existing = query[key];
        if (existing === undefined) query[key] = value;
        else query[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
      }
      const signed = await signer.sign(
        {
          method: request.method,
          protocol: request.url.protocol,
          hostname: request.url.hostname,
          ...(request.url.port ? { port: Number(request.url.port) } : {}),
          path: request.url.pathname,
          query,
          headers: { ...request.headers, host: request.url.host },
          ...(request.body !== undefined ? { body: request.body } : {}),
        },
        { signingDate: new Date(clock.now() + context.serverTimeOffsetMs) },
      );
      for (const [name, value] of Object.entries(signed.headers)) {
        request.headers[name.toLowerCase()] = String(value);
      }
    },
  };
}
