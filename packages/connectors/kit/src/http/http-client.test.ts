import { registerSecret } from '@openmdr/core';
import { Agent } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { oauth2ClientCredentials } from '../auth/oauth2-client-credentials.js';
import { staticToken } from '../auth/static-token.js';
import { ConnectorAuthError, ConnectorHttpError } from '../errors/connector-errors.js';
import type { VendorSimulatorOptions } from '../simulator/simulator-types.js';
import { createVendorSimulator, type VendorSimulator } from '../simulator/vendor-simulator.js';
import { createRecordingSleep } from '../testing/recording-sleep.js';
import { createHttpClient, type HttpClientOptions } from './http-client.js';
import { createRateLimiter } from './rate-limiter.js';

const TOKEN = 'unit-test-api-token-5566778899';
const dispatcher = new Agent({ keepAliveTimeout: 1_000 });
let simulator: VendorSimulator | undefined;

afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});
afterAll(async () => {
  await dispatcher.close();
});

async function setup(options: VendorSimulatorOptions, client: Partial<HttpClientOptions> = {}) {
  simulator = await createVendorSimulator({
    auth: { type: 'header', header: 'authorization', value: `Bearer ${TOKEN}` },
    routes: [
      { method: 'GET', path: '/ok', handle: () => ({ body: { ok: true } }) },
      {
        method: 'GET',
        path: '/status/:code',
        handle: (request) => ({ status: Number(request.params['code']), body: { error: 'x' } }),
      },
      { method: 'POST', path: '/echo', handle: (request) => ({ body: request.json }) },
    ],
    ...options,
  });
  const recording = createRecordingSleep();
  const http = createHttpClient({
    baseUrl: simulator.url,
    dispatcher,
    auth: staticToken({ token: TOKEN }),
    sleep: recording.sleep,
    retry: { retries: 3, minDelayMs: 100, maxDelayMs: 1_000, jitter: 'none' },
    timeouts: { headersMs: 300, bodyMs: 300 },
    ...client,
  });
  return { http, delays: recording.delays, simulator };
}

