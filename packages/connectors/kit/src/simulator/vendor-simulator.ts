import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { REDACTED, redact } from '@openmdr/core';
import { redactHeaders } from '../http/redact-request.js';
import { defaultRejection, verifyClientAssertion, verifyRequestAuth } from './simulator-auth.js';
import { type LiveDataset, serveDataset } from './simulator-datasets.js';
import type {
  RecordedRequest,
  SimulatorFault,
  SimulatorRecord,
  SimulatorRequest,
  SimulatorResponse,
  SimulatorRoute,
  VendorSimulatorOptions,
} from './simulator-types.js';

/** A running vendor simulator. */
export interface VendorSimulator {
  /** Base URL, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Every request received, in order, credentials redacted. */
  readonly requests: readonly RecordedRequest[];
  /** Requests refused because they exceeded the declared rate limit. */
  readonly rateLimitViolations: number;
  /** Access tokens issued by the OAuth token endpoint. */
  readonly tokensIssued: number;
  /** The vendor's clock (real time plus the clock offset). */
  now(): number;
  /** Adds a record to the dataset at `path`. */
  addRecord(path: string, record: SimulatorRecord): void;
  /** The current records of the dataset at `path`. */
  records(path: string): readonly SimulatorRecord[];
  /** Replaces the faults (ordinals count from the next data request). */
  setFaults(faults: readonly SimulatorFault[]): void;
  /** Forgets recorded requests. */
  clearRecording(): void;
  /** Stops the server. */
  close(): Promise<void>;
}

