import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardHandler, type DashboardErrorContext } from '../src/http/handler.js';
import { authenticate, fakeOperations, listen, TOKENS } from './http-fixtures.js';

const ASSETS = {
  '/index.html': {
    contentType: 'text/html; charset=utf-8',
    body: '<!doctype html><html><head><title>t</title></head><body>spa</body></html>',
  },
  '/assets/dashboard.js': { contentType: 'text/javascript; charset=utf-8', body: 'console.log(1)' },
  '/assets/dashboard.css': { contentType: 'text/css; charset=utf-8', body: 'body{}' },
};

const fake = fakeOperations();
const reported: { error: unknown; context: DashboardErrorContext }[] = [];
let server: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  server = await listen(
    createDashboardHandler({
      operations: fake.operations,
      authenticate,
      assets: ASSETS,
      maxBodyBytes: 256,
      onError: (error, context) => reported.push({ error, context }),
    }),
  );
});
afterAll(() => server.close());

function call(
  path: string,
  init: {
    method?: string;
    token?: string | null;
    body?: unknown;
    headers?: Record<string, string>;
  } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...init.headers };
  const token = init.token === undefined ? TOKENS.ana : init.token;
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  const request: RequestInit = { method: init.method ?? 'GET', headers };
  if (init.body !== undefined) {
    request.body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    headers['content-type'] ??= 'application/json';
  }
  return fetch(`${server.url}${path}`, request);
}

async function lastCallOf(response: Response): Promise<unknown> {
  expect(response.status).toBe(200);
  const body = (await response.json()) as { op: string };
  const last = fake.calls.at(-1);
  expect(last?.op).toBe(body.op);
  return { op: last?.op, input: last?.input };
}