describe('createHttpClient', () => {
  it('sends JSON, auth and query, and parses the response', async () => {
    const { http, simulator } = await setup({});
    const response = await http.request<{ a: number }>({
      method: 'POST',
      path: '/echo',
      json: { a: 1 },
      query: { q: 'x y', n: 2 },
    });
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ a: 1 });
    const recorded = simulator.requests.at(-1);
    expect(recorded?.query).toEqual({ q: 'x y', n: '2' });
    expect(recorded?.headers['authorization']).toBe('[REDACTED]');
    expect(recorded?.headers['content-type']).toBe('application/json');
  });

  it('honours Retry-After in seconds on 429 and then succeeds', async () => {
    const { http, delays } = await setup({
      faults: [{ type: 'rate-limit', at: [1], retryAfterSeconds: 7 }],
    });
    await expect(http.request({ path: '/ok' })).resolves.toMatchObject({ status: 200 });
    expect(delays).toEqual([7_000]);
  });

  it('hands back a streamed body unread, after retrying a 429 before the headers', async () => {
    const { http, delays } = await setup({
      faults: [{ type: 'rate-limit', at: [1], retryAfterSeconds: 2 }],
    });
    const response = await http.request<AsyncIterable<Uint8Array>>({
      path: '/ok',
      responseType: 'stream',
    });
    expect(delays).toEqual([2_000]);
    const chunks: Buffer[] = [];
    for await (const chunk of response.data) chunks.push(Buffer.from(chunk));
    expect(JSON.parse(Buffer.concat(chunks).toString('utf8'))).toEqual({ ok: true });
  });

  it('reads an error status whole and throws it typed, even when a stream was asked for', async () => {
    const { http } = await setup({});
    const failure = await http
      .request({ path: '/status/400', responseType: 'stream' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConnectorHttpError);
    expect(failure).toMatchObject({ status: 400, responseBody: '{"error":"x"}' });
  });

  it('honours Retry-After as an HTTP-date, measured against the server Date header', async () => {
    const { http, delays } = await setup({
      faults: [{ type: 'rate-limit', at: [1], retryAfterSeconds: 20, header: 'http-date' }],
      clockOffsetMs: -3_600_000,
    });
    await http.request({ path: '/ok' });
    expect(delays).toHaveLength(1);
    // the reset is ~20 s after the server's (skewed) clock; the local clock is an hour ahead
    expect(delays[0]).toBeGreaterThanOrEqual(18_000);
    expect(delays[0]).toBeLessThanOrEqual(21_000);
  });

  it.each(['x-ratelimit-reset', 'x-rate-limit-reset', 'ratelimit-reset'] as const)(
    'honours the %s header',
    async (header) => {
      const { http, delays } = await setup({
        faults: [{ type: 'rate-limit', at: [1], retryAfterSeconds: 5, header }],
      });
      await http.request({ path: '/ok' });
      expect(delays[0]).toBeGreaterThanOrEqual(3_500);
      expect(delays[0]).toBeLessThanOrEqual(6_000);
    },
  );

  it('retries 5xx with exponential backoff, then gives up with a typed error', async () => {
    const { http, delays, simulator } = await setup({
      faults: [{ type: 'server-error', at: [1, 2, 3, 4, 5] }],
    });
    const error = await http.request({ path: '/ok' }).catch((caught: unknown) => caught);
    expect(ConnectorHttpError.isInstance(error)).toBe(true);
    const httpError = error as ConnectorHttpError;
    expect(httpError.code).toBe('CONNECTOR_HTTP_STATUS');
    expect(httpError.status).toBe(503);
    expect(httpError.isRetryable).toBe(true);
    expect(httpError.attempts).toBe(4);
    expect(delays).toEqual([100, 200, 400]);
    expect(simulator.requests).toHaveLength(4);
    expect(httpError.request.headers['authorization']).toBe('[REDACTED]');
    expect(JSON.stringify(httpError.toJSON())).not.toContain(TOKEN);
  });

  it.each([400, 403, 404, 409, 422, 501])('does not retry HTTP %i', async (status) => {
    const { http, delays, simulator } = await setup({});
    const error = await http
      .request({ path: `/status/${status}` })
      .catch((caught: unknown) => caught);
    expect(delays).toEqual([]);
    expect(simulator.requests).toHaveLength(1);
    if (status === 403) expect(ConnectorAuthError.isInstance(error)).toBe(true);
    else expect((error as ConnectorHttpError).status).toBe(status);
  });

  it.each([408, 425, 429, 500, 502, 504])('retries HTTP %i', async (status) => {
    const { http, simulator } = await setup({});
    await http.request({ path: `/status/${status}` }).catch(() => undefined);
    expect(simulator.requests).toHaveLength(4);
  });

  it('times out slow responses, retries, and succeeds', async () => {
    const { http, simulator, delays } = await setup({
      faults: [{ type: 'slow', at: [1], delayMs: 1_200 }],
    });
    await expect(http.request({ path: '/ok' })).resolves.toMatchObject({ status: 200 });
    expect(simulator.requests[0]?.fault).toBe('slow');
    expect(delays).toEqual([100]);
  });

  it('gives up on persistent timeouts with a CONNECTOR_HTTP_TIMEOUT error', async () => {
    const { http } = await setup(
      { faults: [{ type: 'slow', at: [1, 2], delayMs: 1_000 }] },
      { retry: { retries: 1, minDelayMs: 1, jitter: 'none' } },
    );
    const error = (await http
      .request({ path: '/ok' })
      .catch((caught: unknown) => caught)) as ConnectorHttpError;
    expect(error.code).toBe('CONNECTOR_HTTP_TIMEOUT');
    expect(error.failure).toBe('timeout');
    expect(error.attempts).toBe(2);
  });

  it('reports network errors as retryable CONNECTOR_HTTP_NETWORK', async () => {
    const { http, simulator } = await setup({}, { retry: false });
    const url = simulator.url;
    await simulator.close();
    const error = (await http
      .request({ path: `${url}/ok` })
      .catch((caught: unknown) => caught)) as ConnectorHttpError;
    expect(error.code).toBe('CONNECTOR_HTTP_NETWORK');
    expect(error.isRetryable).toBe(true);
  });

  it('does not retry when retry is disabled for the call', async () => {
    const { http, simulator } = await setup({ faults: [{ type: 'server-error', at: [1] }] });
    await expect(http.request({ path: '/ok', retry: false })).rejects.toThrow(/HTTP 503/);
    expect(simulator.requests).toHaveLength(1);
  });

  it('refreshes an expired OAuth token once on 401 and retries (token expiry mid-pagination)', async () => {
    simulator = await createVendorSimulator({
      auth: { type: 'oauth2', clientId: 'c', clientSecret: 'oauth-client-secret-123456' },
      datasets: [
        {
          path: '/items',
          cursor: 'next-token',
          idField: 'id',
          timeField: 't',
          pageSize: 2,
          records: Array.from({ length: 6 }, (_, i) => ({ id: `r${i}`, t: 1_700_000_000_000 + i })),
        },
      ],
      faults: [{ type: 'token-expiry', at: [2] }],
    });
    const auth = oauth2ClientCredentials({
      tokenUrl: `${simulator.url}/oauth2/token`,
      clientId: 'c',
      clientSecret: 'oauth-client-secret-123456',
      dispatcher,
    });
    const http = createHttpClient({ baseUrl: simulator.url, dispatcher, auth });
    const ids: string[] = [];
    let after: string | undefined;
    do {
      const page = await http.request<{
        data: Array<{ id: string }>;
        meta: { next: string | null };
      }>({
        path: '/items',
        query: { after },
      });
      ids.push(...page.data.data.map((item) => item.id));
      after = page.data.meta.next ?? undefined;
    } while (after);
    expect(ids).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5']);
    expect(simulator.tokensIssued).toBe(2);
    expect(simulator.requests.map((request) => request.status)).toEqual([
      200, 200, 401, 200, 200, 200,
    ]);
  });

  it('schedules every attempt under the rate limiter', async () => {
    const limiter = createRateLimiter({
      tenant: 't',
      connector: 'c',
      host: 'h',
      policy: { requests: 10, perMs: 500 },
    });
    const { http, simulator } = await setup(
      { rateLimit: { requests: 10, perMs: 500 } },
      { rateLimiter: limiter },
    );
    await Promise.all(Array.from({ length: 25 }, () => http.request({ path: '/ok' })));
    expect(simulator.rateLimitViolations).toBe(0);
    await limiter.close();
  });

  it('without the limiter the same burst exceeds the declared rate (the simulator notices)', async () => {
    const { http, simulator } = await setup(
      { rateLimit: { requests: 10, perMs: 500 } },
      { retry: false },
    );
    await Promise.all(
      Array.from({ length: 25 }, () => http.request({ path: '/ok' }).catch(() => undefined)),
    );
    expect(simulator.rateLimitViolations).toBeGreaterThan(0);
  });

  it('keeps registered secrets out of error messages, details and JSON', async () => {
    const leaked = 'leaky-secret-value-0099887766';
    registerSecret(leaked);
    const { http } = await setup({}, { retry: false });
    const error = (await http
      .request({ path: `/status/400?api_key=${leaked}&debug=${leaked}` })
      .catch((caught: unknown) => caught)) as ConnectorHttpError;
    for (const text of [
      error.message,
      JSON.stringify(error.toJSON()),
      error.request.url,
      String(error.stack),
    ]) {
      expect(text).not.toContain(leaked);
    }
    expect(error.request.url).toContain('api_key=[REDACTED]');
  });
});
