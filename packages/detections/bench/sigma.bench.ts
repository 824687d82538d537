/**
 * Sigma engine benchmark: all active Windows rules of the SigmaHQ corpus over a realistic
 * Windows event mix (98% benign Sysmon/Security traffic, 2% `regression-dev` samples), in the
 * three routing modes (`indexed`, `logsource`, `none` = the naive interpreter), flat and winlog
 * inputs. Events are decoded from JSON lines, as they arrive from a log pipeline.
 *
 * Reports, per mode, events per CPU-second (process.cpuUsage: the per-core figure even when
 * other processes share the machine) and tinybench wall-clock figures; rule-load time (parse
 * and compile); candidate rules tested per event; RSS. Before timing, it checks that the three
 * modes give the same matches on every event of the mix, and exits non-zero if not.
 *
 * Run: `pnpm --filter @openmdr/detections bench` (needs `../shared`, or `OPENMDR_SHARED_DIR`),
 * or only this file: `npx tsx --conditions=@openmdr/source bench/sigma.bench.ts` in
 * `packages/detections`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import {
  compileSigmaRules,
  loadSigmaRules,
  type SigmaEngine,
  type SigmaRouting,
} from '../src/index.js';
import { ACTIVE_RULE_FOLDERS, HAS_SIGMA_CORPUS, SIGMA_DIR } from '../test/shared-dir.js';
import { benignEvent, seeded, toWinlog } from './windows-event-mix.js';

if (!HAS_SIGMA_CORPUS) {
  console.error(`SigmaHQ corpus not found under ${SIGMA_DIR}; set OPENMDR_SHARED_DIR`);
  process.exit(1);
}

const EVENT_COUNT = 20_000;
const MALICIOUS_SHARE = 0.02;
const MODES: readonly SigmaRouting[] = ['indexed', 'logsource', 'none'];
/** The slower modes are timed on a prefix of the same mix. */
const TIMED_EVENTS: Record<SigmaRouting, number> = {
  indexed: EVENT_COUNT,
  logsource: 4_000,
  none: 1_000,
};
/** CPU-time passes per mode; the median is reported. */
const CPU_PASSES = 5;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const rate = (events: number, ms: number) =>
  Math.round((events / ms) * 1000).toLocaleString('en-US');
const rssAtStart = process.memoryUsage().rss;

// Rules: every active Windows rule.
let started = performance.now();
const loaded = await loadSigmaRules(ACTIVE_RULE_FOLDERS);
const windowsRules = loaded.rules.filter((rule) => rule.logsource.product === 'windows');
const parseMs = performance.now() - started;
const engines = new Map<SigmaRouting, SigmaEngine>();
const compileMs = new Map<SigmaRouting, number>();
for (const routing of MODES) {
  started = performance.now();
  engines.set(routing, compileSigmaRules(windowsRules, { routing }));
  compileMs.set(routing, performance.now() - started);
}
const engineOf = (routing: SigmaRouting) => engines.get(routing) as SigmaEngine;
const indexed = engineOf('indexed');

// Events: regression-dev samples (malicious) mixed into generated benign traffic, as JSON
// lines decoded once (objects shaped as JSON.parse makes them).
const flatDir = join(SIGMA_DIR, 'regression-dev', 'events_flat');
const rawDir = join(SIGMA_DIR, 'regression-dev', 'events');
const maliciousFlat: string[] = [];
const maliciousRaw: string[] = [];
for (const file of readdirSync(flatDir).sort()) {
  maliciousFlat.push(...readFileSync(join(flatDir, file), 'utf8').trim().split('\n'));
  maliciousRaw.push(...readFileSync(join(rawDir, file), 'utf8').trim().split('\n'));
}
const random = seeded(42);
const flatLines: string[] = [];
const rawLines: string[] = [];
for (let index = 0; index < EVENT_COUNT; index++) {
  if (random() < MALICIOUS_SHARE) {
    const pickIndex = Math.floor(random() * maliciousFlat.length);
    flatLines.push(maliciousFlat[pickIndex] as string);
    rawLines.push(maliciousRaw[pickIndex] as string);
  } else {
    const event = benignEvent(random);
    flatLines.push(JSON.stringify(event));
    rawLines.push(JSON.stringify(toWinlog(event)));
  }
}
const flatEvents: unknown[] = flatLines.map((line) => JSON.parse(line));
const rawEvents: unknown[] = rawLines.map((line) => JSON.parse(line));

// The first pass builds each route's rule list and candidate index, on first use.
started = performance.now();
for (const event of flatEvents) indexed.match(event);
const firstPassMs = performance.now() - started;

