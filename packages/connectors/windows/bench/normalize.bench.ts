/**
 * Windows normaliser benchmark: Windows Event Log records (the `regression-dev` records —
 * Sysmon process, file, registry, image load, process access; Security; Task Scheduler —
 * cycled to 50,000) normalised to OCSF, with and without strict validation.
 *
 * Run: `pnpm --filter @openmdr/connectors bench:windows`
 * (needs `../shared`, or `OPENMDR_SHARED_DIR`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateOcsfEvent } from '@openmdr/core';
import { Bench } from 'tinybench';
import { normalizeWindowsEvent } from '../src/index.js';

const shared =
  process.env.OPENMDR_SHARED_DIR ??
  resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../shared');
const directory = join(shared, 'sigma', 'regression-dev', 'events');
if (!existsSync(directory)) {
  console.error(`regression-dev events not found under ${directory}; set OPENMDR_SHARED_DIR`);
  process.exit(1);
}

const samples: unknown[] = [];
for (const file of readdirSync(directory).sort()) {
  for (const line of readFileSync(join(directory, file), 'utf8').trim().split('\n')) {
    samples.push(JSON.parse(line));
  }
}
const EVENT_COUNT = 50_000;
const records = Array.from({ length: EVENT_COUNT }, (_, index) => samples[index % samples.length]);

const bench = new Bench({ time: 2000, warmupTime: 200, iterations: 3, warmupIterations: 1 });
let sink = 0;
bench
  .add('normalize', () => {
    for (const record of records)
      sink += (normalizeWindowsEvent(record).class_uid as number) > 0 ? 1 : 0;
  })
  .add('normalize + strict validation', () => {
    for (const record of records)
      sink += validateOcsfEvent(normalizeWindowsEvent(record), { mode: 'strict' }).ok ? 1 : 0;
  });
await bench.run();

const memory = process.memoryUsage();
const rows = bench.tasks.map((task) => {
  const result = task.result as { latency?: { mean: number }; mean?: number } | undefined;
  const meanMs = result?.latency?.mean ?? result?.mean ?? Number.NaN;
  return {
    task: task.name,
    'events/s': Math.round(EVENT_COUNT / (meanMs / 1000)).toLocaleString('en-US'),
    'ms per 50k': meanMs.toFixed(1),
  };
});
console.table(rows);
console.log(
  `records: ${samples.length} distinct, ${EVENT_COUNT} per run; RSS ${(memory.rss / 1048576).toFixed(0)} MB, heap used ${(memory.heapUsed / 1048576).toFixed(0)} MB; node ${process.version}; sink ${sink > 0}`,
);
