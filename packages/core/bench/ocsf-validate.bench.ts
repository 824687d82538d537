/**
 * OCSF validation throughput and memory, strict and lenient, for realistic Process Activity,
 * Authentication and Detection Finding events, and lenient validation of the third-party corpus
 * (test/fixtures/third-party-ocsf: events other producers wrote, most needing repairs) — one
 * thread = one core.
 *
 * Run: `pnpm --filter @openmdr/core bench` (or `pnpm bench` in packages/core).
 * Before / after a change: `OCSF_BENCH_SAVE=/tmp/before.json pnpm bench ocsf-validate` on the
 * old code, then `OCSF_BENCH_BASELINE=/tmp/before.json pnpm bench ocsf-validate` on the new code
 * adds `vs baseline` columns to the CPU table: CPU-time throughput new / old, raw and divided by
 * the strict rows' ratio (the control when only lenient validation changed).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { createOcsfBuilders } from '../src/ocsf/builders.js';
import {
  authenticationEvent,
  detectionFindingEvent,
  processActivityEvent,
} from '../src/ocsf/testing/realistic-events.js';
import { validateOcsfEvent } from '../src/ocsf/validate.js';

const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** Events as the builders emit them (captions filled): the input the pipeline validates. */
const built = {
  'Process Activity': validateOcsfEvent(processActivityEvent).event,
  Authentication: validateOcsfEvent(authenticationEvent).event,
  'Detection Finding': validateOcsfEvent(detectionFindingEvent).event,
};
/** The same events as a normaliser might hand them over, with some captions missing. */
const raw = {
  'Process Activity': processActivityEvent,
  Authentication: authenticationEvent,
  'Detection Finding': detectionFindingEvent,
};

for (const [name, event] of Object.entries(built)) {
  const result = validateOcsfEvent(event);
  if (!result.ok) throw new Error(`${name} is not valid: ${JSON.stringify(result.errors)}`);
}

/** Events other producers wrote (see test/fixtures/third-party-ocsf/SOURCES.md). */
const corpusDirectory = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'test',
  'fixtures',
  'third-party-ocsf',
);
const corpus: unknown[] = readdirSync(corpusDirectory)
  .filter((file) => file.endsWith('.jsonl'))
  .flatMap((file) =>
    readFileSync(join(corpusDirectory, file), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as unknown),
  );
const corpusAccepted = corpus.filter(
  (event) => validateOcsfEvent(event, { mode: 'lenient' }).ok,
).length;
console.log(
  `third-party corpus: ${corpus.length} events, ${corpusAccepted} accepted in lenient mode`,
);

/** Validations per measured iteration, so that timer overhead does not dominate. */
const BATCH = 100;
const bench = new Bench({ time: 1500, warmup: true });
for (const [name, event] of Object.entries(built)) {
  bench.add(`strict  ${name}`, () => {
    for (let index = 0; index < BATCH; index++) validateOcsfEvent(event);
  });
  bench.add(`lenient ${name}`, () => {
    for (let index = 0; index < BATCH; index++) validateOcsfEvent(event, { mode: 'lenient' });
  });
}
for (const [name, event] of Object.entries(raw)) {
  bench.add(`strict  ${name} (captions to fill)`, () => {
    for (let index = 0; index < BATCH; index++) validateOcsfEvent(event);
  });
}
let corpusIndex = 0;
bench.add('lenient third-party corpus (repairs)', () => {
  for (let index = 0; index < BATCH; index++)
    validateOcsfEvent(corpus[corpusIndex++ % corpus.length], { mode: 'lenient' });
});

// Builders: what a connector's normaliser pays per event (ids, names, captions, validation).
const build = createOcsfBuilders({ clock: { now: () => 1767225600000 } });
const { class_uid, category_uid, type_uid, class_name, category_name, type_name, ...processInput } =
  processActivityEvent;
bench.add('build   Process Activity (ocsf.processActivity)', () => {
  for (let index = 0; index < BATCH; index++) build.processActivity(processInput as never);
});

const before = process.memoryUsage();
await bench.run();

const rows = bench.tasks.map((task) => {
  const result = task.result;
  const statistics = 'throughput' in result ? result : undefined;
  return {
    task: task.name,
    'events/s': statistics ? Math.round((BATCH * 1000) / statistics.period) : 0,
    'mean µs/event': statistics ? Math.round((statistics.period * 1000 * 100) / BATCH) / 100 : 0,
    'rme %': statistics ? Math.round(statistics.latency.rme * 100) / 100 : 0,
  };
});
console.table(rows);

