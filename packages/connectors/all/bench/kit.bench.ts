// Throughput of the connector kit against the vendor simulator on loopback:
//   pnpm --filter @openmdr/connectors bench
// Reports requests/s for one page request through raw undici and through the kit's client
// without and with the retry and rate-limiter layers (their overhead), and events/s for a full
// incremental read plus OCSF normalisation through the REST reference connector.
import { performance } from 'node:perf_hooks';
import {
  createHttpClient,
  createRateLimiter,
  RateLimiterRegistry,
  staticToken,
} from '@openmdr/connector-kit';
import { createTestSecretProvider, createVendorSimulator } from '@openmdr/connector-kit/simulator';
import { createRestConnector } from '@openmdr/connector-rest';
import { Bench } from 'tinybench';
import { Agent, request } from 'undici';

const TOKEN = 'bench-api-token-0123456789';
const RECORDS = 5_000;
const PAGE = 200;
const PARALLEL = 16;
const now = Date.now();
// a small fixed page, so the request benchmarks measure the client and not the simulator
const fixedPage = JSON.stringify({
  data: Array.from({ length: 10 }, (_, i) => ({
    id: `p-${i}`,
    updated_at: new Date(now).toISOString(),
    name: 'x',
  })),
  meta: { next: null },
});
const simulator = await createVendorSimulator({
  auth: { type: 'header', header: 'authorization', value: `Bearer ${TOKEN}` },
  datasets: [
    {
      path: '/api/alerts',
      cursor: 'next-token',
      idField: 'id',
      timeField: 'updated_at',
      pageSize: PAGE,
      records: Array.from({ length: RECORDS }, (_, i) => ({
        id: `alert-${i}`,
        updated_at: new Date(now - 3_000_000 + i * 500).toISOString(),
        name: `Suspicious activity ${i}`,
        severity: ['low', 'medium', 'high', 'critical'][i % 4],
        hostname: `host-${i % 50}`,
      })),
    },
  ],
  routes: [
    { method: 'GET', path: '/api/me', handle: () => ({ body: { ok: true } }) },
    { method: 'GET', path: '/api/page', handle: () => ({ body: fixedPage }) },
  ],
});
const dispatcher = new Agent({ keepAliveTimeout: 10_000, connections: 16 });
const auth = staticToken({ token: TOKEN });
const plain = createHttpClient({ baseUrl: simulator.url, dispatcher, auth, retry: false });
const withRetry = createHttpClient({ baseUrl: simulator.url, dispatcher, auth });
const limiter = createRateLimiter({
  tenant: 'bench',
  connector: 'bench',
  host: 'loopback',
  policy: { requests: 1_000_000, perMs: 1_000 },
});
const withRetryAndLimiter = createHttpClient({
  baseUrl: simulator.url,
  dispatcher,
  auth,
  rateLimiter: limiter,
});
const page = { path: '/api/page', query: { limit: 10 } };

const connector = createRestConnector({
  id: 'bench-rest',
  vendor: 'Bench',
  product: 'Alerts',
  category: 'edr',
  checkPath: '/api/me',
  stream: {
    name: 'alerts',
    path: '/api/alerts',
    cursor: { style: 'next-token' },
    idField: 'id',
    timeField: 'updated_at',
    pageSize: PAGE,
  },
  mapping: {
    class: 'detection_finding',
    title: 'name',
    hostname: 'hostname',
    severity: { field: 'severity', values: { low: 2, medium: 3, high: 4, critical: 5 } },
  },
  rateLimit: { requests: 1_000_000, perMs: 1_000 },
});
const registry = new RateLimiterRegistry();
const instance = await connector.connect({
  config: { baseUrl: simulator.url, auth: { type: 'static-token' } },
  secrets: createTestSecretProvider({ api_token: TOKEN }),
  dispatcher,
  rateLimiters: registry,
});
const unlimited = await connector.connect({
  config: { baseUrl: simulator.url, auth: { type: 'static-token' } },
  secrets: createTestSecretProvider({ api_token: TOKEN }),
  dispatcher,
  rateLimit: false,
});
async function fullRead(target: typeof instance): Promise<number> {
  let events = 0;
  for await (const batch of target.read('alerts')) {
    events += target.normalizeBatch('alerts', batch.records).events.length;
  }
  return events;
}

const bench = new Bench({ time: 3_000, warmup: true });
bench
  .add('raw undici request (baseline)', async () => {
    const response = await request(new URL(`${page.path}?limit=10`, simulator.url), {
      dispatcher,
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    await response.body.json();
  })
  .add('kit client, no retry, no limiter', async () => {
    await plain.request(page);
  })
  .add('kit client + retry', async () => {
    await withRetry.request(page);
  })
  .add('kit client + retry + limiter', async () => {
    await withRetryAndLimiter.request(page);
  })
  .add(`kit client, no layers, ${PARALLEL} in flight`, async () => {
    await Promise.all(Array.from({ length: PARALLEL }, () => plain.request(page)));
  })
  .add(`kit client + retry + limiter, ${PARALLEL} in flight`, async () => {
    await Promise.all(Array.from({ length: PARALLEL }, () => withRetryAndLimiter.request(page)));
  });
await bench.run();

const rows = bench.tasks.map((task) => {
  const result = task.result as
    | { throughput?: { mean: number }; latency?: { mean: number } }
    | undefined;
  const perOperation = task.name.includes('in flight') ? PARALLEL : 1;
  return {
    task: task.name,
    'requests/s': Math.round((result?.throughput?.mean ?? 0) * perOperation),
    'mean ms per operation': Number((result?.latency?.mean ?? 0).toFixed(3)),
  };
});
console.table(rows);
const overhead = (layered: number, base: number) =>
  `${(((base - layered) / base) * 100).toFixed(1)} % fewer requests/s`;
const [, bare, retried, limited, bareParallel, limitedParallel] = rows.map(
  (row) => row['requests/s'],
);
console.log(`retry layer (sequential): ${overhead(retried ?? 0, bare ?? 1)}`);
console.log(`retry + limiter layers (sequential): ${overhead(limited ?? 0, bare ?? 1)}`);
console.log(
  `retry + limiter layers (${PARALLEL} in flight): ${overhead(limitedParallel ?? 0, bareParallel ?? 1)}`,
);

// full incremental read + normalisation: events per second, with and without the limiter
const runs = 5;
for (const [label, target] of [
  ['with retry + limiter', instance],
  ['with retry, no limiter', unlimited],
] as const) {
  let events = 0;
  const started = performance.now();
  for (let run = 0; run < runs; run += 1) events += await fullRead(target);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `REST connector full read + OCSF normalisation (${label}): ${RECORDS} records × ${runs} runs, ${Math.round(events / seconds)} events/s, ${Math.round(((RECORDS / PAGE + 1) * runs) / seconds)} page requests/s`,
  );
}
const memory = process.memoryUsage();
console.log(
  `memory: rss ${Math.round(memory.rss / 1048576)} MiB, heap used ${Math.round(memory.heapUsed / 1048576)} MiB`,
);

await instance.close();
await unlimited.close();
await registry.close();
await limiter.close();
await dispatcher.close();
await simulator.close();
