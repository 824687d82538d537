import { createHash, createHmac, createPublicKey, timingSafeEqual, verify } from 'node:crypto';
import { defaultHmacCanonicalString } from '../auth/hmac-signature.js';
import { parseAuthorization, signatureMatches } from './simulator-sigv4.js';
import type { SimulatorAuth, SimulatorRequest, SimulatorResponse } from './simulator-types.js';

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Verifies an RS256/ES256 client assertion against a PEM public key; returns its claims. */
export function verifyClientAssertion(
  assertion: string,
  publicKey: string,
  nowMs: number,
): Record<string, unknown> | undefined {
  const [header, payload, signature] = assertion.split('.');
  if (!header || !payload || !signature) return undefined;
  let alg: unknown;
  let claims: Record<string, unknown>;
  try {
    alg = (JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg?: unknown }).alg;
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const key = createPublicKey(publicKey);
  const data = Buffer.from(`${header}.${payload}`);
  const bytes = Buffer.from(signature, 'base64url');
  const ok =
    alg === 'RS256'
      ? verify('sha256', data, key, bytes)
      : alg === 'ES256'
        ? verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, bytes)
        : false;
  if (!ok) return undefined;
  const nowSeconds = nowMs / 1000;
  if (typeof claims['exp'] !== 'number' || claims['exp'] < nowSeconds) return undefined;
  if (typeof claims['iat'] === 'number' && claims['iat'] > nowSeconds + 60) return undefined;
  return claims;
}

/** Checks the credentials of a data request; true when they are right. */
export async function verifyRequestAuth(
  auth: SimulatorAuth,
  request: SimulatorRequest & { url: URL },
  validTokens: ReadonlyMap<string, number>,
  nowMs: number,
): Promise<boolean> {
  switch (auth.type) {
    case 'none':
      return true;
    case 'oauth2': {
      const match = /^Bearer (.+)$/.exec(request.headers['authorization'] ?? '');
      const expiresAt = match?.[1] ? validTokens.get(match[1]) : undefined;
      return expiresAt !== undefined && expiresAt > nowMs;
    }
    case 'header':
      return safeEqual(request.headers[auth.header.toLowerCase()] ?? '', auth.value);
    case 'basic': {
      const expected = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
      return safeEqual(request.headers['authorization'] ?? '', expected);
    }
    case 'hmac': {
      const timestamp =
        request.headers[(auth.timestampHeader ?? 'x-timestamp').toLowerCase()] ?? '';
      const provided = request.headers[(auth.signatureHeader ?? 'x-signature').toLowerCase()] ?? '';
      if (Math.abs(Number(timestamp) * 1000 - nowMs) > (auth.toleranceSeconds ?? 300) * 1000)
        return false;
      const canonical = defaultHmacCanonicalString(
        {
          method: request.method,
          url: request.url,
          headers: request.headers,
          body: request.body || undefined,
        },
        timestamp,
      );
      return safeEqual(provided, createHmac('sha256', auth.secret).update(canonical).digest('hex'));
    }
    case 'custom':
      return auth.verify(request, nowMs);
    case 'aws-sigv4': {
      const parsed = parseAuthorization(request.headers['authorization']);
      if (!parsed || parsed.service !== auth.service) return false;
      if (auth.region !== undefined && parsed.region !== auth.region) return false;
      const keys = auth.keys ?? [];
      const key = keys.find((candidate) => candidate.accessKeyId === parsed.accessKeyId);
      if (!key) return false;
      if (
        key.sessionToken !== undefined &&
        request.headers['x-amz-security-token'] !== key.sessionToken
      )
        return false;
      return signatureMatches(request, parsed, key);
    }
  }
}

/** The answer to a request whose credentials are wrong, when the auth names none. */
export function defaultRejection(auth: SimulatorAuth): SimulatorResponse {
  return auth.type === 'aws-sigv4'
    ? {
        status: 403,
        headers: { 'x-amzn-errortype': 'UnrecognizedClientException' },
        body: {
          __type: 'UnrecognizedClientException',
          message: 'The security token included in the request is invalid.',
        },
      }
    : { status: 401, body: { error: 'unauthorized' } };
}

/** A SHA-256 hex digest (for token ids in recordings). */
export function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 12);
}
