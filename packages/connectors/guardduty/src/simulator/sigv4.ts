import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { SimulatorRequest } from '@openmdr/connector-kit/simulator';

/** An access key the simulator accepts (placeholders, never real keys). */
export interface SimulatedAccessKey {
  /** Access key id. */
  accessKeyId: string;
  /** Secret access key. */
  secretAccessKey: string;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) =>
  createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding, as SigV4 wants it. */
const encode = (value: string) =>
  encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/**
 * Checks a request's AWS Signature Version 4 (`Authorization: AWS4-HMAC-SHA256 Credential=…`)
 * against the known keys: the canonical request (method, path encoded twice as every service
 * but S3 signs it, sorted query, signed headers, payload hash), the string to sign and the
 * signing key chain, compared in constant time. Synchronous, for the framework's `custom` auth.
 */
export function verifySigV4(
  request: SimulatorRequest & { url: URL },
  keys: readonly SimulatedAccessKey[],
  service: string,
): boolean {
  const header = request.headers['authorization'] ?? '';
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      header,
    );
  const amzDate = request.headers['x-amz-date'];
  if (!match || !amzDate) return false;
  const [, accessKeyId, date, region, signedService, signedHeaders, signature] =
    match as unknown as [string, string, string, string, string, string, string];
  const key = keys.find((candidate) => candidate.accessKeyId === accessKeyId);
  if (!key || signedService !== service || !amzDate.startsWith(date)) return false;
  const path = request.url.pathname
    .split('/')
    .map((segment) => encode(segment))
    .join('/');
  const query = [...request.url.searchParams]
    .map(([name, value]) => [encode(name), encode(value)] as const)
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const names = signedHeaders.split(';');
  const headers = names
    .map((name) => `${name}:${(request.headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const payload =
    request.headers['x-amz-content-sha256'] ?? sha256(request.bytes ?? request.body ?? '');
  const canonical = [request.method, path, query, headers, signedHeaders, payload].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  let signingKey = hmac(`AWS4${key.secretAccessKey}`, date);
  for (const part of [region, service, 'aws4_request']) signingKey = hmac(signingKey, part);
  const expected = Buffer.from(hmac(signingKey, toSign).toString('hex'));
  const provided = Buffer.from(signature);
  return expected.length === provided.length && timingSafeEqual(expected, provided);
}
