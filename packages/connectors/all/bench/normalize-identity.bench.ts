/**
 * Identity normaliser benchmark: the Okta System Log and Microsoft Entra (sign-ins, directory
 * audits, risky users, risk detections) fixture records normalised to strictly validated OCSF
 * 1.8.0 events (the builders validate every event), per connector and per stream, with the
 * memory of a sustained run.
 *
 * Run: `pnpm --filter @openmdr/connectors bench:identity`
 */
import { readFileSync } from 'node:fs';
import {
  normalizeEntraDirectoryAudit,
  normalizeEntraRiskDetection,
  normalizeEntraRiskyUser,
  normalizeEntraSignIn,
} from '@openmdr/connector-entra';
import type { NormalizedEvent } from '@openmdr/connector-kit';
import { normalizeOktaLogEvent } from '@openmdr/connector-okta';
import { Bench } from 'tinybench';

const load = (path: string): unknown[] =>
  JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')) as unknown[];

const streams: Array<{
  name: string;
  records: unknown[];
  normalize: (raw: unknown) => NormalizedEvent;
}> = [
  {
    name: 'okta/logs',
    records: load('okta/src/__fixtures__/logs.json'),
    normalize: normalizeOktaLogEvent,
  },
  {
    name: 'entra/signins',
    records: load('entra/src/__fixtures__/sign-ins.json'),
    normalize: normalizeEntraSignIn,
  },
  {
    name: 'entra/audits',
    records: load('entra/src/__fixtures__/directory-audits.json'),
    normalize: normalizeEntraDirectoryAudit,
  },
  {
    name: 'entra/risky-users',
    records: load('entra/src/__fixtures__/risky-users.json'),
    normalize: normalizeEntraRiskyUser,
  },
  {
    name: 'entra/risk-detections',
    records: load('entra/src/__fixtures__/risk-detections.json'),
    normalize: normalizeEntraRiskDetection,
  },
];

/** Records normalised per measured iteration (the fixtures cycled), so timer overhead is small. */
const BATCH = 200;
const bench = new Bench({ time: 1500, warmup: true });
for (const { name, records, normalize } of streams) {
  bench.add(name, () => {
    for (let index = 0; index < BATCH; index++) normalize(records[index % records.length]);
  });
}
const entra = streams.filter((stream) => stream.name.startsWith('entra/'));
const entraMix = entra.flatMap((stream) =>
  stream.records.map((record) => ({ record, normalize: stream.normalize })),
);
bench.add('entra (all streams, mixed)', () => {
  for (let index = 0; index < BATCH; index++) {
    const item = entraMix[index % entraMix.length];
    item?.normalize(item.record);
  }
});

await bench.run();
console.table(
  bench.tasks.map((task) => {
    const result = task.result;
    const statistics = 'throughput' in result ? result : undefined;
    return {
      stream: task.name,
      'events/s': statistics ? Math.round((BATCH * 1000) / statistics.period) : 0,
      'mean µs/event': statistics ? Math.round((statistics.period * 1000 * 100) / BATCH) / 100 : 0,
      'rme %': statistics ? Math.round(statistics.latency.rme * 100) / 100 : 0,
    };
  }),
);

// Sustained run: 50,000 records per connector, CPU-time throughput and peak memory.
const sustained = [
  {
    name: 'okta',
    items:
      streams[0]?.records.map((record) => ({ record, normalize: normalizeOktaLogEvent })) ?? [],
  },
  { name: 'entra', items: entraMix },
];
const rows = [];
for (const { name, items } of sustained) {
  global.gc?.();
  const count = 50_000;
  let peakRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  for (let index = 0; index < count; index++) {
    const item = items[index % items.length];
    item?.normalize(item.record);
    if (index % 5_000 === 0) {
      const usage = process.memoryUsage();
      peakRss = Math.max(peakRss, usage.rss);
      peakHeap = Math.max(peakHeap, usage.heapUsed);
    }
  }
  const cpu = process.cpuUsage(cpuStart);
  const wall = performance.now() - wallStart;
  rows.push({
    connector: name,
    events: count,
    'events/s (wall)': Math.round(count / (wall / 1000)),
    'events/s per CPU-second': Math.round(count / ((cpu.user + cpu.system) / 1e6)),
    'peak RSS MB': Math.round(peakRss / 1024 / 1024),
    'peak heap MB': Math.round(peakHeap / 1024 / 1024),
  });
}
console.table(rows);