// Same results in every mode, on every event (flat and winlog), before any timing.
const matchKey = (engine: SigmaEngine, event: unknown, input: string) =>
  engine
    .match(event, { input })
    .map((match) => match.ruleId ?? match.title)
    .join(',');
let matches = 0;
let mismatches = 0;
for (const [input, events] of [
  ['flat', flatEvents],
  ['winlog', rawEvents],
] as const) {
  events.forEach((event, index) => {
    const expected = matchKey(indexed, event, input);
    if (input === 'flat') matches += expected === '' ? 0 : expected.split(',').length;
    for (const routing of ['logsource', 'none'] as const) {
      const actual = matchKey(engineOf(routing), event, input);
      if (actual !== expected) {
        mismatches++;
        if (mismatches <= 5) {
          console.error(`${input} event ${index}: ${routing} [${actual}] ≠ indexed [${expected}]`);
        }
      }
    }
  });
}
if (mismatches > 0) {
  console.error(`${mismatches} events match differently across routing modes`);
  process.exit(1);
}
const before = indexed.stats();
for (const event of flatEvents) indexed.match(event);
const after = indexed.stats();
const candidatesPerEvent =
  (after.candidatesTested - before.candidatesTested) / (after.events - before.events);

// Wall clock (tinybench).
const bench = new Bench({ time: 2000, iterations: 3, warmupIterations: 1 });
for (const routing of MODES) {
  const engine = engineOf(routing);
  const slice = flatEvents.slice(0, TIMED_EVENTS[routing]);
  bench.add(`flat   ${routing.padEnd(9)} (${slice.length} events)`, () => {
    for (const event of slice) engine.match(event);
  });
}
bench.add(`winlog indexed   (${EVENT_COUNT} events)`, () => {
  for (const event of rawEvents) indexed.match(event, { input: 'winlog' });
});
await bench.run();

// CPU time: the median of several passes.
const cpuRate = (engine: SigmaEngine, events: readonly unknown[], input: string): string => {
  const samples: number[] = [];
  for (let pass = 0; pass < CPU_PASSES; pass++) {
    const start = process.cpuUsage();
    for (const event of events) engine.match(event, { input });
    const used = process.cpuUsage(start);
    samples.push((used.user + used.system) / 1000);
  }
  samples.sort((a, b) => a - b);
  return rate(events.length, samples[Math.floor(samples.length / 2)] as number);
};

console.log(
  `SigmaHQ active Windows rules: ${windowsRules.length} (compiled ${indexed.rules.length}, errors ${indexed.errors.length}, inert ${indexed.warnings.length})`,
);
console.log(
  `rule load: parse ${parseMs.toFixed(0)} ms (all ${loaded.rules.length} active rule documents), compile ${MODES.map((routing) => `${routing} ${(compileMs.get(routing) as number).toFixed(0)} ms`).join(', ')}`,
);
console.log(
  `first indexed pass over the mix (routes and candidate indexes built on first use): ${firstPassMs.toFixed(0)} ms`,
);
console.log(
  `event mix: ${EVENT_COUNT} events, ${(MALICIOUS_SHARE * 100).toFixed(0)}% regression-dev samples; ${matches} matches per pass; same matches in all modes (flat and winlog)`,
);
console.log(
  `candidate rules tested per event (indexed): ${candidatesPerEvent.toFixed(2)} of ${indexed.rules.length}`,
);
for (const task of bench.tasks) {
  const result = task.result as { latency?: { mean: number } } | undefined;
  const perPass = result?.latency?.mean;
  if (perPass === undefined) continue;
  const count = Number(/\((\d+) events\)/.exec(task.name)?.[1] ?? EVENT_COUNT);
  console.log(
    `${task.name}: ${rate(count, perPass)} events/s wall clock, ${((perPass / count) * 1000).toFixed(2)} µs/event`,
  );
}
for (const routing of MODES) {
  const slice = flatEvents.slice(0, TIMED_EVENTS[routing]);
  console.log(
    `flat   ${routing.padEnd(9)} ${cpuRate(engineOf(routing), slice, 'flat').padStart(9)} events per CPU-second (median of ${CPU_PASSES})`,
  );
}
console.log(
  `winlog indexed   ${cpuRate(indexed, rawEvents, 'winlog').padStart(9)} events per CPU-second (median of ${CPU_PASSES})`,
);
const memory = process.memoryUsage();
console.log(
  `memory: RSS ${mb(memory.rss)} (at start ${mb(rssAtStart)}), heap used ${mb(memory.heapUsed)}`,
);
