import { timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SimulatorRequest } from './simulator-types.js';

/** The credential part of a SigV4 `Authorization` header. */
export interface ParsedAuthorization {
  /** Access key id of the signer. */
  accessKeyId: string;
  /** Credential scope date, `YYYYMMDD`. */
  date: string;
  /** Credential scope region. */
  region: string;
  /** Credential scope service (`s3`, `sqs`, `guardduty`, …). */
  service: string;
  /** The signed header names, lower-case. */
  signedHeaders: string[];
  /** The signature, 64 hex digits. */
  signature: string;
}

/** A key pair a simulator checks SigV4 signatures against (placeholders, never real keys). */
export interface SigV4Credentials {
  /** Access key id. */
  accessKeyId: string;
  /** Secret access key. */
  secretAccessKey: string;
  /** Session token, for temporary keys. */
  sessionToken?: string;
}

/** Parses `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`; undefined when malformed. */
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
  credentials: SigV4Credentials,
): Promise<string | undefined> {
  const amzDate = request.headers['x-amz-date'];
  if (!amzDate?.startsWith(parsed.date)) return undefined;
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
    credentials,
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

/**
 * True when the request's SigV4 signature is the one `credentials` make over it: the canonical
 * request (path encoded as the service signs it — twice for every service but S3 — sorted
 * query, the signed headers, the payload hash), the string to sign for the header's credential
 * scope and the signing-key chain, compared in constant time.
 */
export async function signatureMatches(
  request: SimulatorRequest & { url: URL },
  parsed: ParsedAuthorization,
  credentials: SigV4Credentials,
): Promise<boolean> {
  const expected = await expectedSignature(request, parsed, credentials);
  if (!expected) return false;
  const provided = Buffer.from(parsed.signature);
  const wanted = Buffer.from(expected);
  return provided.length === wanted.length && timingSafeEqual(provided, wanted);
}
