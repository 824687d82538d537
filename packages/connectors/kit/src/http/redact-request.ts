import { isSecretKey, REDACTED, redactString } from '@openmdr/core';
import type { RedactedRequest } from '../errors/connector-errors.js';

/** Header names that carry credentials in vendor APIs besides the ones {@link isSecretKey} knows. */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-apikey',
  'api-key',
  'x-auth-token',
  'x-amz-security-token',
  'x-amz-content-sha256',
  'dtapi-token',
  'dtapi-signature',
  'x-signature',
  'x-hub-signature',
  'x-hub-signature-256',
]);

/** True when a header carries a credential or a signature and must never be shown. */
export function isSecretHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return SECRET_HEADERS.has(lower) || isSecretKey(lower) || lower.includes('signature');
}

/** Replaces secret header values with `[REDACTED]`. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = isSecretHeader(name) ? REDACTED : redactString(value);
  }
  return out;
}

/** Redacts user info and secret query parameters of a URL, then registered secret values. */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return redactString(String(url));
  }
  if (parsed.password) parsed.password = REDACTED;
  for (const key of [...parsed.searchParams.keys()]) {
    if (isSecretKey(key) || /signature|credential|sig$/i.test(key)) {
      parsed.searchParams.set(key, REDACTED);
    }
  }
  return redactString(parsed.toString()).replaceAll('%5BREDACTED%5D', REDACTED);
}

/** Builds the redacted form of a request, for errors, logs and recordings. Bodies are never kept. */
export function redactRequest(
  method: string,
  url: string | URL,
  headers: Record<string, string>,
): RedactedRequest {
  return { method, url: redactUrl(url), headers: redactHeaders(headers) };
}