function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const expected = pattern.split('/');
  const actual = path.split('/');
  const greedy = expected.at(-1)?.endsWith('+') === true;
  if (greedy ? actual.length < expected.length : expected.length !== actual.length)
    return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < expected.length; index += 1) {
    const part = expected[index] ?? '';
    if (part.startsWith(':') && part.endsWith('+') && index === expected.length - 1) {
      // a trailing `:name+` takes the rest of the path, slashes included (an S3 key)
      const rest = actual.slice(index);
      if (rest.length === 0 || rest.join('') === '') return undefined;
      params[part.slice(1, -1)] = rest.map((segment) => decodeURIComponent(segment)).join('/');
      return params;
    }
    const value = actual[index] ?? '';
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(value);
    else if (part !== value) return undefined;
  }
  return params;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function flatHeaders(request: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * Starts a vendor API simulator: a real HTTP server on 127.0.0.1 (random port) that serves
 * datasets in any cursor style, custom routes (checks, actions, polling), an OAuth token
 * endpoint, and injects faults — 429 with `Retry-After` or reset headers, 5xx, slow responses,
 * token expiry in the middle of pagination, late-arriving events, a clock offset. It records
 * every request (credentials redacted) and enforces a declared rate limit, counting violations.
 */
export async function createVendorSimulator(
  options: VendorSimulatorOptions = {},
): Promise<VendorSimulator> {
  const auth = options.auth ?? { type: 'none' };
  const offset = options.clockOffsetMs ?? 0;
  const now = () => Date.now() + offset;
  const datasets: LiveDataset[] = (options.datasets ?? []).map((dataset) => ({
    dataset,
    records: dataset.records.map((record) => ({ ...record })),
  }));
  const routes: readonly SimulatorRoute[] = options.routes ?? [];
  let faults: readonly SimulatorFault[] = options.faults ?? [];
  let dataOrdinal = 0;
  let faultBase = 0;
  let ordinal = 0;
  let violations = 0;
  let tokensIssued = 0;
  const recorded: RecordedRequest[] = [];
  let bucket = options.rateLimit?.requests ?? 0;
  let bucketAt = Date.now();
  const validTokens = new Map<string, number>();
  const tokenPath = auth.type === 'oauth2' ? (auth.tokenPath ?? '/oauth2/token') : undefined;
  let origin = '';
  let closing: Promise<void> | undefined;

  const send = (response: ServerResponse, result: SimulatorResponse, entry: RecordedRequest) => {
    const status = result.status ?? 200;
    entry.status = status;
    const raw = typeof result.body === 'string' || result.body instanceof Uint8Array;
    const body =
      result.body === undefined
        ? ''
        : result.body instanceof Uint8Array
          ? result.body
          : typeof result.body === 'string'
            ? result.body
            : JSON.stringify(result.body);
    response.writeHead(status, {
      date: new Date(now()).toUTCString(),
      ...(body.length > 0 && !raw ? { 'content-type': 'application/json' } : {}),
      ...result.headers,
    });
    response.end(body);
  };

  const issueToken = (
    form: URLSearchParams,
    headers: Record<string, string>,
  ): SimulatorResponse => {
    if (auth.type !== 'oauth2') return { status: 404 };
    let clientId = form.get('client_id');
    let authenticated = false;
    const basic = /^Basic (.+)$/.exec(headers['authorization'] ?? '');
    if (basic?.[1]) {
      const [id, secretValue] = Buffer.from(basic[1], 'base64')
        .toString()
        .split(':')
        .map(decodeURIComponent);
      clientId = id ?? null;
      authenticated = auth.clientSecret !== undefined && secretValue === auth.clientSecret;
    } else if (form.get('client_assertion') && auth.publicKey) {
      const claims = verifyClientAssertion(
        form.get('client_assertion') ?? '',
        auth.publicKey,
        now(),
      );
      authenticated = claims !== undefined && claims['sub'] === auth.clientId;
    } else if (auth.clientSecret !== undefined) {
      authenticated = form.get('client_secret') === auth.clientSecret;
    }
    if (form.get('grant_type') !== 'client_credentials') {
      return { status: 400, body: { error: 'unsupported_grant_type' } };
    }
    if (!authenticated || clientId !== auth.clientId) {
      return { status: 401, body: { error: 'invalid_client' } };
    }
    tokensIssued += 1;
    const token = `sim-token-${tokensIssued}-${Math.random().toString(36).slice(2, 12)}`;
    const lifetime = auth.tokenLifetimeSeconds ?? 1800;
    validTokens.set(token, now() + lifetime * 1000);
    return { body: { access_token: token, token_type: 'Bearer', expires_in: lifetime } };
  };

  const dueFaults = (n: number) =>
    faults.filter((fault) => fault.type !== 'late-event' && fault.at.includes(n - faultBase));

  const handle = async (incoming: IncomingMessage, response: ServerResponse) => {
    const receivedAt = Date.now();
    ordinal += 1;
    const url = new URL(incoming.url ?? '/', origin);
    const headers = flatHeaders(incoming);
    const bytes = await readBody(incoming);
    const body = bytes.toString('utf8');
    let json: unknown;
    try {
      json = body ? JSON.parse(body) : undefined;
    } catch {
      json = undefined;
    }
    const entry: RecordedRequest = {
      ordinal,
      method: incoming.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: redactHeaders(headers),
      body: undefined,
      receivedAt,
      status: 0,
    };
    recorded.push(entry);
    // token endpoint
    if (tokenPath && url.pathname === tokenPath && entry.method === 'POST') {
      const form = new URLSearchParams(body);
      entry.body = Object.fromEntries(
        [...form.keys()].map((key) => [
          key,
          key === 'grant_type' || key === 'client_id' ? form.get(key) : REDACTED,
        ]),
      );
      send(response, issueToken(form, headers), entry);
      return;
    }
    entry.body = json === undefined ? (body ? REDACTED : undefined) : redact(json);
    // declared rate limit (token bucket)
    if (options.rateLimit) {
      const { requests, perMs } = options.rateLimit;
      bucket = Math.min(requests, bucket + ((receivedAt - bucketAt) * requests) / perMs);
      bucketAt = receivedAt;
      if (bucket < 1) {
        violations += 1;
        entry.fault = 'rate-limit-exceeded';
        send(
          response,
          { status: 429, headers: { 'retry-after': '1' }, body: { error: 'rate limit exceeded' } },
          entry,
        );
        return;
      }
      bucket -= 1;
    }
    dataOrdinal += 1;
    for (const fault of faults) {
      if (fault.type === 'late-event' && dataOrdinal - faultBase === fault.afterRequests + 1) {
        const live =
          datasets.find((candidate) => candidate.dataset.path === url.pathname) ?? datasets[0];
        live?.records.push({ ...fault.record });
      }
    }
    for (const fault of dueFaults(dataOrdinal)) {
      if (fault.type === 'late-event') continue;
      entry.fault = fault.type;
      if (fault.type === 'slow') {
        await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
        if (incoming.destroyed || response.destroyed) return;
        continue;
      }
      if (fault.type === 'token-expiry') {
        for (const token of validTokens.keys()) validTokens.set(token, 0);
        continue;
      }
      if (fault.type === 'server-error') {
        send(
          response,
          { status: fault.status ?? 503, body: { error: 'simulated server error' } },
          entry,
        );
        return;
      }
      if (fault.type === 'rate-limit') {
        const style = fault.header ?? 'seconds';
        const resetAt = Math.ceil((now() + fault.retryAfterSeconds * 1000) / 1000);
        const limitHeaders: Record<string, string> =
          style === 'seconds'
            ? { 'retry-after': String(fault.retryAfterSeconds) }
            : style === 'http-date'
              ? { 'retry-after': new Date(resetAt * 1000).toUTCString() }
              : style === 'ratelimit-reset'
                ? { 'ratelimit-reset': String(fault.retryAfterSeconds) }
                : { [style]: String(resetAt) };
        send(
          response,
          { status: 429, headers: limitHeaders, body: { error: 'too many requests' } },
          entry,
        );
        return;
      }
    }
    const simulated: SimulatorRequest & { url: URL } = {
      method: entry.method,
      path: url.pathname,
      params: {},
      query: url.searchParams,
      headers,
      body,
      bytes,
      json,
      url,
    };
    if (!(await verifyRequestAuth(auth, simulated, validTokens, now()))) {
      const rejection =
        auth.type === 'custom' || auth.type === 'aws-sigv4' ? auth.rejection : undefined;
      send(response, rejection ?? defaultRejection(auth), entry);
      return;
    }
    for (const route of routes) {
      if (route.method.toUpperCase() !== entry.method) continue;
      const params = matchPath(route.path, url.pathname);
      if (!params) continue;
      send(response, await route.handle({ ...simulated, params }), entry);
      return;
    }
    for (const live of datasets) {
      const served = serveDataset(live, simulated, origin);
      if (served) {
        send(response, served, entry);
        return;
      }
    }
    send(response, { status: 404, body: { error: 'not found' } }, entry);
  };

  const server: Server = createServer((incoming, response) => {
    handle(incoming, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: origin,
    get requests() {
      return recorded;
    },
    get rateLimitViolations() {
      return violations;
    },
    get tokensIssued() {
      return tokensIssued;
    },
    now,
    addRecord: (path, record) => {
      const live = datasets.find((candidate) => candidate.dataset.path === path);
      if (!live) throw new Error(`no dataset at ${path}`);
      live.records.push({ ...record });
    },
    records: (path) => datasets.find((candidate) => candidate.dataset.path === path)?.records ?? [],
    setFaults: (next) => {
      faults = next;
      faultBase = dataOrdinal;
    },
    clearRecording: () => {
      recorded.length = 0;
    },
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      });
      return closing;
    },
  };
}