describe('dashboard HTTP routes', () => {
  it.each([
    ['/api/overview?tenant=acme', 'overview', { tenant: 'acme' }],
    ['/api/overview', 'overview', {}],
    [
      '/api/cases?status=triage&severity=high&open=true&q=ransom&offset=10&limit=20&tenant=acme',
      'listCases',
      {
        tenant: 'acme',
        status: 'triage',
        severity: 'high',
        open: true,
        query: 'ransom',
        offset: 10,
        limit: 20,
      },
    ],
    ['/api/cases?open=0&status=', 'listCases', { open: false }],
    ['/api/cases/c%2F1', 'getCase', { tenant: 'acme', id: 'c/1' }],
    ['/api/sla?tenant=acme', 'slaClocks', { tenant: 'acme' }],
    ['/api/metrics/trends?days=7', 'metricTrends', { days: 7 }],
    ['/api/findings/hourly?hours=48', 'findingsPerHour', { hours: 48 }],
    [
      '/api/findings?q=mimikatz&minSeverityId=4&since=1000&until=2026-01-01T00:00:00Z&offset=0&limit=5',
      'searchFindings',
      {
        query: 'mimikatz',
        minSeverityId: 4,
        since: 1000,
        until: Date.parse('2026-01-01T00:00:00Z'),
        offset: 0,
        limit: 5,
      },
    ],
    ['/api/findings/f-1/score', 'explainScore', { tenant: 'acme', findingId: 'f-1' }],
    ['/api/connectors', 'connectorHealth', {}],
    ['/api/playbook-runs?limit=3', 'playbookRuns', { limit: 3 }],
    ['/api/approvals', 'pendingApprovals', {}],
  ])('GET %s calls %s', async (path, op, input) => {
    expect(await lastCallOf(await call(path))).toEqual({ op, input });
  });

  it.each([
    [
      '/api/cases/c-1/comments',
      { text: 'looked at it' },
      'addCaseComment',
      { tenant: 'acme', caseId: 'c-1', text: 'looked at it' },
    ],
    [
      '/api/approvals/ap-1/decision',
      { decision: 'deny', reason: 'not on a domain controller' },
      'decideApproval',
      { tenant: 'acme', id: 'ap-1', decision: 'deny', reason: 'not on a domain controller' },
    ],
    [
      '/api/actions/propose',
      {
        caseId: 'c-1',
        command: { action: 'contain', target: { device: { hostname: 'h' } } },
        reason: 'beaconing',
      },
      'proposeAction',
      {
        tenant: 'acme',
        caseId: 'c-1',
        command: { action: 'contain', target: { device: { hostname: 'h' } } },
        reason: 'beaconing',
      },
    ],
    [
      '/api/hunts',
      { hunt: { name: 'h', rules: [] } },
      'runHunt',
      { tenant: 'acme', hunt: { name: 'h', rules: [] } },
    ],
  ])('POST %s calls %s', async (path, body, op, input) => {
    expect(await lastCallOf(await call(path, { method: 'POST', body }))).toEqual({ op, input });
  });

  it('GET /api/session answers the principal and its tenants', async () => {
    const response = await call('/api/session', { token: TOKENS.mo });
    expect(await response.json()).toEqual({
      id: 'mo',
      name: 'mo',
      roles: ['viewer', 'mssp'],
      groups: ['soc'],
      tenants: ['acme', 'globex', 'initech'],
    });
  });

  it('sets the security headers, and no-store on the API', async () => {
    for (const response of [
      await call('/api/overview'),
      await call('/api/nope'),
      await call('/', { token: null }),
    ]) {
      expect(response.headers.get('content-security-policy')).toBe(
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
      );
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
    expect((await call('/api/overview')).headers.get('cache-control')).toBe('no-store');
  });

  it.each([
    ['/api/cases?limit=0', 'limit'],
    ['/api/cases?limit=ten', 'limit'],
    ['/api/cases?severity=urgent', 'severity'],
    ['/api/cases?status=done', 'status'],
    ['/api/cases?open=yes', 'open'],
    ['/api/cases?offset=-1', 'offset'],
    ['/api/metrics/trends?days=1.5', 'days'],
    ['/api/findings?since=yesterday', 'since'],
    ['/api/findings?minSeverityId=x', 'minSeverityId'],
    ['/api/overview?tenant=acme&tenant=globex', 'tenant'],
    ['/api/cases/%E0%A4%A', 'id'],
  ])('GET %s is 400 naming %s', async (path, parameter) => {
    const response = await call(path);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('DASHBOARD_INVALID');
    expect(body.error.message).toContain(`'${parameter}'`);
  });

  it.each([
    ['/api/cases/c-1/comments', { text: '' }, 'text'],
    ['/api/cases/c-1/comments', {}, 'text'],
    ['/api/approvals/a/decision', { decision: 'maybe' }, 'decision'],
    ['/api/actions/propose', { reason: 'r' }, 'command'],
    ['/api/hunts', { hunts: [] }, 'hunt'],
  ])('POST %s with a bad body is 400 naming %s', async (path, body, field) => {
    const response = await call(path, { method: 'POST', body });
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { error: { code: string; message: string } };
    expect(answer.error).toMatchObject({ code: 'DASHBOARD_INVALID' });
    expect(answer.error.message).toContain(`'${field}'`);
  });

  it('refuses bodies that are not JSON, malformed or too large', async () => {
    const text = await call('/api/hunts', {
      method: 'POST',
      body: 'hunt',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    expect(((await text.json()) as { error: { code: string } }).error.code).toBe(
      'DASHBOARD_UNSUPPORTED_MEDIA_TYPE',
    );
    const malformed = await call('/api/hunts', { method: 'POST', body: '{"hunt":' });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { message: string } }).error.message).toBe(
      'request body is not valid JSON',
    );
    const large = await call('/api/hunts', { method: 'POST', body: { hunt: 'x'.repeat(1000) } });
    expect(large.status).toBe(413);
    expect(((await large.json()) as { error: { code: string } }).error.code).toBe(
      'DASHBOARD_PAYLOAD_TOO_LARGE',
    );
    const before = fake.calls.length;
    // chunked, without a Content-Length: the limit applies while reading
    const chunked = await fetch(`${server.url}/api/hunts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.ana}`, 'content-type': 'application/json' },
      body: new Blob([JSON.stringify({ hunt: 'y'.repeat(1000) })]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(fake.calls.length).toBe(before);
  });

  it('answers 401 with WWW-Authenticate for no, unknown or failing credentials', async () => {
    for (const token of [null, 'wrong', 'throw']) {
      const response = await call('/api/overview', { token });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({
        error: { code: 'DASHBOARD_UNAUTHENTICATED', message: 'authentication required' },
      });
      expect(text).not.toContain('throw');
    }
    expect(reported.some((r) => r.context.phase === 'authenticate')).toBe(true);
    // the events route and unknown API routes need credentials too
    expect((await call('/api/events', { token: null })).status).toBe(401);
    expect((await call('/api/nope', { token: null })).status).toBe(401);
  });

  it('maps the operations’ refusals to 403, 400 and 404', async () => {
    const forbidden = await call('/api/overview?tenant=globex');
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as { error: { code: string } }).error.code).toBe(
      'DASHBOARD_FORBIDDEN',
    );
    expect((await call('/api/overview?tenant=*')).status).toBe(403);
    const many = await call('/api/cases/c-1', { token: TOKENS.max });
    expect(many.status).toBe(400);
    expect(((await many.json()) as { error: { code: string } }).error.code).toBe(
      'DASHBOARD_TENANT_REQUIRED',
    );
    expect((await call('/api/cases/c-1?tenant=*', { token: TOKENS.mo })).status).toBe(400);
    expect((await call('/api/overview?tenant=*', { token: TOKENS.mo })).status).toBe(200);
    const missing = await call('/api/cases/missing');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe(
      'DASHBOARD_NOT_FOUND',
    );
  });

  it('answers an internal error with 500 INTERNAL, no message or stack, and reports it', async () => {
    const response = await call('/api/cases/boom');
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'INTERNAL', message: 'internal error' } });
    expect(text).not.toMatch(/hunter2|\/srv\/db|at .*\.ts/);
    const last = reported.at(-1);
    expect(last?.context).toMatchObject({
      phase: 'operation',
      method: 'GET',
      route: '/api/cases/:id',
      principal: 'ana',
    });
    expect(String(last?.error)).toContain('hunter2');
  });

  it('answers 404 for unknown API routes and 405 for a wrong method', async () => {
    const unknown = await call('/api/nope');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe(
      'DASHBOARD_NOT_FOUND',
    );
    const wrong = await call('/api/overview', { method: 'POST', body: {} });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
    await wrong.body?.cancel();
  });

  it('serves the single-page dashboard without credentials', async () => {
    const root = await call('/', { token: null });
    expect(root.status).toBe(200);
    expect(root.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await root.text()).toContain('<head><base href="/"><title>');
    const script = await call('/assets/dashboard.js', { token: null });
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
    expect(await (await call('/assets/dashboard.css', { token: null })).text()).toBe('body{}');
    // client-side routes get the page; unknown files do not
    expect(await (await call('/cases/c-1', { token: null })).text()).toContain('spa');
    expect((await call('/assets/missing.js', { token: null })).status).toBe(404);
    expect((await call('/favicon.ico', { token: null })).status).toBe(404);
    const head = await call('/index.html', { method: 'HEAD', token: null });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await call('/', { method: 'DELETE', token: null })).status).toBe(405);
  });
});

