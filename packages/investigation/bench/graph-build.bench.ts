/**
 * Investigation graph benchmark: the committed EVTX-ATTACK-SAMPLES excerpts, normalised by
 * @openmdr/connector-windows, cycled to 1,000,000 events (set `EVENTS` to change) through
 * `createGraphBuilder` and `assessInvestigation`, against a floor measured in the same run (one
 * pass reading each event's class, time and id). Heap is sampled after 10% and after 100% of the
 * events: the graph holds entities and relations, not events, so it should not grow between them.
 *
 * Run: `pnpm --filter @openmdr/investigation bench`
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeWindowsEvent } from '@openmdr/connector-windows';
import { assessInvestigation, createGraphBuilder, eventEntryId } from '../src/index.js';

const directory = join(import.meta.dirname, '..', 'test', 'fixtures', 'evtx-attack-samples');
const samples: Record<string, unknown>[] = [];
for (const file of readdirSync(directory)
  .filter((name) => name.endsWith('.jsonl'))
  .sort()) {
  for (const line of readFileSync(join(directory, file), 'utf8').split('\n')) {
    if (line.trim() !== '')
      samples.push(normalizeWindowsEvent(JSON.parse(line)) as Record<string, unknown>);
  }
}
const total = Number(process.env.EVENTS ?? 1_000_000);
const ids = samples.map((event) => eventEntryId(event));

function heapMb(): number {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 1048576;
}

// Floor: one pass touching what every consumer reads.
let sink = 0;
let started = performance.now();
for (let index = 0; index < total; index += 1) {
  const event = samples[index % samples.length] as Record<string, unknown>;
  sink +=
    (event.class_uid as number) +
    (typeof event.time === 'number' ? 1 : 0) +
    (ids[index % ids.length]?.length ?? 0);
}
const floorMs = performance.now() - started;

const builder = createGraphBuilder();
const heapBefore = heapMb();
let heapAtTenth = 0;
started = performance.now();
for (let index = 0; index < total; index += 1) {
  builder.add(samples[index % samples.length] as Record<string, unknown>, ids[index % ids.length]);
  if (index + 1 === Math.floor(total / 10)) heapAtTenth = heapMb();
}
const graph = builder.graph();
const buildMs = performance.now() - started;
const heapAtEnd = heapMb();

const assessCount = Math.min(total, 200_000);
const assessEvents = Array.from(
  { length: assessCount },
  (_, index) => samples[index % samples.length] as Record<string, unknown>,
);
started = performance.now();
const assessment = assessInvestigation({ events: assessEvents, graph });
const assessMs = performance.now() - started;

const rate = (count: number, ms: number): string =>
  Math.round(count / (ms / 1000)).toLocaleString('en-US');
console.table([
  { task: 'floor (read class, time, id)', events: total, 'events/s': rate(total, floorMs) },
  { task: 'createGraphBuilder().add', events: total, 'events/s': rate(total, buildMs) },
  { task: 'assessInvestigation', events: assessCount, 'events/s': rate(assessCount, assessMs) },
]);
console.log(
  `${samples.length} distinct events; graph ${graph.nodes.length} nodes, ${graph.edges.length} edges; ` +
    `heap ${heapBefore.toFixed(0)} MB before, ${heapAtTenth.toFixed(0)} MB after ${Math.floor(total / 10)} events, ${heapAtEnd.toFixed(0)} MB after ${total}` +
    `${globalThis.gc === undefined ? ' (run with --expose-gc for exact heap figures)' : ''}; ` +
    `${assessment.impact.length} impact markers; node ${process.version}; sink ${sink > 0}`,
);
