/** The dashboard's JSON API client: bearer token on every call, typed errors. */

/** An API call that failed: the HTTP status and the server's error code, if any. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/** Query parameters; `undefined` and `''` ones are left out. */
export type Query = Readonly<Record<string, string | number | boolean | undefined>>;

/** The client. */
export interface Api {
  /** The URL of an API path (`api/overview`) under the dashboard's base. */
  url(path: string, query?: Query): URL;
  get<T>(path: string, query?: Query): Promise<T>;
  post<T>(path: string, body: unknown, query?: Query): Promise<T>;
  /** Headers for a raw `fetch` (the event stream). */
  headers(): Record<string, string>;
}

/**
 * A client for the API under `base` (the directory the page was served from). `onUnauthorized`
 * runs on a 401 (the token expired or was revoked).
 */
export function createApi(base: URL, token: () => string | null, onUnauthorized: () => void): Api {
  const url = (path: string, query?: Query) => {
    const target = new URL(path, base);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== '') target.searchParams.set(name, String(value));
    }
    return target;
  };
  const headers = (): Record<string, string> => {
    const value = token();
    return value ? { authorization: `Bearer ${value}` } : {};
  };
  const call = async <T>(method: string, path: string, query?: Query, body?: unknown) => {
    const init: RequestInit = { method, headers: { accept: 'application/json', ...headers() } };
    if (body !== undefined) {
      init.headers = { ...init.headers, 'content-type': 'application/json' };
      init.body = JSON.stringify(body);
    }
    const response = await fetch(url(path, query), init);
    if (!response.ok) {
      if (response.status === 401) onUnauthorized();
      const text = await response.text();
      let code = 'HTTP_ERROR';
      let message = `${response.status} ${response.statusText}`;
      try {
        const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
        if (typeof parsed.error?.code === 'string') code = parsed.error.code;
        if (typeof parsed.error?.message === 'string') message = parsed.error.message;
      } catch {
        // Not JSON: keep the status line.
      }
      throw new ApiError(response.status, code, message);
    }
    return (await response.json()) as T;
  };
  return {
    url,
    headers,
    get: (path, query) => call('GET', path, query),
    post: (path, body, query) => call('POST', path, query, body),
  };
}

/** A one-line description of a failed call, for an inline error message (never a stack). */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return `${error.message} (${error.code})`;
  return error instanceof Error ? error.message : String(error);
}
