import type { CursorStyle } from '../pagination/paginate.js';
import type { SigV4Credentials } from './simulator-sigv4.js';

/** A request as the simulator saw it: credentials redacted. */
export interface RecordedRequest {
  /** Ordinal among all requests (1-based). */
  ordinal: number;
  /** HTTP method. */
  method: string;
  /** Path without the query. */
  path: string;
  /** Query parameters. */
  query: Record<string, string>;
  /** Headers with credentials and signatures redacted. */
  headers: Record<string, string>;
  /** The body (JSON-parsed when possible; token-endpoint secrets redacted). */
  body: unknown;
  /** Arrival time by the real clock, epoch ms. */
  receivedAt: number;
  /** Status answered. */
  status: number;
  /** The fault injected into this request, if any. */
  fault?: SimulatorFault['type'] | 'rate-limit-exceeded';
}

/** A simulated request handed to custom route handlers. */
export interface SimulatorRequest {
  /** HTTP method. */
  method: string;
  /** Path. */
  path: string;
  /** Path parameters from `:name` segments. */
  params: Record<string, string>;
  /** Query. */
  query: URLSearchParams;
  /** Headers (lower-case names). */
  headers: Record<string, string>;
  /** Raw body, as UTF-8 text. */
  body: string;
  /** Raw body bytes (binary uploads). Absent from requests built by hand. */
  bytes?: Uint8Array;
  /** JSON body, when it parses. */
  json: unknown;
}

/** A response from a custom route handler. */
export interface SimulatorResponse {
  /** Status. Default 200. */
  status?: number;
  /** Headers. */
  headers?: Record<string, string>;
  /** JSON body (or a string or bytes sent as is). */
  body?: unknown;
}

/** A scripted endpoint. */
export interface SimulatorRoute {
  /** HTTP method. */
  method: string;
  /**
   * Path with optional `:name` parameters (`/api/actions/:id`); a last `:name+` takes the rest of
   * the path, slashes included (`/:bucket/:key+`).
   */
  path: string;
  /** Produces the response. */
  handle(request: SimulatorRequest): SimulatorResponse | Promise<SimulatorResponse>;
}

/** A vendor record in a simulated dataset. */
export type SimulatorRecord = Record<string, unknown>;

/**
 * A list endpoint served from a dataset, sorted ascending by time then id, filtered by a `since`
 * parameter (records at or after it), paginated in one of the cursor styles:
 *
 * | style | request | response |
 * |---|---|---|
 * | `next-token` | `GET path?since=&limit=&after=<token>` | `{ data: [...], meta: { next } }` |
 * | `link-header` | `GET path?since=&limit=&after=` | `[...]` + `Link: <…>; rel="next"` |
 * | `odata-next-link` | `GET path?since=&$top=` | `{ value: [...], "@odata.nextLink" }` |
 * | `offset` | `GET path?since=&offset=&limit=` | `{ items: [...], total }` |
 * | `search-after` | `POST <path>/_pit`, `POST /_search` with `pit`, `search_after`, `query.range[timeField].gte` | `{ pit_id, hits: { hits: [{ _id, _source, sort }] } }` |
 * | `time-window` | `GET path?start=&end=` | `{ data: [...] }` (records with start ≤ time < end) |
 */
export interface SimulatorDataset {
  /** The list path (`/api/v1/alerts`); for `search-after`, the index path (`/alerts`). */
  path: string;
  /** Pagination style. */
  cursor: CursorStyle;
  /** The records (copied; late events are added later). */
  records: readonly SimulatorRecord[];
  /** Id field. */
  idField: string;
  /** Time field (ISO string or epoch ms). */
  timeField: string;
  /** Records per page. Default 10. */
  pageSize?: number;
  /**
   * `time-window` only: the window's query parameters (default `start` / `end`) and whether the
   * records come in `{ data: [...] }` (default) or as a bare array (`bare`).
   */
  window?: { startParam?: string; endParam?: string; envelope?: 'data' | 'bare' };
}