describe('dashboard HTTP base path', () => {
  it('serves under the base path and passes other requests to next, or 404s', async () => {
    const passed: string[] = [];
    const handler = createDashboardHandler({
      operations: fake.operations,
      authenticate,
      assets: ASSETS,
      basePath: '/soc/',
    });
    const withNext = await listen((req, res) =>
      handler(req, res, () => {
        passed.push(req.url ?? '');
        res.end('next');
      }),
    );
    try {
      const page = await fetch(`${withNext.url}/soc/cases/c-1`);
      expect(await page.text()).toContain('<base href="/soc/">');
      expect((await fetch(`${withNext.url}/soc`)).status).toBe(200);
      const api = await fetch(`${withNext.url}/soc/api/overview?tenant=acme`, {
        headers: { authorization: `Bearer ${TOKENS.ana}` },
      });
      expect(await api.json()).toEqual({ op: 'overview' });
      expect(await (await fetch(`${withNext.url}/api/overview`)).text()).toBe('next');
      expect(await (await fetch(`${withNext.url}/socks`)).text()).toBe('next');
      expect(passed).toEqual(['/api/overview', '/socks']);
    } finally {
      await withNext.close();
    }
    const alone = await listen(handler);
    try {
      const outside = await fetch(`${alone.url}/elsewhere`);
      expect(outside.status).toBe(404);
      expect(outside.headers.get('x-content-type-options')).toBe('nosniff');
    } finally {
      await alone.close();
    }
  });

  it('refuses a base path that is not a path', () => {
    expect(() =>
      createDashboardHandler({ operations: fake.operations, authenticate, basePath: 'soc' }),
    ).toThrow(TypeError);
  });
});
