/**
 * Network analytics benchmark: a generated mix of OCSF events as the Zeek and Suricata
 * connectors produce them — 60 % Network Activity (conn/flow), 30 % DNS Activity, 10 % HTTP
 * Activity — from 2 000 internal hosts to 20 000 external addresses and 5 000 domains over two
 * hours, with a beacon, an iodine-style tunnel, a SYN scan and a DGA planted in it.
 *
 * Reports events per CPU-second (median of several passes; `process.cpuUsage`, so the per-core
 * figure even when other processes share the machine) for
 *
 * - the **floor**: a loop that only reads the fields the analytics read (`readNetworkEvent`
 *   and a sum over the view), the cost no analytic can go below;
 * - each analytic alone and all of them together, one event at a time (`step`) and in
 *   batches of 1 000 (`stepBatch`), with the multiple of the floor's cost;
 *
 * then the keys each state holds and its JSON size, and the findings. Before timing it checks
 * that every planted behaviour is found, and exits non-zero if not.
 *
 * Run: `pnpm --filter @openmdr/detections bench` (every benchmark), or only this file:
 * `npx tsx --conditions=@openmdr/source bench/network.bench.ts` in `packages/detections`
 * (`NETWORK_BENCH_EVENTS` sets the mix size, default 100 000; `NETWORK_BENCH_ONLY=beaconing`
 * times one analytic).
 */
import {
  createBeaconingAnalytic,
  createDgaAnalytic,
  createDnsTunnellingAnalytic,
  createNetworkAnalytics,
  createOutboundVolumeAnalytic,
  createRarityAnalytic,
  createScanAnalytic,
  type NetworkAnalytic,
  readNetworkEvent,
} from '../src/index.js';

const EVENTS = Number(process.env['NETWORK_BENCH_EVENTS'] ?? 100_000);
const BATCH = 1_000;
const PASSES = 3;
const T0 = Date.parse('2026-03-02T08:00:00Z');
const SPAN = 2 * 3_600_000;

// A deterministic generator (mulberry32).
let seed = 0x5eed;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let value = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
  return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
}
const int = (limit: number): number => Math.floor(random() * limit);
/** Skewed towards small indexes, as popularity is. */
const popular = (limit: number): number => Math.floor(random() ** 3 * limit);
const letters = (length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz'): string => {
  let out = '';
  for (let index = 0; index < length; index += 1) out += alphabet[int(alphabet.length)];
  return out;
};

const hosts = Array.from(
  { length: 2_000 },
  (_, index) => `10.${1 + (index >> 8)}.${index & 255}.${10 + (index % 200)}`,
);
const external = Array.from(
  { length: 20_000 },
  () => `${1 + int(222)}.${int(256)}.${int(256)}.${1 + int(254)}`,
);
const domains = Array.from(
  { length: 5_000 },
  () =>
    `${letters(4 + int(8), 'etaoinshrdlucmfwyp')}.${['com', 'net', 'org', 'io', 'co.uk'][int(5)]}`,
);
const agents = Array.from(
  { length: 10 },
  (_, index) =>
    `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/${120 + index}.0.0.0 Safari/537.36`,
);
const ja3s = Array.from({ length: 12 }, () => letters(32, '0123456789abcdef'));
let sequence = 0;
function metadata() {
  sequence += 1;
  return {
    version: '1.8.0',
    uid: `bench-${sequence}`,
    product: { name: 'Zeek', vendor_name: 'Zeek' },
    tenant_uid: 'acme',
  };
}

