/**
 * Normalisation throughput of Suricata EVE `flow` records against a floor measured in the same
 * run:
 *
 *   pnpm --filter @openmdr/connector-suricata bench
 *   (or, in packages/connectors/suricata: tsx --conditions=@openmdr/source bench/normalize.bench.ts)
 *
 * Generates `SURICATA_BENCH_LINES` (default 100 000) varied EVE flow lines (TCP, UDP, IPv6, about
 * half without `community_id`, so the Community ID is computed for them), then, alternating over
 * `SURICATA_BENCH_ROUNDS` (default 5) rounds: `JSON.parse` of every line (the floor: what any
 * EVE reader must do), and `JSON.parse` + `normalizeSuricataEvent` (strictly validated OCSF).
 * Reports events/s (best and median) on one core, and the ratio to the floor. The goal is
 * ≥ 200 000 flow events/s per core.
 */
import { performance } from 'node:perf_hooks';
import { normalizeSuricataEvent } from '../src/index.js';

const LINES = Number(process.env['SURICATA_BENCH_LINES'] ?? 100_000);
const ROUNDS = Number(process.env['SURICATA_BENCH_ROUNDS'] ?? 5);
const GOAL = 200_000;

function flowLine(n: number): string {
  const v6 = n % 10 === 0;
  const udp = n % 3 === 0;
  const record: Record<string, unknown> = {
    timestamp: `2024-03-01T12:${String(n % 60).padStart(2, '0')}:${String((n * 7) % 60).padStart(2, '0')}.${String(n % 1_000_000).padStart(6, '0')}-0400`,
    flow_id: 1_180_000_000_000_000 + n,
    in_iface: 'eth0',
    event_type: 'flow',
    src_ip: v6 ? `2001:db8:10::${(n % 65_535).toString(16)}` : `192.0.2.${n % 254}`,
    src_port: 1_024 + (n % 60_000),
    dest_ip: v6 ? '2001:db8:ff::53' : `203.0.113.${(n * 7) % 254}`,
    dest_port: udp ? 53 : 443,
    proto: udp ? 'UDP' : 'TCP',
    app_proto: udp ? 'dns' : 'tls',
    flow: {
      pkts_toserver: 3 + (n % 50),
      pkts_toclient: 2 + (n % 70),
      bytes_toserver: 180 + n,
      bytes_toclient: 120 + n * 3,
      start: '2024-03-01T11:59:58.000000-0400',
      end: '2024-03-01T12:00:01.500000-0400',
      age: 3,
      state: 'closed',
      reason: 'timeout',
      alerted: false,
    },
    host: 'ids-01.example.com',
  };
  if (n % 2 === 0) record['community_id'] = '1:LQU9qZlK+B5F3KDmev6m5PMibrg=';
  if (!udp)
    record['tcp'] = {
      tcp_flags: '1b',
      tcp_flags_ts: '1b',
      tcp_flags_tc: '1b',
      syn: true,
      fin: true,
      psh: true,
      ack: true,
      state: 'closed',
    };
  return JSON.stringify(record);
}

const lines = Array.from({ length: LINES }, (_, n) => flowLine(n));
let sink = 0;

function measure(work: (line: string) => void): number {
  const start = performance.now();
  for (const line of lines) work(line);
  return LINES / ((performance.now() - start) / 1_000);
}

const floor: number[] = [];
const normalised: number[] = [];
// Warm-up: both paths once, so the JIT has seen them.
measure((line) => {
  sink += normalizeSuricataEvent(JSON.parse(line)).time as number;
});
for (let round = 0; round < ROUNDS; round += 1) {
  floor.push(
    measure((line) => {
      sink += (JSON.parse(line) as { flow_id: number }).flow_id;
    }),
  );
  normalised.push(
    measure((line) => {
      sink += normalizeSuricataEvent(JSON.parse(line)).time as number;
    }),
  );
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};
const k = (value: number): string => `${Math.round(value / 1_000).toLocaleString('en')}k`;
const line = (name: string, values: number[]) =>
  `${name.padEnd(34)} best ${k(Math.max(...values)).padStart(6)} events/s   median ${k(median(values)).padStart(6)} events/s`;

console.log(
  `Suricata flow normalisation, ${LINES.toLocaleString('en')} lines × ${ROUNDS} rounds, Node ${process.version}`,
);
console.log(line('JSON.parse (floor)', floor));
console.log(line('JSON.parse + normalizeSuricataEvent', normalised));
console.log(
  `normalisation at ${((median(normalised) / median(floor)) * 100).toFixed(1)}% of the floor; goal ${k(GOAL)} events/s: ${median(normalised) >= GOAL ? 'met' : 'not met'}`,
);
if (sink === 0) console.log('');
