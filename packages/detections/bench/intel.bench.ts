/**
 * Threat-intel benchmark: loads 1 000 000 indicators (IPv4/IPv6 addresses and CIDR blocks,
 * domains, URLs, MD5/SHA-1/SHA-256 hashes) into an IntelIndex, reporting load time and memory,
 * then matches OCSF events against it (events/s on one core), with `observables[]` present and
 * derived by `deriveObservables`.
 *
 *   pnpm --filter @openmdr/detections bench            (every benchmark)
 *   tsx --conditions=@openmdr/source --expose-gc bench/intel.bench.ts
 */

import { deriveObservables } from '@openmdr/core';
import { Bench } from 'tinybench';
import { IntelIndex, patternForValue, type ThreatIndicator } from '../src/index.js';

const INDICATORS = Number(process.env['INTEL_BENCH_INDICATORS'] ?? 1_000_000);
const EVENTS = 10_000;
const HIT_SHARE = 0.05;
const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

// A deterministic generator (mulberry32).
let seed = 0x5eed;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let value = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
  return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
}
const int = (limit: number): number => Math.floor(random() * limit);
const hex = (length: number): string => {
  let out = '';
  while (out.length < length) out += int(0x100000000).toString(16).padStart(8, '0');
  return out.slice(0, length);
};
const word = (): string => {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let out = '';
  const length = 5 + int(8);
  for (let index = 0; index < length; index += 1) out += letters[int(26)];
  return out;
};
const TLDS = ['com', 'net', 'org', 'io', 'ru', 'cn', 'info', 'xyz', 'top', 'biz'];
const ipv4 = (): string => `${1 + int(222)}.${int(256)}.${int(256)}.${int(256)}`;

const mix: [
  kind: 'ip' | 'cidr' | 'ipv6' | 'domain' | 'url' | 'md5' | 'sha1' | 'sha256',
  share: number,
][] = [
  ['ip', 0.3],
  ['cidr', 0.05],
  ['ipv6', 0.05],
  ['domain', 0.25],
  ['url', 0.1],
  ['md5', 0.05],
  ['sha1', 0.05],
  ['sha256', 0.15],
];
const samples: Record<string, string[]> = {
  ip: [],
  cidr: [],
  ipv6: [],
  domain: [],
  url: [],
  md5: [],
  sha1: [],
  sha256: [],
};

function value(kind: string): string {
  switch (kind) {
    case 'ip':
      return ipv4();
    case 'cidr':
      return `${1 + int(222)}.${int(256)}.${int(256)}.0/${16 + int(9)}`;
    case 'ipv6':
      return `2001:db8:${hex(4)}:${hex(4)}::${int(2) === 0 ? `${hex(4)}` : '/64'}`.replace(
        '::/64',
        '::/64',
      );
    case 'domain':
      return `${word()}.${word()}.${TLDS[int(TLDS.length)]}`;
    case 'url':
      return `http://${word()}.${TLDS[int(TLDS.length)]}/${word()}/${word()}.php?id=${int(100000)}`;
    default:
      return hex(kind === 'md5' ? 32 : kind === 'sha1' ? 40 : 64);
  }
}

gc?.();
const before = process.memoryUsage();
const indicators: ThreatIndicator[] = [];
for (const [kind, share] of mix) {
  const count = Math.round(INDICATORS * share);
  const patternKind = kind === 'cidr' || kind === 'ipv6' ? 'ip' : kind;
  for (let index = 0; index < count; index += 1) {
    const text = value(kind);
    const pattern = patternForValue(patternKind as 'ip', text);
    if (pattern === undefined) continue;
    if (index % 97 === 0) (samples[kind] as string[]).push(text);
    indicators.push({
      id: `bench:${kind}:${index}`,
      pattern,
      confidence: 50 + int(50),
      tlp: 'AMBER',
    });
  }
}
gc?.();
const afterGenerate = process.memoryUsage();
const index = new IntelIndex();
const started = performance.now();
const loadCpuStart = process.cpuUsage();
const applied = index.apply(indicators);
const loadMs = performance.now() - started;
const loadCpu = process.cpuUsage(loadCpuStart);
const loadCpuMs = (loadCpu.user + loadCpu.system) / 1000;
indicators.length = 0;
gc?.();
const afterLoad = process.memoryUsage();