function conn(
  time: number,
  src: string,
  dst: string,
  port: number,
  extra: Record<string, unknown> = {},
) {
  const failed = extra['failed'] === true;
  return {
    class_uid: 4001,
    category_uid: 4,
    activity_id: 6,
    type_uid: 400106,
    severity_id: 1,
    time,
    metadata: metadata(),
    src_endpoint: { ip: src, port: 49_152 + int(16_000) },
    dst_endpoint: { ip: dst, port },
    connection_info: {
      protocol_name: 'tcp',
      direction_id: 0,
      flag_history: failed ? 'Sr' : 'ShADadFf',
    },
    traffic: {
      bytes_out: (extra['bytesOut'] as number | undefined) ?? 300 + int(40_000),
      bytes_in: failed ? 0 : 1_000 + int(2_000_000),
      packets_out: failed ? 1 : 10,
      packets_in: failed ? 1 : 12,
    },
    ...(extra['ja3'] === undefined
      ? {}
      : {
          tls: {
            version: 'TLSv1.3',
            sni: extra['sni'],
            ja3_hash: { algorithm_id: 1, value: extra['ja3'] },
          },
        }),
    unmapped: { conn_state: failed ? 'REJ' : 'SF' },
  };
}
function dns(time: number, src: string, name: string, rcode = 0, type = 'A') {
  return {
    class_uid: 4003,
    category_uid: 4,
    activity_id: 6,
    type_uid: 400306,
    severity_id: 1,
    time,
    metadata: metadata(),
    src_endpoint: { ip: src, port: 50_000 + int(10_000) },
    dst_endpoint: { ip: '10.0.0.53', port: 53 },
    connection_info: { protocol_name: 'udp', direction_id: 0 },
    query: { hostname: name, type, class: 'IN' },
    rcode_id: rcode,
  };
}
function http(time: number, src: string, dst: string, host: string, userAgent: string) {
  return {
    class_uid: 4002,
    category_uid: 4,
    activity_id: 3,
    type_uid: 400203,
    severity_id: 1,
    time,
    metadata: metadata(),
    src_endpoint: { ip: src, port: 51_000 },
    dst_endpoint: { ip: dst, port: 80, hostname: host },
    connection_info: { protocol_name: 'tcp', direction_id: 2 },
    http_request: { http_method: 'GET', user_agent: userAgent, url: { hostname: host, path: '/' } },
  };
}

// The mix, then the planted behaviours, in time order.
const events: Record<string, unknown>[] = [];
for (let index = 0; index < EVENTS; index += 1) {
  const time = T0 + Math.floor((index / EVENTS) * SPAN);
  const src = hosts[popular(hosts.length)] as string;
  const roll = random();
  if (roll < 0.6) {
    const domain = domains[popular(domains.length)] as string;
    events.push(
      conn(
        time,
        src,
        external[popular(external.length)] as string,
        [443, 443, 443, 80, 8443, 22][int(6)] as number,
        {
          ...(int(2) === 0 ? { ja3: ja3s[popular(ja3s.length)], sni: `www.${domain}` } : {}),
          failed: int(50) === 0,
        },
      ),
    );
  } else if (roll < 0.9) {
    const nx = int(100) === 0;
    events.push(
      dns(
        time,
        src,
        nx
          ? `${letters(6 + int(6))}.com`
          : `${['www', 'api', 'cdn', 'static'][int(4)]}.${domains[popular(domains.length)]}`,
        nx ? 3 : 0,
      ),
    );
  } else {
    const domain = domains[popular(domains.length)] as string;
    events.push(
      http(
        time,
        src,
        external[popular(external.length)] as string,
        `www.${domain}`,
        agents[popular(agents.length)] as string,
      ),
    );
  }
}
const implant = hosts[1_999] as string;
for (let beat = 0; beat < 100; beat += 1)
  events.push(
    conn(T0 + beat * 60_000 - int(6_000), implant, '203.0.113.66', 443, {
      bytesOut: 380 + int(10),
    }),
  );
for (let query = 0; query < 300; query += 1)
  events.push(
    dns(
      T0 + 30 * 60_000 + query * 500,
      implant,
      `${letters(56, 'abcdefghijklmnopqrstuvwxyz012345')}.t1.example.net`,
      0,
      'NULL',
    ),
  );
for (let port = 1; port <= 100; port += 1)
  events.push(conn(T0 + 45 * 60_000 + port * 20, implant, '10.1.9.5', port, { failed: true }));
for (let query = 0; query < 20; query += 1)
  events.push(
    dns(
      T0 + 50 * 60_000 + query * 3_000,
      implant,
      `${letters(10 + int(4), 'bcdfghjklmnpqrstvwxz')}.net`,
      3,
    ),
  );
events.sort((left, right) => (left['time'] as number) - (right['time'] as number));

