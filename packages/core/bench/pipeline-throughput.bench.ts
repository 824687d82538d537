/**
 * Pipeline throughput: events/s through source → transform → sink, in memory and into PGlite
 * (the log sink and the checkpoints in the same database), and the cost of acknowledgement
 * tracking and checkpoint commits (with a store versus without).
 *
 * Run: `pnpm --filter @openmdr/core bench pipeline` (all core benches: `pnpm --filter @openmdr/core bench`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import {
  AcknowledgementTracker,
  type Envelope,
  logSink,
  memoryDeadLetterSink,
  openMemoryStore,
  openPgliteStore,
  runPipeline,
  type Sink,
  type Source,
  type TenantStore,
  type Transform,
} from '../src/index.js';

interface RawEvent {
  n: number;
  host: string;
  user: string;
}
interface Normalised {
  n: number;
  device: { hostname: string };
  actor: { user: { name: string } };
  severity_id: number;
}

const tenant = 'bench';

function source(count: number, batchSize: number): Source<RawEvent, number> {
  return {
    name: 'bench-source',
    async *read({ checkpoint }) {
      // Each run starts from the beginning, whatever a store committed before.
      void checkpoint;
      for (let first = 1; first <= count; first += batchSize) {
        const events: Envelope<RawEvent>[] = [];
        const last = Math.min(count, first + batchSize - 1);
        for (let n = first; n <= last; n++) {
          events.push({
            tenant,
            id: `event-${n}`,
            event: { n, host: `host-${n % 50}`, user: `user-${n % 7}` },
          });
        }
        yield { events, position: last };
      }
    },
  };
}

const normalise: Transform<RawEvent, Normalised> = {
  name: 'normalise',
  apply: (envelope) => {
    const { n, host, user } = envelope.event;
    if (n % 1000 === 0) return null; // a filter, as real pipelines have
    return {
      tenant: envelope.tenant,
      id: envelope.id,
      event: { n, device: { hostname: host }, actor: { user: { name: user } }, severity_id: n % 5 },
    };
  },
};

function countingSink(): Sink<Normalised> & { count: number } {
  return {
    name: 'count',
    count: 0,
    async write(events) {
      this.count += events.length;
      return undefined;
    },
  };
}

async function run(
  count: number,
  sink: Sink<Normalised>,
  store: TenantStore | undefined,
  concurrency: number,
) {
  const summary = await runPipeline<RawEvent, Normalised>({
    tenant,
    source: source(count, 500),
    transforms: [normalise as Transform<unknown, unknown>],
    sinks: [sink],
    deadLetter: memoryDeadLetterSink(),
    ...(store ? { store } : {}),
    concurrency,
  });
  if (summary.read !== count) throw new Error(`read ${summary.read} of ${count}`);
}

const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const rows: Record<string, string | number>[] = [];

async function measure(bench: Bench, eventsPerRun: Record<string, number>) {
  await bench.run();
  const memory = process.memoryUsage();
  for (const task of bench.tasks) {
    const result = task.result;
    if (!('latency' in result)) throw new Error(`${task.name}: ${result.state}`);
    const perRun = eventsPerRun[task.name]!;
    rows.push({
      task: task.name,
      'events/run': perRun,
      'events/s': Math.round((perRun * 1000) / result.latency.mean),
      'ms/run (mean)': Math.round(result.latency.mean * 10) / 10,
      runs: result.latency.samplesCount,
      'rss MB': megabytes(memory.rss),
      'heap MB': megabytes(memory.heapUsed),
    });
  }
}

// In memory.
const MEMORY_EVENTS = 20_000;
const memoryStore = openMemoryStore().forTenant(tenant);
const inMemory = new Bench({ time: 2000, warmup: true });
const memoryTasks: Record<string, number> = {};
for (const concurrency of [1, 4]) {
  const withStore = `memory → memory sink, checkpoints on (concurrency ${concurrency})`;
  const without = `memory → memory sink, no store: no commits (concurrency ${concurrency})`;
  memoryTasks[withStore] = MEMORY_EVENTS;
  memoryTasks[without] = MEMORY_EVENTS;
  inMemory.add(withStore, () => run(MEMORY_EVENTS, countingSink(), memoryStore, concurrency));
  inMemory.add(without, () => run(MEMORY_EVENTS, countingSink(), undefined, concurrency));
}
const TRACKED = 100_000;
memoryTasks['acknowledgement tracker alone (open + complete per batch)'] = TRACKED;
inMemory.add('acknowledgement tracker alone (open + complete per batch)', () => {
  const tracker = new AcknowledgementTracker<number>();
  const window: number[] = [];
  for (let index = 0; index < TRACKED; index++) {
    window.push(tracker.open(index));
    // Four in flight, completed out of order.
    if (window.length === 4) for (const ticket of [1, 0, 3, 2]) tracker.complete(window[ticket]!);
    if (window.length === 4) window.length = 0;
  }
});
await measure(inMemory, memoryTasks);

// Into PGlite: the log sink and the checkpoints in one embedded database.
const PGLITE_EVENTS = 5_000;
const directory = await mkdtemp(join(tmpdir(), 'openmdr-bench-'));
const pgliteMemory = await openPgliteStore();
const pgliteDirectory = await openPgliteStore({ dataDir: directory });
const pglite = new Bench({
  time: 3000,
  iterations: 3,
  warmup: true,
  warmupIterations: 1,
  warmupTime: 0,
});
const pgliteTasks: Record<string, number> = {};
for (const [label, store] of [
  ['PGlite in memory', pgliteMemory],
  ['PGlite in a directory', pgliteDirectory],
] as const) {
  const scoped = store.forTenant(tenant);
  const withStore = `memory → ${label} log sink, checkpoints on (concurrency 4)`;
  const without = `memory → ${label} log sink, no store: no commits (concurrency 4)`;
  pgliteTasks[withStore] = PGLITE_EVENTS;
  pgliteTasks[without] = PGLITE_EVENTS;
  pglite.add(withStore, () =>
    run(PGLITE_EVENTS, logSink<Normalised>(scoped, 'bench-events'), scoped, 4),
  );
  pglite.add(without, () =>
    run(PGLITE_EVENTS, logSink<Normalised>(scoped, 'bench-events'), undefined, 4),
  );
}
await measure(pglite, pgliteTasks);
await pgliteMemory.close();
await pgliteDirectory.close();
await rm(directory, { recursive: true, force: true });

console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
console.table(rows);
