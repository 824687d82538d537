import { timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SimulatorRequest } from '../../simulator/simulator-types.js';
import type { AwsSimError } from './aws-sim-protocol.js';

/** A principal the simulator knows: an IAM user's long-term key or an assumed-role session. */
export interface AwsSimPrincipal {
  /** Access key id. */
  accessKeyId: string;
  /** Secret access key. */
  secretAccessKey: string;
  /** Session token (assumed-role sessions). */
  sessionToken?: string;
  /** When the session expires, epoch ms (by the simulator's clock). */
  expiresAt?: number;
  /** The principal's ARN (`arn:aws:iam::123456789012:user/reader`). */
  arn: string;
  /** Its account id. */
  account: string;
  /** Its unique id (`AIDA…`, or `AROA…:<session>`). */
  userId: string;
}

/** The credential part of a SigV4 `Authorization` header. */
export interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** Parses `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`. */
export function parseAuthorization(header: string | undefined): ParsedAuthorization | undefined {
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,]+),\s*Signature=([0-9a-f]{64})$/.exec(
      header ?? '',
    );
  if (!match) return undefined;
  const [, accessKeyId = '', date = '', region = '', service = '', signed = '', signature = ''] =
    match;
  return { accessKeyId, date, region, service, signedHeaders: signed.split(';'), signature };
}

async function expectedSignature(
  request: SimulatorRequest & { url: URL },
  parsed: ParsedAuthorization,
  principal: AwsSimPrincipal,
): Promise<string | undefined> {
  const amzDate = request.headers['x-amz-date'];
  if (!amzDate) return undefined;
  const headers: Record<string, string> = {};
  for (const name of parsed.signedHeaders) {
    const value = request.headers[name];
    if (value !== undefined && name !== 'x-amz-date') headers[name] = value;
  }
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(request.url.searchParams.keys())) {
    const values = request.url.searchParams.getAll(key);
    query[key] = values.length === 1 ? (values[0] ?? '') : values;
  }
  const s3 = parsed.service === 's3';
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: principal.accessKeyId,
      secretAccessKey: principal.secretAccessKey,
      ...(principal.sessionToken ? { sessionToken: principal.sessionToken } : {}),
    },
    region: parsed.region,
    service: parsed.service,
    sha256: Sha256,
    uriEscapePath: !s3,
    applyChecksum: s3,
  });
  const signingDate = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  const bytes = request.bytes ?? Buffer.from(request.body);
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: request.url.protocol,
      hostname: request.url.hostname,
      ...(request.url.port ? { port: Number(request.url.port) } : {}),
      path: s3 ? request.url.pathname : decodeURIComponent(request.url.pathname),
      query,
      headers,
      ...(bytes.length > 0 ? { body: bytes } : {}),
    },
    { signingDate, signableHeaders: new Set(parsed.signedHeaders) },
  );
  return /Signature=([0-9a-f]{64})/.exec(String(signed.headers['authorization'] ?? ''))?.[1];
}

/** The outcome of authenticating a request: its principal, or the error AWS would answer. */
export type AwsSimAuthResult =
  | { principal: AwsSimPrincipal; error?: undefined }
  | { principal?: undefined; error: AwsSimError };

/**
 * Authenticates a SigV4-signed request the way AWS does, in order: a known access key
 * (`InvalidClientTokenId`, S3 `InvalidAccessKeyId`), the session token of temporary keys
 * (`InvalidClientTokenId`), its expiry (`ExpiredToken`), then the signature itself
 * (`SignatureDoesNotMatch`).
 */
export async function authenticateAws(
  request: SimulatorRequest & { url: URL },
  lookup: (accessKeyId: string) => AwsSimPrincipal | undefined,
  nowMs: number,
  expiredCode: string,
): Promise<AwsSimAuthResult> {
  const parsed = parseAuthorization(request.headers['authorization']);
  if (!parsed) {
    return {
      error: {
        status: 403,
        code: 'MissingAuthenticationToken',
        message: 'Request is missing Authentication Token',
      },
    };
  }
  const s3 = parsed.service === 's3';
  const principal = lookup(parsed.accessKeyId);
  if (!principal) {
    return {
      error: {
        status: 403,
        code: s3 ? 'InvalidAccessKeyId' : 'InvalidClientTokenId',
        message: s3
          ? 'The AWS Access Key Id you provided does not exist in our records.'
          : 'The security token included in the request is invalid.',
      },
    };
  }
  const token = request.headers['x-amz-security-token'];
  if (principal.sessionToken !== undefined && token !== principal.sessionToken) {
    return {
      error: {
        status: s3 ? 400 : 403,
        code: s3 ? 'InvalidToken' : 'InvalidClientTokenId',
        message: 'The security token included in the request is invalid.',
      },
    };
  }
  if (principal.expiresAt !== undefined && principal.expiresAt <= nowMs) {
    return {
      error: {
        status: s3 ? 400 : 403,
        code: expiredCode,
        message: 'The security token included in the request is expired',
      },
    };
  }
  const expected = await expectedSignature(request, parsed, principal);
  if (
    !expected ||
    !timingSafeEqual(Buffer.from(expected), Buffer.from(parsed.signature.padEnd(expected.length)))
  ) {
    return {
      error: {
        status: 403,
        code: 'SignatureDoesNotMatch',
        message: 'The request signature we calculated does not match the signature you provided.',
      },
    };
  }
  return { principal };
}