// The analytics. Rarity and volume learn for a week by default: here they learn for 30 min / 1 h.
const factories: [string, () => NetworkAnalytic<unknown>][] = [
  ['beaconing', () => createBeaconingAnalytic() as NetworkAnalytic<unknown>],
  ['dns-tunnelling', () => createDnsTunnellingAnalytic() as NetworkAnalytic<unknown>],
  ['dga', () => createDgaAnalytic() as NetworkAnalytic<unknown>],
  ['scan', () => createScanAnalytic() as NetworkAnalytic<unknown>],
  [
    'rarity',
    () => createRarityAnalytic({ learningPeriodMs: 30 * 60_000 }) as NetworkAnalytic<unknown>,
  ],
  [
    'outbound-volume',
    () =>
      createOutboundVolumeAnalytic({
        bucketMs: 600_000,
        learningBuckets: 3,
      }) as NetworkAnalytic<unknown>,
  ],
  [
    'all six',
    () =>
      createNetworkAnalytics({
        rarity: { learningPeriodMs: 30 * 60_000 },
        outboundVolume: { bucketMs: 600_000, learningBuckets: 3 },
      }) as unknown as NetworkAnalytic<unknown>,
  ],
];

// Correctness first: every planted behaviour is found.
const combined = (factories.at(-1) as [string, () => NetworkAnalytic<unknown>])[1]();
const result = combined.stepBatch(combined.initialState(), events);
const found = new Map<string, number>();
for (const finding of result.findings) {
  const id = finding.finding_info.analytic?.uid ?? '?';
  found.set(id, (found.get(id) ?? 0) + 1);
}
const planted = ['network.beaconing', 'network.dns-tunnelling', 'network.scan', 'network.dga'];
const missing = planted.filter((id) => !found.has(id));
if (missing.length > 0) {
  console.error(`planted behaviour not found: ${missing.join(', ')}`);
  process.exit(1);
}

const cpuMs = (run: () => void): number => {
  const samples: number[] = [];
  for (let pass = 0; pass < PASSES; pass += 1) {
    const start = process.cpuUsage();
    run();
    const used = process.cpuUsage(start);
    samples.push((used.user + used.system) / 1000);
  }
  samples.sort((left, right) => left - right);
  return samples[Math.floor(samples.length / 2)] as number;
};
const rate = (ms: number): string =>
  Math.round((events.length / ms) * 1000)
    .toLocaleString('en-US')
    .padStart(10);

let sink = 0;
const floorMs = cpuMs(() => {
  for (const event of events) {
    const view = readNetworkEvent(event);
    if (view === undefined) continue;
    sink +=
      view.time +
      (view.srcIp?.length ?? 0) +
      (view.dstIp?.length ?? 0) +
      (view.dstPort ?? 0) +
      (view.dstHost?.length ?? 0) +
      (view.bytesOut ?? 0) +
      (view.queryName?.length ?? 0) +
      (view.userAgent?.length ?? 0) +
      (view.ja3?.length ?? 0) +
      (view.failed === true ? 1 : 0);
  }
});
console.log(
  `network analytics over ${events.length.toLocaleString('en-US')} events (60 % conn, 30 % DNS, 10 % HTTP; 2 000 hosts, 20 000 addresses, 5 000 domains, 2 h); node ${process.version}`,
);
console.log(`${'floor: read the fields'.padEnd(34)}${rate(floorMs)} events/CPU-s`);
const only = process.env['NETWORK_BENCH_ONLY'];
for (const [name, create] of factories) {
  if (only !== undefined && name !== only) continue;
  const analytic = create();
  let finalState: unknown;
  const stepMs = cpuMs(() => {
    let state = analytic.initialState();
    for (const event of events) state = analytic.step(state, event).state;
    finalState = state;
  });
  const batchMs = cpuMs(() => {
    let state = analytic.initialState();
    for (let start = 0; start < events.length; start += BATCH)
      state = analytic.stepBatch(state, events.slice(start, start + BATCH)).state;
  });
  const bytes = Buffer.byteLength(JSON.stringify(finalState));
  console.log(
    `${`${name}: step`.padEnd(34)}${rate(stepMs)} events/CPU-s (${(stepMs / floorMs).toFixed(1)} × floor)`,
  );
  console.log(
    `${`${name}: stepBatch(${BATCH})`.padEnd(34)}${rate(batchMs)} events/CPU-s (${(batchMs / floorMs).toFixed(1)} × floor); state ${analytic.size(finalState).toLocaleString('en-US')} keys, ${(bytes / 1024 / 1024).toFixed(1)} MB as JSON`,
  );
}
console.log(
  `findings per pass: ${[...found].map(([id, count]) => `${id} ${count}`).join(', ')} (${sink > 0 ? 'ok' : ''})`,
);
const memory = process.memoryUsage();
console.log(
  `memory: RSS ${(memory.rss / 1048576).toFixed(0)} MB, heap used ${(memory.heapUsed / 1048576).toFixed(0)} MB`,
);
