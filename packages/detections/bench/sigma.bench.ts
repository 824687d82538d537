/**
 * Sigma engine benchmark: all active Windows rules of the SigmaHQ corpus over a realistic
 * Windows event mix (98% benign), in the three routing modes, flat and winlog inputs.
 *
 * Run: `pnpm --filter @openmdr/detections bench` (needs `../shared`, or `OPENMDR_SHARED_DIR`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { compileSigmaRules, loadSigmaRules, type SigmaRouting } from '../src/index.js';
import { ACTIVE_RULE_FOLDERS, HAS_SIGMA_CORPUS, SIGMA_DIR } from '../test/shared-dir.js';
import { benignEvent, seeded, toWinlog } from './windows-event-mix.js';

if (!HAS_SIGMA_CORPUS) {
  console.error(`SigmaHQ corpus not found under ${SIGMA_DIR}; set OPENMDR_SHARED_DIR`);
  process.exit(1);
}

const EVENT_COUNT = 20_000;
const MALICIOUS_SHARE = 0.02;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const rssBefore = process.memoryUsage().rss;

// Rules: every active Windows rule.
let started = performance.now();
const loaded = await loadSigmaRules(ACTIVE_RULE_FOLDERS);
const windowsRules = loaded.rules.filter((rule) => rule.logsource.product === 'windows');
const parseMs = performance.now() - started;
started = performance.now();
const engines = new Map<SigmaRouting, ReturnType<typeof compileSigmaRules>>();
for (const routing of ['indexed', 'logsource', 'none'] as const) {
  engines.set(routing, compileSigmaRules(windowsRules, { routing }));
}
const indexed = engines.get('indexed') as ReturnType<typeof compileSigmaRules>;
const compileMs = (performance.now() - started) / 3;

// Events: regression-dev samples (malicious) mixed into generated benign traffic.
const flatDir = join(SIGMA_DIR, 'regression-dev', 'events_flat');
const rawDir = join(SIGMA_DIR, 'regression-dev', 'events');
const maliciousFlat: unknown[] = [];
const maliciousRaw: unknown[] = [];
for (const file of readdirSync(flatDir).sort()) {
  for (const line of readFileSync(join(flatDir, file), 'utf8').trim().split('\n'))
    maliciousFlat.push(JSON.parse(line));
  for (const line of readFileSync(join(rawDir, file), 'utf8').trim().split('\n'))
    maliciousRaw.push(JSON.parse(line));
}
const random = seeded(42);
const flatEvents: unknown[] = [];
const rawEvents: unknown[] = [];
for (let index = 0; index < EVENT_COUNT; index++) {
  if (random() < MALICIOUS_SHARE) {
    const pickIndex = Math.floor(random() * maliciousFlat.length);
    flatEvents.push(maliciousFlat[pickIndex]);
    rawEvents.push(maliciousRaw[pickIndex]);
  } else {
    const event = benignEvent(random);
    flatEvents.push(event);
    rawEvents.push(toWinlog(event));
  }
}

// Warm up and count matches / candidates.
let matches = 0;
for (const event of flatEvents) matches += indexed.match(event).length;
const { events, candidatesTested } = indexed.stats();

// The naive modes are much slower: they run on a prefix of the same mix.
const SUBSET = { indexed: EVENT_COUNT, logsource: 2_000, none: 500 } as const;
const bench = new Bench({ time: 2000, iterations: 3, warmupIterations: 1 });
for (const routing of ['indexed', 'logsource', 'none'] as const) {
  const engine = engines.get(routing) as ReturnType<typeof compileSigmaRules>;
  const slice = flatEvents.slice(0, SUBSET[routing]);
  bench.add(`flat   ${routing.padEnd(9)} (${slice.length} events)`, () => {
    for (const event of slice) engine.match(event);
  });
}
bench.add(`winlog indexed   (${EVENT_COUNT} events)`, () => {
  for (const event of rawEvents) indexed.match(event, { input: 'winlog' });
});
await bench.run();

console.log(
  `SigmaHQ active Windows rules: ${windowsRules.length} (compiled ${indexed.rules.length}, errors ${indexed.errors.length})`,
);
console.log(
  `rule load: parse ${parseMs.toFixed(0)} ms (all ${loaded.rules.length} active rules), compile ${compileMs.toFixed(0)} ms`,
);
console.log(
  `event mix: ${EVENT_COUNT} events, ${(MALICIOUS_SHARE * 100).toFixed(0)}% regression-dev samples; ${matches} matches per pass`,
);
console.log(
  `candidate rules tested per event (indexed): ${(candidatesTested / events).toFixed(1)} of ${indexed.rules.length}`,
);
for (const task of bench.tasks) {
  const result = task.result as { latency?: { mean: number } } | undefined;
  const perPass = result?.latency?.mean;
  if (perPass === undefined) continue;
  const count = Number(/\((\d+) events\)/.exec(task.name)?.[1] ?? EVENT_COUNT);
  console.log(
    `${task.name}: ${Math.round((count / perPass) * 1000).toLocaleString('en-US')} events/s (1 core), ${((perPass / count) * 1000).toFixed(2)} µs/event`,
  );
}
// CPU time per event (process.cpuUsage): the per-core figure even when other processes share
// the machine's cores.
for (const routing of ['indexed', 'logsource', 'none'] as const) {
  const engine = engines.get(routing) as ReturnType<typeof compileSigmaRules>;
  const slice = flatEvents.slice(0, SUBSET[routing]);
  const before = process.cpuUsage();
  for (const event of slice) engine.match(event);
  const used = process.cpuUsage(before);
  const cpuMs = (used.user + used.system) / 1000;
  console.log(
    `flat   ${routing.padEnd(9)} CPU time: ${Math.round((slice.length / cpuMs) * 1000).toLocaleString('en-US')} events per CPU-second`,
  );
}
{
  const before = process.cpuUsage();
  for (const event of rawEvents) indexed.match(event, { input: 'winlog' });
  const used = process.cpuUsage(before);
  const cpuMs = (used.user + used.system) / 1000;
  console.log(
    `winlog indexed    CPU time: ${Math.round((rawEvents.length / cpuMs) * 1000).toLocaleString('en-US')} events per CPU-second`,
  );
}
const memory = process.memoryUsage();
console.log(
  `memory: RSS ${mb(memory.rss)} (at start ${mb(rssBefore)}), heap used ${mb(memory.heapUsed)}`,
);
