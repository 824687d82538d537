import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** One side of a comparison: what one round does, with untimed setup and teardown. */
export interface BenchCase<T> {
  /** The row's name. */
  name: string;
  /** Handles the events; returns how many (checked against the count). */
  run: (context: T) => Promise<number> | number;
  /** Makes a round's context (a seeded simulator, input lines), outside the timing. */
  setup: () => Promise<T> | T;
  /** Releases the round's context, outside the timing. */
  teardown?: (context: T) => Promise<void> | void;
}

/** The figures of one side. */
export interface BenchResult {
  /** The case's name. */
  name: string;
  /** Events per second (median round). */
  rate: number;
  /** Bytes per second, when the comparison was given its byte count. */
  bytesRate?: number;
  /** Growth of RSS across a round, MB (median). */
  rssMb: number;
  /** Growth of `heapUsed` across a round, MB (median). */
  heapMb: number;
}

/** A case and the floor it was measured against. */
export interface BenchComparison {
  /** The case. */
  result: BenchResult;
  /** The floor (the same input handled by the least a program could do). */
  floor: BenchResult;
}

/** Options of {@link compareWithFloor}. */
export interface CompareOptions {
  /** Measured rounds of each side, after a warm-up round each. Default 5. */
  rounds?: number;
  /** The bytes one round handles, for a MB/s column. */
  bytes?: number;
}

let collect: (() => void) | undefined;
/** A full GC between rounds (V8's `gc`, exposed at first use). */
function fullGc(): void {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}

const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const mb = (bytes: number) => bytes / 1024 / 1024;

/**
 * Measures a case against its floor in the same run, as this project's benchmarks do on a
 * shared, noisy machine: the two run alternately (a warm-up round each, then `rounds` rounds
 * each), every round from a fresh `setup()` and a full GC outside the timing; a round that
 * handles other than `count` events throws. Rates are the median round's; memory is the growth
 * of RSS and of `heapUsed` across a round (median; no GC inside it).
 *
 * @example
 * ```ts
 * rows.push(await compareWithFloor(10_000,
 *   { name: 'floor: JSON.parse', setup: () => lines, run: (l) => l.map((x) => JSON.parse(x)).length },
 *   { name: 'normalise', setup: () => lines, run: (l) => l.map((x) => normalize(JSON.parse(x))).length },
 * ));
 * printComparisons('Acme', rows);
 * ```
 */
export async function compareWithFloor<F, C>(
  count: number,
  floor: BenchCase<F>,
  subject: BenchCase<C>,
  options: CompareOptions = {},
): Promise<BenchComparison> {
  const { rounds = 5, bytes } = options;
  const samples = new Map<object, { seconds: number[]; rss: number[]; heap: number[] }>();
  const round = async <T>(side: BenchCase<T>, warmUp: boolean) => {
    const context = await side.setup();
    fullGc();
    const before = process.memoryUsage();
    const start = performance.now();
    const handled = await side.run(context);
    const elapsed = (performance.now() - start) / 1000;
    const after = process.memoryUsage();
    await side.teardown?.(context);
    if (handled !== count) throw new Error(`${side.name}: handled ${handled} of ${count} events`);
    if (warmUp) return;
    const sample = samples.get(side) ?? { seconds: [], rss: [], heap: [] };
    sample.seconds.push(elapsed);
    sample.rss.push(after.rss - before.rss);
    sample.heap.push(after.heapUsed - before.heapUsed);
    samples.set(side, sample);
  };
  for (let index = 0; index <= rounds; index += 1) {
    await round(floor, index === 0);
    await round(subject, index === 0);
  }
  const resultOf = <T>(side: BenchCase<T>): BenchResult => {
    const sample = samples.get(side) as { seconds: number[]; rss: number[]; heap: number[] };
    const time = median(sample.seconds);
    return {
      name: side.name,
      rate: count / time,
      ...(bytes === undefined ? {} : { bytesRate: bytes / time }),
      rssMb: mb(median(sample.rss)),
      heapMb: mb(median(sample.heap)),
    };
  };
  return { result: resultOf(subject), floor: resultOf(floor) };
}

const count = (value: number) => Math.round(value).toLocaleString('en-US');
const line = (result: BenchResult, ratio: string) =>
  [
    result.name.padEnd(44),
    count(result.rate).padStart(11),
    ratio.padStart(7),
    (result.bytesRate === undefined ? '' : mb(result.bytesRate).toFixed(1)).padStart(7),
    result.rssMb.toFixed(1).padStart(8),
    result.heapMb.toFixed(1).padStart(8),
  ].join(' ');

/**
 * Prints comparisons as a table: events/s, ratio (floor ÷ case: how many times slower than the
 * floor), MB/s, RSS and heap growth, each case followed by its floor, under a title naming
 * Node, the CPUs and the load average.
 */
export function printComparisons(title: string, rows: readonly BenchComparison[], note = ''): void {
  console.log(
    `${title} — Node ${process.version}, ${cpus().length} CPUs, load ${loadavg()[0]?.toFixed(1)}${note ? `; ${note}` : ''}; ratio = floor ÷ case (higher is slower)`,
  );
  console.log(
    `${'case'.padEnd(44)} ${'events/s'.padStart(11)} ${'ratio'.padStart(7)} ${'MB/s'.padStart(7)} ${'RSS+MB'.padStart(8)} ${'heap+MB'.padStart(8)}`,
  );
  for (const { result, floor } of rows) {
    console.log(line(result, `${(floor.rate / result.rate).toFixed(1)}×`));
    console.log(line({ ...floor, name: `  ${floor.name}` }, ''));
  }
}
