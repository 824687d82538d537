/**
 * Zeek conn normalisation throughput: events/s of `normalizeZeek` on conn.log JSON lines and on
 * the same records as TSV lines, against a floor of `JSON.parse` of the same lines, measured in
 * one run on one core. Goal: ≥ 200 000 events/s. Run with `pnpm --filter
 * @openmdr/connector-zeek bench`.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { normalizeZeek } from '../src/index.js';

const GOAL = 200_000;
const fixtures = new URL('../src/__fixtures__/', import.meta.url);
const records = JSON.parse(readFileSync(new URL('conn.json', fixtures), 'utf8')) as Record<
  string,
  unknown
>[];
const tsv = readFileSync(new URL('conn.log', fixtures), 'utf8').trimEnd().split('\n');
const header = tsv.filter((line) => line.startsWith('#') && !line.startsWith('#close'));
const tsvData = tsv.filter((line) => !line.startsWith('#'));

const COUNT = 20_000;
const jsonLines: string[] = [];
const tsvLines: { text: string; header: string[]; path: string }[] = [];
for (let index = 0; index < COUNT; index += 1) {
  const record = records[index % records.length] as Record<string, unknown>;
  // Distinct uids and timestamps so that no work is shared between lines.
  jsonLines.push(JSON.stringify({ ...record, uid: `C${index}`, ts: Number(record['ts']) + index }));
  tsvLines.push({ text: tsvData[index % tsvData.length] as string, header, path: 'conn.log' });
}

function rate(name: string, run: () => void, rounds = 5): number {
  run(); // warm up
  const rates: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const start = performance.now();
    run();
    rates.push(COUNT / ((performance.now() - start) / 1000));
  }
  rates.sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)] as number;
  console.log(
    `${name.padEnd(44)} ${Math.round(median).toLocaleString('en-US').padStart(12)} events/s`,
  );
  return median;
}

let sink = 0;
const floor = rate('floor: JSON.parse of the conn lines', () => {
  for (const line of jsonLines) sink += Object.keys(JSON.parse(line) as object).length;
});
const json = rate('normalizeZeek, conn JSON lines', () => {
  for (const line of jsonLines) sink += normalizeZeek(line, 'conn')['class_uid'] as number;
});
const fromTsv = rate('normalizeZeek, conn TSV lines', () => {
  for (const line of tsvLines) sink += normalizeZeek(line, 'conn')['class_uid'] as number;
});
console.log(
  `conn JSON: ${(floor / json).toFixed(1)}× the JSON.parse floor; goal ${GOAL.toLocaleString('en-US')} events/s: ${json >= GOAL ? 'met' : 'NOT met'} (TSV ${fromTsv >= GOAL ? 'met' : 'NOT met'}) [${sink > 0 ? 'ok' : ''}]`,
);