// CPU-time throughput: events per second of CPU time used by this thread (what one core
// does, even when the machine is shared), for each event and mode; the median of the rounds.
const cpuTasks: Array<[string, 'strict' | 'lenient', readonly unknown[]]> = [];
for (const [name, event] of Object.entries(built)) {
  cpuTasks.push([`strict ${name}`, 'strict', [event]]);
  cpuTasks.push([`lenient ${name}`, 'lenient', [event]]);
}
for (const [name, event] of Object.entries(raw))
  cpuTasks.push([`lenient ${name} (captions to fill)`, 'lenient', [event]]);
cpuTasks.push(['lenient third-party corpus', 'lenient', corpus]);

const baselinePath = process.env['OCSF_BENCH_BASELINE'];
const baseline: Record<string, number> =
  baselinePath === undefined ? {} : JSON.parse(readFileSync(baselinePath, 'utf8'));
/** Rounds per task, run round-robin so that a burst of load elsewhere hits every task alike. */
const ROUNDS = 7;
const PER_ROUND = 40_000;
const samples = new Map<string, { cpu: number[]; wall: number[] }>();
for (let round = 0; round < ROUNDS; round++) {
  for (const [task, mode, events] of cpuTasks) {
    const wallStart = performance.now();
    const cpuStart = process.cpuUsage();
    for (let index = 0; index < PER_ROUND; index++)
      validateOcsfEvent(events[index % events.length], { mode });
    const cpu = process.cpuUsage(cpuStart);
    const wall = performance.now() - wallStart;
    const entry = samples.get(task) ?? { cpu: [], wall: [] };
    entry.cpu.push(PER_ROUND / ((cpu.user + cpu.system) / 1e6));
    entry.wall.push(PER_ROUND / (wall / 1000));
    samples.set(task, entry);
  }
}
const median = (values: number[]) =>
  Math.round([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!);
const measured: Record<string, number> = {};
for (const [task] of cpuTasks) measured[task] = median(samples.get(task)!.cpu);
/**
 * How much faster this machine ran than when the baseline was saved, judged by the strict rows
 * (the control: a change to lenient validation leaves them alone): their geometric mean ratio.
 * On a shared machine the load changes between two runs; dividing by it leaves the change.
 */
const strictRatios = cpuTasks
  .filter(([task, mode]) => mode === 'strict' && baseline[task] !== undefined)
  .map(([task]) => measured[task]! / baseline[task]!);
const machineFactor =
  strictRatios.length === 0
    ? 1
    : Math.exp(strictRatios.reduce((sum, ratio) => sum + Math.log(ratio), 0) / strictRatios.length);
const percent = (ratio: number) => `${Math.round(ratio * 1000) / 10}%`;
const cpuRows = [];
for (const [task] of cpuTasks) {
  const perCpuSecond = measured[task]!;
  const before = baseline[task];
  cpuRows.push({
    task,
    'events/s (wall)': median(samples.get(task)!.wall),
    'events/s per CPU-second': perCpuSecond,
    ...(baselinePath === undefined
      ? {}
      : {
          'vs baseline': before === undefined ? 'n/a' : percent(perCpuSecond / before),
          'vs baseline (strict-normalised)':
            before === undefined ? 'n/a' : percent(perCpuSecond / before / machineFactor),
        }),
  });
}
console.table(cpuRows);
const savePath = process.env['OCSF_BENCH_SAVE'];
if (savePath !== undefined) writeFileSync(savePath, `${JSON.stringify(measured, null, 2)}\n`);

// Sustained memory: one million strict validations of the mix.
const events = Object.values(built);
global.gc?.();
const start = process.memoryUsage();
let peakRss = start.rss;
let peakHeap = start.heapUsed;
const started = performance.now();
const cpuStarted = process.cpuUsage();
for (let index = 0; index < 1_000_000; index++) {
  validateOcsfEvent(events[index % events.length]);
  if (index % 50_000 === 0) {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  }
}
const elapsed = performance.now() - started;
const cpuUsed = process.cpuUsage(cpuStarted);
const end = process.memoryUsage();
console.log(
  JSON.stringify(
    {
      node: process.version,
      sustained: {
        events: 1_000_000,
        'events/s (wall)': Math.round(1_000_000 / (elapsed / 1000)),
        'events/s per CPU-second': Math.round(1_000_000 / ((cpuUsed.user + cpuUsed.system) / 1e6)),
        rssStartMb: megabytes(start.rss),
        rssPeakMb: megabytes(peakRss),
        rssEndMb: megabytes(end.rss),
        heapUsedStartMb: megabytes(start.heapUsed),
        heapUsedPeakMb: megabytes(peakHeap),
        heapUsedEndMb: megabytes(end.heapUsed),
      },
      beforeBenchRssMb: megabytes(before.rss),
    },
    null,
    2,
  ),
);
