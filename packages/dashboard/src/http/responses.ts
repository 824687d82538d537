import type { ServerResponse } from 'node:http';

/** The headers every response of the dashboard handler carries. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * The codes of the JSON API's error bodies: the {@link DashboardError} codes, and those of the
 * HTTP layer itself.
 * - `DASHBOARD_PAYLOAD_TOO_LARGE` (413): the body is over the handler's `maxBodyBytes`.
 * - `DASHBOARD_UNSUPPORTED_MEDIA_TYPE` (415): a body that is not `application/json`.
 * - `DASHBOARD_METHOD_NOT_ALLOWED` (405): the path exists for other methods (see `Allow`).
 * - `INTERNAL` (500): anything else; the handler's `onError` sees the error, the client does not.
 */
export type DashboardHttpErrorCode =
  | 'DASHBOARD_UNAUTHENTICATED'
  | 'DASHBOARD_FORBIDDEN'
  | 'DASHBOARD_TENANT_REQUIRED'
  | 'DASHBOARD_NOT_FOUND'
  | 'DASHBOARD_INVALID'
  | 'DASHBOARD_PAYLOAD_TOO_LARGE'
  | 'DASHBOARD_UNSUPPORTED_MEDIA_TYPE'
  | 'DASHBOARD_METHOD_NOT_ALLOWED'
  | 'INTERNAL';

/** The body of every error answer of the JSON API. */
export interface DashboardErrorBody {
  readonly error: { readonly code: DashboardHttpErrorCode; readonly message: string };
}

/** An error answer: its status, code, message and extra headers. */
export interface HttpFailure {
  readonly status: number;
  readonly code: DashboardHttpErrorCode;
  readonly message: string;
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** Writes `status` with `body` and the security headers (and `extra`), then ends the response. */
export function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: Buffer | string,
  extra: Readonly<Record<string, string>> = {},
  headOnly = false,
): void {
  if (res.headersSent) {
    // an answer already began (a stream): the only thing left to do is to end it
    if (!res.writableEnded) res.end();
    return;
  }
  const payload = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': contentType,
    'content-length': String(payload.length),
    ...extra,
  });
  res.end(headOnly ? undefined : payload);
}

/** Writes a JSON answer. */
export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  extra?: Readonly<Record<string, string>>,
): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), extra);
}

/** Writes an error answer: `{error: {code, message}}` with the failure's status and headers. */
export function sendFailure(
  res: ServerResponse,
  failure: HttpFailure,
  extra?: Readonly<Record<string, string>>,
): void {
  const body: DashboardErrorBody = { error: { code: failure.code, message: failure.message } };
  sendJson(res, failure.status, body, { ...extra, ...failure.headers });
}