/** A fault to inject, keyed by the ordinal of data requests (token calls excluded), 1-based. */
export type SimulatorFault =
  | {
      type: 'rate-limit';
      /** Data-request ordinals answered 429. */
      at: readonly number[];
      /** `Retry-After` in seconds, as delta seconds (default) or as an HTTP-date. */
      retryAfterSeconds: number;
      /** How Retry-After is written, or which reset header is sent instead. Default `seconds`. */
      header?:
        | 'seconds'
        | 'http-date'
        | 'x-ratelimit-reset'
        | 'x-rate-limit-reset'
        | 'ratelimit-reset';
    }
  | {
      type: 'server-error';
      at: readonly number[];
      /** Status. Default 503. */
      status?: number;
    }
  | {
      type: 'slow';
      at: readonly number[];
      /** Delay before the response headers, ms. */
      delayMs: number;
    }
  | {
      type: 'token-expiry';
      /** Before these data requests every issued token expires (the request gets a 401). */
      at: readonly number[];
    }
  | {
      type: 'late-event';
      /** Added to the dataset after this many data requests. */
      afterRequests: number;
      /** The record, with a time behind the current cursor. */
      record: SimulatorRecord;
    };

/** How the simulator authenticates data requests. */
export type SimulatorAuth =
  | { type: 'none' }
  | {
      type: 'oauth2';
      /** Token endpoint path. Default `/oauth2/token`. */
      tokenPath?: string;
      /** Accepted client id. */
      clientId: string;
      /** Accepted client secret (`client_secret_post` or Basic). */
      clientSecret?: string;
      /** PEM public key accepted for `private_key_jwt` assertions. */
      publicKey?: string;
      /** Token lifetime in seconds. Default 1800. */
      tokenLifetimeSeconds?: number;
    }
  | {
      type: 'header';
      /** Header name (`authorization`, `x-api-key`). */
      header: string;
      /** Expected full value (`SSWS abc…`). */
      value: string;
    }
  | { type: 'basic'; username: string; password: string }
  | {
      type: 'hmac';
      secret: string;
      signatureHeader?: string;
      timestampHeader?: string;
      /** Accepted timestamp distance, seconds. Default 300. */
      toleranceSeconds?: number;
    }
  | {
      type: 'custom';
      /** True when the request's credentials are right (a vendor-specific signature scheme). */
      verify(request: SimulatorRequest & { url: URL }, nowMs: number): boolean;
      /** The answer to a request `verify` rejects. Default 401 `{ error: 'unauthorized' }`. */
      rejection?: SimulatorResponse;
    }
  | {
      type: 'aws-sigv4';
      /** The key pairs whose SigV4 signatures are accepted. */
      keys: readonly SigV4Credentials[];
      /** The service the credential scope must name (`guardduty`, `securityhub`, `execute-api`). */
      service: string;
      /** The region the credential scope must name. Default: any. */
      region?: string;
      /**
       * The answer to a request whose signature is missing or wrong. Default AWS's 403
       * `UnrecognizedClientException` in the JSON protocols' error shape.
       */
      rejection?: SimulatorResponse;
    };

/** Options of {@link createVendorSimulator}. */
export interface VendorSimulatorOptions {
  /** List endpoints served from datasets. */
  datasets?: readonly SimulatorDataset[];
  /** Custom endpoints (a `check` endpoint, actions, status polling). */
  routes?: readonly SimulatorRoute[];
  /** Authentication of data requests. Default none. */
  auth?: SimulatorAuth;
  /** Faults to inject. */
  faults?: readonly SimulatorFault[];
  /**
   * The declared vendor budget, enforced as a token bucket (capacity `requests`, refilled at
   * `requests` per `perMs`), the way most vendors meter: a request finding the bucket empty gets
   * a 429 and is counted in `rateLimitViolations`. Network jitter in an evenly spaced client is
   * absorbed by the bucket; a client that ignores the budget is caught.
   */
  rateLimit?: { requests: number; perMs: number };

  /** How far the vendor's clock is ahead (positive) or behind, ms; shows in `Date` headers. */
  clockOffsetMs?: number;
}
