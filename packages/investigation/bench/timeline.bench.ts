/**
 * Super-timeline benchmark: 1,000,000 OCSF process, network and file events (set `EVENTS` to
 * change) derived from real records — the EVTX-ATTACK-SAMPLES conversion at
 * /tmp/evtx/evtx-attack.jsonl when present (set `EVTX_JSONL` to point elsewhere), else the
 * committed excerpt test/fixtures/evtx-attack-excerpt.jsonl — normalised by
 * @openmdr/connector-windows, then repeated with every copy shifted in time (copies in a
 * scrambled order, so the input is not sorted) and given its own `metadata.uid`. Events are made
 * on the fly, never held all at once.
 *
 * Measured, each against a floor taken in the same run (the same events through JSON.stringify and
 * JSON.parse): `timelineEntry` per event; the whole export path — entries, `sortTimelineExternally`
 * (runs spilled to a temporary directory) and `streamTimelineCsv` written to a file — with its
 * peak RSS; and `createGraphBuilder().add` over the same events.
 *
 * Run: `pnpm --filter @openmdr/investigation bench` (or `npx tsx --conditions=@openmdr/source
 * --expose-gc packages/investigation/bench/timeline.bench.ts`).
 */
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalizeWindowsEvent } from '@openmdr/connector-windows';
import {
  createGraphBuilder,
  sortTimelineExternally,
  streamTimelineCsv,
  type TimelineEntry,
  timelineEntry,
} from '../src/index.js';

type Event = Record<string, unknown>;
const KEPT_CLASSES = new Set([1007, 4001, 1001]);
const total = Number(process.env.EVENTS ?? 1_000_000);
const chunkSize = Number(process.env.CHUNK ?? 50_000);

const full = process.env.EVTX_JSONL ?? '/tmp/evtx/evtx-attack.jsonl';
const input = existsSync(full)
  ? full
  : join(import.meta.dirname, '..', 'test', 'fixtures', 'evtx-attack-excerpt.jsonl');
const samples: Event[] = [];
for (const line of readFileSync(input, 'utf8').split('\n')) {
  if (line.trim() === '') continue;
  try {
    const event = normalizeWindowsEvent(JSON.parse(line)) as Event;
    if (KEPT_CLASSES.has(event.class_uid as number)) samples.push(event);
  } catch {
    // records the normaliser rejects are not part of this benchmark
  }
}
const times = samples.map((event) => event.time as number);
const span = Math.max(...times) - Math.min(...times) + 1;
const copies = Math.ceil(total / samples.length);

/** The benchmark's events: copy k of sample i, shifted by a scrambled multiple of the span. */
function* events(): Generator<Event> {
  for (let index = 0; index < total; index += 1) {
    const sample = samples[index % samples.length] as Event;
    const copy = Math.floor(index / samples.length);
    const shift = ((copy * 7919) % copies) * span;
    const metadata = sample.metadata as Event;
    yield {
      ...sample,
      time: (sample.time as number) + shift,
      metadata: { ...metadata, uid: `${String(metadata.uid)}-${copy}` },
    };
  }
}

let peakRss = 0;
function sampleRss(): void {
  const rss = process.memoryUsage().rss;
  if (rss > peakRss) peakRss = rss;
}
function resetRss(): void {
  globalThis.gc?.();
  peakRss = process.memoryUsage().rss;
}

interface Row {
  task: string;
  events: number;
  seconds: string;
  'events/s': string;
  'x floor': string;
  'peak RSS MB': string;
}
const rows: Row[] = [];
let floorRate = 0;
function record(task: string, ms: number): void {
  const rate = total / (ms / 1000);
  if (floorRate === 0) floorRate = rate;
  rows.push({
    task,
    events: total,
    seconds: (ms / 1000).toFixed(1),
    'events/s': Math.round(rate).toLocaleString('en-US'),
    'x floor': (floorRate / rate).toFixed(2),
    'peak RSS MB': (peakRss / 1048576).toFixed(0),
  });
}

// Floor: the same events through JSON.stringify and JSON.parse.
resetRss();
let sink = 0;
let started = performance.now();
let count = 0;
for (const event of events()) {
  sink += (JSON.parse(JSON.stringify(event)) as Event).class_uid as number;
  if (++count % 10_000 === 0) sampleRss();
}
record('floor: JSON.stringify + JSON.parse', performance.now() - started);

// Timeline entries.
resetRss();
started = performance.now();
count = 0;
for (const event of events()) {
  sink += timelineEntry(event).summary.length;
  if (++count % 10_000 === 0) sampleRss();
}
record('timelineEntry', performance.now() - started);

// Entries → external sort → CSV file.
resetRss();
const directory = await mkdtemp(join(tmpdir(), 'openmdr-timeline-bench-'));
const csvPath = join(directory, 'timeline.csv');
let csvBytes = 0;
try {
  started = performance.now();
  async function* entries(): AsyncGenerator<TimelineEntry> {
    let made = 0;
    for (const event of events()) {
      yield timelineEntry(event);
      if (++made % 10_000 === 0) sampleRss();
    }
  }
  const out = createWriteStream(csvPath);
  let previous = Number.NEGATIVE_INFINITY;
  let lines = 0;
  let buffer = '';
  let first = true;
  for await (const line of streamTimelineCsv(
    (async function* () {
      for await (const entry of sortTimelineExternally(entries(), {
        chunkSize,
        tmpDir: directory,
      })) {
        if (entry.time < previous) throw new Error('the external sort gave entries out of order');
        previous = entry.time;
        yield entry;
      }
    })(),
  )) {
    buffer += line;
    if (!first) lines += 1;
    first = false;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer))
        await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      buffer = '';
      sampleRss();
    }
  }
  out.end(buffer);
  await new Promise<void>((resolve) => out.once('finish', () => resolve()));
  if (lines !== total) throw new Error(`the CSV has ${lines} rows, not ${total}`);
  record(
    `entries + sortTimelineExternally (chunk ${chunkSize}) + CSV file`,
    performance.now() - started,
  );
  csvBytes = (await stat(csvPath)).size;
} finally {
  await rm(directory, { recursive: true, force: true });
}

// Graph build over the same events (createGraphBuilder from the graph module).
resetRss();
started = performance.now();
count = 0;
const builder = createGraphBuilder();
for (const event of events()) {
  builder.add(event);
  if (++count % 10_000 === 0) sampleRss();
}
const graph = builder.graph();
sampleRss();
record('createGraphBuilder().add', performance.now() - started);

console.table(rows);
console.log(
  `input ${input} (${samples.length} process/network/file events, ${copies} shifted copies); ` +
    `CSV ${(csvBytes / 1048576).toFixed(0)} MB; graph ${graph.nodes.length} nodes, ${graph.edges.length} edges; ` +
    `process max RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; node ${process.version}` +
    `${globalThis.gc === undefined ? ' (without --expose-gc: RSS baselines include garbage)' : ''}; sink ${sink > 0}`,
);
