/**
 * OCSF validation throughput and memory, strict and lenient, for realistic Process Activity,
 * Authentication and Detection Finding events (one thread = one core).
 *
 * Run: `pnpm --filter @openmdr/core bench` (or `pnpm bench` in packages/core).
 */
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
// does, even when the machine is shared), for each event and mode.
const cpuRows = [];
for (const [name, event] of Object.entries(built)) {
  for (const mode of ['strict', 'lenient'] as const) {
    const count = 200_000;
    const wallStart = performance.now();
    const cpuStart = process.cpuUsage();
    for (let index = 0; index < count; index++) validateOcsfEvent(event, { mode });
    const cpu = process.cpuUsage(cpuStart);
    const wall = performance.now() - wallStart;
    cpuRows.push({
      task: `${mode} ${name}`,
      'events/s (wall)': Math.round(count / (wall / 1000)),
      'events/s per CPU-second': Math.round(count / ((cpu.user + cpu.system) / 1e6)),
    });
  }
}
console.table(cpuRows);

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
