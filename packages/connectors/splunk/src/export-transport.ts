import type { HttpClient } from '@openmdr/connector-kit';

/** A streamed call: a form `POST` whose response body is read as it arrives. */
export interface SplunkStreamRequest {
  /** A path relative to the management port's base URL. */
  path: string;
  /** The form (`application/x-www-form-urlencoded`). */
  form: Record<string, string>;
  /** Cancels the call and the body. */
  signal?: AbortSignal | undefined;
}

/** A successful (2xx) streamed response: the body not read yet. */
export interface SplunkStreamResponse {
  /** HTTP status. */
  status: number;
  /** The body, chunk by chunk. */
  body: AsyncIterable<Uint8Array>;
}

/** Opens streamed calls on the management port. */
export interface SplunkStreamTransport {
  /**
   * Sends `request` and resolves once the response headers arrived; what happens once the body
   * started is the caller's.
   *
   * @throws {ConnectorHttpError} a non-success status (redacted request, no credential), a
   *   network error or an abort, once the retries are spent.
   * @throws {ConnectorAuthError} on 401 or 403.
   */
  open(request: SplunkStreamRequest): Promise<SplunkStreamResponse>;
}

/**
 * The streaming side of the Splunk client: the management port's kit client asked for
 * `responseType: 'stream'`, so the export goes out with the same credentials, dispatcher, rate
 * budget and retries (429 with `Retry-After`, 5xx and network errors before the headers) as
 * every other call, and its body is handed back unread. `idleMs` is the longest wait between
 * two chunks (a sorted export sends nothing until the search has finished).
 */
export function createSplunkStreamTransport(
  api: HttpClient,
  idleMs: number,
): SplunkStreamTransport {
  return {
    open: async (request) => {
      const response = await api.request<AsyncIterable<Uint8Array>>({
        method: 'POST',
        path: request.path,
        form: request.form,
        responseType: 'stream',
        timeouts: { bodyMs: idleMs },
        ...(request.signal ? { signal: request.signal } : {}),
      });
      return { status: response.status, body: response.data };
    },
  };
}
