/**
 * The event files the CLI benchmarks read: ~100k Windows events as JSON lines, written twice
 * with the same events line for line — as exported Windows Event Log records (`winlog`,
 * `{"Event":{"System":…,"EventData":…}}`) and with flat Sigma field names (`flat`).
 *
 * Benign events come from the detections benchmark's seeded generator
 * (`packages/detections/bench/windows-event-mix.ts`); about 2% are the labelled
 * `regression-dev` samples, each remembered with the rule id that must match it, so that recall
 * and precision can be computed from the CLI's output. Deterministic: a seeded generator.
 *
 * `OPENMDR_BENCH_EVENTS=FILE` uses a real JSON-lines file instead (as both shapes, no labels:
 * throughput only).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What this module uses of the detections benchmark's generator. */
interface WindowsEventMixModule {
  seeded(seed: number): () => number;
  benignEvent(random: () => number): Record<string, unknown>;
  toWinlog(flat: Record<string, unknown>): unknown;
}

// Imported by URL at run time: the generator lives in another package's bench folder, outside
// this package's TypeScript root (a static import would put it in this package's program).
const { benignEvent, seeded, toWinlog } = (await import(
  new URL('../../detections/bench/windows-event-mix.ts', import.meta.url).href
)) as WindowsEventMixModule;

/** The event files of one run and what is known about them. */
export interface EventMix {
  /** Exported Windows Event Log records, one per line (`--input winlog`). */
  readonly winlogFile: string;
  /** The same events with flat Sigma field names (`--input flat`). */
  readonly flatFile: string;
  /** Number of event lines in each file. */
  readonly count: number;
  /** Bytes of the winlog file. */
  readonly winlogBytes: number;
  /** Bytes of the flat file. */
  readonly flatBytes: number;
  /**
   * For each labelled malicious event (by 0-based line index), the rule ids that must match it;
   * `undefined` for a real file given through `OPENMDR_BENCH_EVENTS`.
   */
  readonly labels: ReadonlyMap<number, ReadonlySet<string>> | undefined;
  /** Line indexes of the generated benign events (empty for a real file). */
  readonly benign: ReadonlySet<number>;
  /** Where the events came from, for the report. */
  readonly description: string;
}

interface LabelledSample {
  readonly flat: string;
  readonly winlog: string;
  readonly ruleIds: Set<string>;
}

interface RegressionCase {
  readonly rule_id: string;
  readonly expected: { readonly min_match_count: number };
  readonly events_file: string;
  readonly events_flat_file: string;
  readonly n_events: number;
}

/**
 * The regression samples whose every event must match the case's rule (cases where only some
 * of the events need to match are left out, since which ones is not labelled). A sample used
 * by several cases carries all their rule ids.
 */
function labelledSamples(regressionDir: string): LabelledSample[] {
  const byFlat = new Map<string, LabelledSample>();
  const cases = readFileSync(join(regressionDir, 'cases.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as RegressionCase);
  for (const entry of cases) {
    if (entry.expected.min_match_count < entry.n_events) continue;
    const flat = readFileSync(join(regressionDir, entry.events_flat_file), 'utf8')
      .trim()
      .split('\n');
    const winlog = readFileSync(join(regressionDir, entry.events_file), 'utf8').trim().split('\n');
    flat.forEach((line, index) => {
      const known = byFlat.get(line);
      if (known !== undefined) known.ruleIds.add(entry.rule_id);
      else
        byFlat.set(line, {
          flat: line,
          winlog: winlog[index] as string,
          ruleIds: new Set([entry.rule_id]),
        });
    });
  }
  return [...byFlat.values()];
}

/**
 * Writes the benchmark's event files into a fresh temporary directory: `count` events, about
 * `maliciousShare` of them labelled regression samples (a real file from
 * `OPENMDR_BENCH_EVENTS` replaces the generated mix when set).
 */
export function writeEventMix(
  regressionDir: string,
  count = 100_000,
  maliciousShare = 0.02,
): EventMix {
  const dir = mkdtempSync(join(tmpdir(), 'openmdr-bench-events-'));
  const real = process.env['OPENMDR_BENCH_EVENTS'];
  if (real !== undefined && real !== '') {
    const text = readFileSync(real, 'utf8');
    const lines = text.split('\n').filter((line) => line.trim() !== '').length;
    return {
      winlogFile: real,
      flatFile: real,
      count: lines,
      winlogBytes: Buffer.byteLength(text),
      flatBytes: Buffer.byteLength(text),
      labels: undefined,
      benign: new Set(),
      description: `${real} (OPENMDR_BENCH_EVENTS; no labels)`,
    };
  }
  const samples = labelledSamples(regressionDir);
  const random = seeded(19);
  const flat: string[] = [];
  const winlog: string[] = [];
  const labels = new Map<number, Set<string>>();
  const benign = new Set<number>();
  for (let index = 0; index < count; index++) {
    if (random() < maliciousShare) {
      const sample = samples[Math.floor(random() * samples.length)] as LabelledSample;
      flat.push(sample.flat);
      winlog.push(sample.winlog);
      labels.set(index, sample.ruleIds);
    } else {
      const event = benignEvent(random);
      flat.push(JSON.stringify(event));
      winlog.push(JSON.stringify(toWinlog(event)));
      benign.add(index);
    }
  }
  const flatText = `${flat.join('\n')}\n`;
  const winlogText = `${winlog.join('\n')}\n`;
  const flatFile = join(dir, 'events-flat.jsonl');
  const winlogFile = join(dir, 'events-winlog.jsonl');
  writeFileSync(flatFile, flatText);
  writeFileSync(winlogFile, winlogText);
  return {
    winlogFile,
    flatFile,
    count,
    winlogBytes: Buffer.byteLength(winlogText),
    flatBytes: Buffer.byteLength(flatText),
    labels,
    benign,
    description: `${count.toLocaleString('en-US')} generated events, ${labels.size} labelled regression-dev samples (${samples.length} distinct)`,
  };
}