// Events: network, DNS, HTTP and file events; HIT_SHARE of them carry an indicator value.
function hitOr(kind: string, miss: () => string): string {
  if (random() >= HIT_SHARE) return miss();
  const list = samples[kind] as string[];
  const chosen = list[int(list.length)] as string;
  if (kind === 'cidr') return chosen.replace(/\.0\/\d+$/, `.${1 + int(200)}`);
  if (kind === 'ipv6') return chosen.replace(/::.*$/, '::1');
  return chosen;
}
const base = {
  severity_id: 1,
  metadata: { version: '1.8.0', product: { name: 'bench', vendor_name: 'OpenMDR' } },
  device: { hostname: 'ws-01', type_id: 2 },
};
const events: Record<string, unknown>[] = [];
for (let index = 0; index < EVENTS; index += 1) {
  const time = 1_767_225_600_000 + index;
  switch (index % 4) {
    case 0:
      events.push({
        ...base,
        class_uid: 4001,
        activity_id: 6,
        time,
        src_endpoint: { ip: `10.${int(256)}.${int(256)}.${int(256)}` },
        dst_endpoint: { ip: hitOr(['ip', 'cidr', 'ipv6'][int(3)] as string, ipv4), port: 443 },
      });
      break;
    case 1:
      events.push({
        ...base,
        class_uid: 4003,
        activity_id: 1,
        time,
        query: { hostname: hitOr('domain', () => `${word()}.${word()}.com`) },
      });
      break;
    case 2:
      events.push({
        ...base,
        class_uid: 4002,
        activity_id: 1,
        time,
        http_request: {
          url: { url_string: hitOr('url', () => `https://${word()}.com/${word()}`) },
        },
      });
      break;
    default:
      events.push({
        ...base,
        class_uid: 1001,
        activity_id: 1,
        time,
        file: {
          name: 'x.exe',
          type_id: 1,
          hashes: [
            { algorithm_id: 3, value: hitOr('sha256', () => hex(64)) },
            { algorithm_id: 1, value: hitOr('md5', () => hex(32)) },
          ],
        },
      });
  }
}
const withObservables = events.map((event) => ({
  ...event,
  observables: deriveObservables(event),
}));

let hits = 0;
for (const event of withObservables) hits += index.match(event).length > 0 ? 1 : 0;

const bench = new Bench({ time: 2000, iterations: 3, warmupIterations: 1 });
bench.add(`match, observables present (${EVENTS} events)`, () => {
  for (const event of withObservables) index.match(event);
});
bench.add(`match, observables derived (${EVENTS} events)`, () => {
  for (const event of events) index.match(event);
});
await bench.run();

const stats = index.stats();
console.log(
  `indicators: ${applied.added.toLocaleString('en-US')} loaded, ${applied.rejected.length} rejected (${JSON.stringify(stats)})`,
);
console.log(
  `load: ${(loadMs / 1000).toFixed(2)} s wall, ${(loadCpuMs / 1000).toFixed(2)} s CPU (${Math.round(applied.added / (loadCpuMs / 1000)).toLocaleString('en-US')} indicators per CPU-second; STIX patterns parsed and compiled)`,
);
console.log(
  `memory: indicator records ${mb(afterGenerate.heapUsed - before.heapUsed)} heap; index with records ${mb(afterLoad.heapUsed - before.heapUsed)} heap, RSS ${mb(afterLoad.rss)} (at start ${mb(before.rss)})${gc === undefined ? ' (no --expose-gc: figures include garbage)' : ''}`,
);
console.log(
  `events: ${EVENTS} (${hits} with at least one match, ${(HIT_SHARE * 100).toFixed(0)}% seeded)`,
);
for (const task of bench.tasks) {
  const perPass = (task.result as { latency?: { mean: number } } | undefined)?.latency?.mean;
  if (perPass === undefined) continue;
  console.log(
    `${task.name}: ${Math.round((EVENTS / perPass) * 1000).toLocaleString('en-US')} events/s (1 core), ${((perPass / EVENTS) * 1000).toFixed(2)} µs/event`,
  );
}
// CPU time is what one core spends, whatever else runs on the machine.
for (const [name, list] of [
  ['observables present', withObservables],
  ['observables derived', events],
] as const) {
  const cpuStart = process.cpuUsage();
  for (let pass = 0; pass < 3; pass += 1) for (const event of list) index.match(event);
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  console.log(
    `match, ${name}: ${Math.round((3 * EVENTS) / cpuSeconds).toLocaleString('en-US')} events per CPU-second`,
  );
}
