/**
 * Request latency of the dashboard's HTTP handler, sequential requests over one keep-alive
 * connection on loopback (one client, one server, one process):
 *
 * 1. the handler's own cost: `GET /api/overview` through `createDashboardHandler` with operations
 *    that answer at once, against a floor measured in the same run: a bare `http.createServer`
 *    answering the same JSON with the same headers;
 * 2. the API over the real operations (`createSocOperations`, memory store) with
 *    `DASHBOARD_BENCH_CASES` cases (default 10 000) in one tenant: p50 / p99 per route.
 *
 * Run: `pnpm --filter @openmdr/dashboard bench` (or `pnpm bench` in packages/dashboard);
 * `DASHBOARD_BENCH_REQUESTS` (default 3000) requests for part 1, `DASHBOARD_BENCH_ROUTE_REQUESTS`
 * (default 30) per route for part 2.
 */
import { once } from 'node:events';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CaseService } from '@openmdr/response';
import { createTokenAuthenticator } from '../src/access/token-authenticator.js';
import { createDashboardHandler } from '../src/http/handler.js';
import { SECURITY_HEADERS } from '../src/http/responses.js';
import { authenticate, fakeOperations, TOKENS } from '../test/http-fixtures.js';
import { finding, principals, socFixture } from '../test/soc-fixture.js';

const REQUESTS = Number(process.env['DASHBOARD_BENCH_REQUESTS'] ?? 3000);
const CASES = Number(process.env['DASHBOARD_BENCH_CASES'] ?? 10_000);

interface Figures {
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
}

const ms = (value: number) => Math.round(value * 1000) / 1000;

/** Latencies (ms) of `count` sequential GETs of `path`, after a warm-up of a tenth as many. */
async function measure(
  listener: RequestListener,
  path: string,
  token: string,
  count: number,
): Promise<Figures> {
  const server = createServer(listener);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  const headers = { authorization: `Bearer ${token}` };
  const once_ = async (): Promise<number> => {
    const started = performance.now();
    const response = await fetch(url, { headers });
    if (response.status !== 200)
      throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
    return performance.now() - started;
  };
  try {
    for (let index = 0; index < Math.ceil(count / 10); index += 1) await once_();
    const samples: number[] = [];
    for (let index = 0; index < count; index += 1) samples.push(await once_());
    samples.sort((a, b) => a - b);
    const at = (q: number) =>
      samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] as number;
    return {
      p50: at(0.5),
      p99: at(0.99),
      mean: samples.reduce((a, b) => a + b, 0) / samples.length,
    };
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

// 1. the handler against the floor
const fake = fakeOperations();
const handler = createDashboardHandler({ operations: fake.operations, authenticate });
const body = JSON.stringify({ op: 'overview' });
const floor: RequestListener = (_req, res) => {
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
  });
  res.end(body);
};
const floorFigures = await measure(floor, '/api/overview', TOKENS.ana, REQUESTS);
const handlerFigures = await measure(handler, '/api/overview?tenant=acme', TOKENS.ana, REQUESTS);
console.table({
  'bare http (floor)': {
    p50: ms(floorFigures.p50),
    p99: ms(floorFigures.p99),
    mean: ms(floorFigures.mean),
  },
  createDashboardHandler: {
    p50: ms(handlerFigures.p50),
    p99: ms(handlerFigures.p99),
    mean: ms(handlerFigures.mean),
  },
});
console.log(
  `handler overhead over the floor: p50 +${ms(handlerFigures.p50 - floorFigures.p50)} ms, mean +${ms(handlerFigures.mean - floorFigures.mean)} ms (${REQUESTS} requests each)`,
);

// 2. the API over the real operations with CASES cases
const fixture = await socFixture();
const cases = new CaseService({ store: fixture.store, clock: fixture.clock }).forTenant('acme');
const severities = ['low', 'medium', 'high', 'critical'] as const;
const seeding = performance.now();
for (let index = 0; index < CASES; index += 1)
  await cases.create({
    title: `Case ${index}`,
    severity: severities[index % severities.length] ?? 'low',
  });
fixture.bus.emit('finding.created', { tenant: 'acme', id: 'f-0', finding: finding('f-0') });
await fixture.recorder.flush();
console.log(`\nseeded ${CASES} cases in ${Math.round(performance.now() - seeding)} ms`);
const token = 'bench-analyst-token-0001';
const real = createDashboardHandler({
  operations: fixture.soc,
  authenticate: createTokenAuthenticator({
    tokens: [{ token, principal: principals.acmeAnalyst }],
  }),
});
const routes = [
  '/api/overview',
  '/api/cases?limit=50',
  '/api/cases?severity=high&q=case%2012',
  '/api/sla',
  '/api/metrics/trends?days=30',
];
const perRoute: Record<string, { p50: number; p99: number; mean: number }> = {};
const realRequests = Number(process.env['DASHBOARD_BENCH_ROUTE_REQUESTS'] ?? 30);
for (const route of routes) {
  const figures = await measure(real, route, token, realRequests);
  perRoute[route] = { p50: ms(figures.p50), p99: ms(figures.p99), mean: ms(figures.mean) };
}
console.log(`real operations, ${CASES} cases, ${realRequests} requests per route (ms):`);
console.table(perRoute);
